using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.DependencyInjection.Internal;
using Sym.Sdk.Flows;
using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>
/// Builds the engine from the flows added in code and those configured under <c>Sym:Flows</c>, resolving a configured
/// flow's strategy by its <c>Strategy:Type</c> and its implementation by <c>Implementation</c> (or the flow's name).
/// </summary>
internal static class HostEngineFactory
{
    /// <summary>The name of the registered implementation a configured flow uses, or <see langword="null"/> for the built-in one.</summary>
    public static string? ImplementationName(HostFlowCatalog catalog, IConfiguration configuration, string flow, string path)
    {
        if (configuration[$"{path}:Implementation"] is { Length: > 0 } named)
        {
            return named;
        }

        return catalog.Implementations.ContainsKey(flow) ? flow : null;
    }

    public static SymEngine Create(IServiceProvider sp)
    {
        FlowRegistry registry = sp.GetRequiredService<FlowRegistry>();
        HostFlowCatalog catalog = sp.GetRequiredService<HostFlowCatalog>();
        IConfiguration configuration = sp.GetRequiredService<IConfiguration>();
        IOptionsMonitor<FlowOptions> flowOptions = sp.GetRequiredService<IOptionsMonitor<FlowOptions>>();
        var definitions = new List<FlowDefinition>(registry.Flows.Count);
        var created = new Dictionary<Type, object>();
        foreach (FlowRegistration r in registry.Flows)
        {
            FlowOptions options = flowOptions.Get(r.Name); // validates; throws OptionsValidationException naming every bad setting
            Type? strategyType = r.StrategyType;
            Type implementationType = r.ImplementationType;
            if (catalog.ConfiguredFlows.TryGetValue(r.Name, out string? path))
            {
                strategyType ??= catalog.Strategies.GetValueOrDefault(options.Strategy.Type);
                if (implementationType == typeof(object))
                {
                    implementationType = ImplementationName(catalog, configuration, r.Name, path) is { } name
                        ? catalog.Implementations[name]
                        : typeof(ConfiguredFlowImplementation);
                }
            }

            if (strategyType is null)
            {
                throw new SymException("SymSDK:INVALID_FLOW", $"Flow '{r.Name}' has no strategy.",
                    $"Set {r.ConfigurationPath}:Strategy:Type to a registered strategy, or call flow.UseStrategy<TStrategy>().");
            }

            var implementation = (FlowImplementation)Resolve(sp, implementationType, created);
            var strategy = (AccessStrategy)Resolve(sp, strategyType, created);
            definitions.Add(FlowDefinition.Create(r.Name, r.ConfigurationPath, options, implementation, strategy));
        }

        return SymServiceCollectionExtensions.CreateEngine(sp, definitions);
    }

    /// <summary>A registered service, else one instance per type made with DI (the built-in strategies are not registered).</summary>
    private static object Resolve(IServiceProvider sp, Type type, Dictionary<Type, object> created)
    {
        if (sp.GetService(type) is { } registered)
        {
            return registered;
        }

        if (!created.TryGetValue(type, out object? instance))
        {
            created[type] = instance = ActivatorUtilities.CreateInstance(sp, type);
        }

        return instance;
    }
}
