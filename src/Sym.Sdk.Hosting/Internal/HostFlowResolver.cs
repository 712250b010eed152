using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Flows;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>
/// Supplies the code of the flows configured under <c>Sym:Flows</c>: a configured flow's strategy by its
/// <c>Strategy:Type</c>, and its implementation by <c>Implementation</c> (or the flow's name), through the engine's public
/// <see cref="FlowResolver"/>. Each type is made once, shared by every flow that names it.
/// </summary>
internal sealed class HostFlowResolver(HostFlowCatalog catalog, IConfiguration configuration) : FlowResolver
{
    private readonly Dictionary<Type, object> _created = [];

    /// <summary>The name of the registered implementation a configured flow uses, or <see langword="null"/> for the built-in one.</summary>
    public static string? ImplementationName(HostFlowCatalog catalog, IConfiguration configuration, string flow, string path)
    {
        if (configuration[$"{path}:Implementation"] is { Length: > 0 } named)
        {
            return named;
        }

        return catalog.Implementations.ContainsKey(flow) ? flow : null;
    }

    public override FlowImplementation ResolveImplementation(FlowRegistration flow, FlowOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(services);
        Type type = catalog.ConfiguredFlows.TryGetValue(flow.Name, out string? path) && ImplementationName(catalog, configuration, flow.Name, path) is { } name
            ? catalog.Implementations[name]
            : typeof(ConfiguredFlowImplementation);
        return (FlowImplementation)Resolve(services, type);
    }

    public override AccessStrategy? ResolveStrategy(FlowRegistration flow, FlowOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        return catalog.ConfiguredFlows.ContainsKey(flow.Name) && options.Strategy.Type is { } named && catalog.Strategies.GetValueOrDefault(named) is { } type
            ? (AccessStrategy)Resolve(services, type)
            : null;
    }

    /// <summary>A registered service, else one instance per type made with DI (the built-in strategies are not registered).</summary>
    private object Resolve(IServiceProvider sp, Type type)
    {
        if (sp.GetService(type) is { } registered)
        {
            return registered;
        }

        lock (_created)
        {
            if (!_created.TryGetValue(type, out object? instance))
            {
                _created[type] = instance = ActivatorUtilities.CreateInstance(sp, type);
            }

            return instance;
        }
    }
}
