using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk;
using Sym.Sdk.DependencyInjection.Internal;
using Sym.Sdk.Flows;
using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Sym engine, its flows and their code with dependency injection.</summary>
public static class SymServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Sym engine (<see cref="SymEngine"/>, <see cref="SymScheduler"/>), the in-memory store (as
    /// <see cref="ISymStore"/> and each of its parts, unless another is registered), a notifier that counts every message as
    /// delivered and keeps none (unless another <see cref="ISymNotifier"/> is registered, such as Slack's) and
    /// <see cref="TimeProvider.System"/> (unless another is). Calling it again is
    /// harmless. Add flows with <see cref="SymBuilder.AddFlow{TImplementation}"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures engine-wide settings, or <see langword="null"/>.</param>
    /// <returns>A builder to add flows.</returns>
    public static SymBuilder AddSym(this IServiceCollection services, Action<SymOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        FlowRegistry registry = FindRegistry(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddOptions<SymOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SymOptions>, SymOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlowOptions>, FlowOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InMemorySymStore>();
        services.TryAddSingleton<ISymStore>(static sp => sp.GetRequiredService<InMemorySymStore>());
        services.TryAddSingleton<ISymRunStore>(static sp => sp.GetRequiredService<ISymStore>());
        services.TryAddSingleton<ISymAuditLog>(static sp => sp.GetRequiredService<ISymStore>());
        services.TryAddSingleton<ISymTimerStore>(static sp => sp.GetRequiredService<ISymStore>());
        services.TryAddSingleton<ISymIdentityStore>(static sp => sp.GetRequiredService<ISymStore>());
        services.TryAddSingleton<ISymOutbox>(static sp => sp.GetRequiredService<ISymStore>());
        services.TryAddSingleton<ISymInbox>(static sp => sp.GetRequiredService<ISymStore>());
        services.TryAddSingleton<ISymNotifier, DiscardingNotifier>();
        services.TryAddSingleton(static sp => CreateEngine(sp));
        services.TryAddSingleton<SymScheduler>();
        services.TryAddSingleton<ISymEngineAccessor, SymEngineAccessor>();
        return new SymBuilder(services, registry);
    }

    private static FlowRegistry FindRegistry(IServiceCollection services)
    {
        foreach (ServiceDescriptor d in services)
        {
            if (d.ServiceType == typeof(FlowRegistry) && d.ImplementationInstance is FlowRegistry existing)
            {
                return existing;
            }
        }

        var registry = new FlowRegistry();
        services.AddSingleton(registry);
        return registry;
    }

    // What the engine being created on this thread is resolving. The container resolves a singleton's dependencies on the
    // thread that asked for it, so a constructor that needs the engine (directly or through another service) comes back
    // here on the same thread; without this guard the container waits on the engine's own creation forever.
    [ThreadStatic]
    private static string? t_resolving;

    private static SymEngine CreateEngine(IServiceProvider sp)
    {
        if (t_resolving is { } resolving)
        {
            throw new SymException(SymErrorCodes.EngineDependencyCycle,
                $"Creating the SymEngine needs the SymEngine: {resolving} takes SymEngine in its constructor (directly or through a service it depends on), a cycle the container cannot resolve.",
                "Take ISymEngineAccessor instead of SymEngine, and read its Engine when a hook or reducer runs (not in the constructor).");
        }

        try
        {
            t_resolving = "the engine's store and notifier";
            return CreateEngineCore(sp);
        }
        finally
        {
            t_resolving = null;
        }
    }

    private static SymEngine CreateEngineCore(IServiceProvider sp)
    {
        FlowRegistry registry = sp.GetRequiredService<FlowRegistry>();
        IOptionsMonitor<FlowOptions> flowOptions = sp.GetRequiredService<IOptionsMonitor<FlowOptions>>();
        var definitions = new List<FlowDefinition>(registry.Flows.Count);
        FlowResolver? resolver = sp.GetService<FlowResolver>();
        foreach (FlowRegistration r in registry.Flows)
        {
            FlowOptions options = flowOptions.Get(r.Name); // validates; throws OptionsValidationException naming every bad setting
            t_resolving = $"flow '{r.Name}''s strategy{(r.StrategyType is { } st ? $" ({st.FullName})" : string.Empty)}";
            // No strategy: an approval-only flow, when it says so (Strategy:Type "none") or nothing could supply one.
            AccessStrategy? strategy = r.StrategyType is { } strategyType
                ? (AccessStrategy)sp.GetRequiredService(strategyType)
                : string.Equals(options.Strategy.Type, FlowStrategyOptions.NoStrategy, StringComparison.Ordinal) || resolver is null
                    ? null
                    : resolver.ResolveStrategy(r, options, sp) ?? throw new SymException(SymErrorCodes.InvalidFlow, $"Flow '{r.Name}' has no strategy.",
                        $"Set {r.ConfigurationPath}:Strategy:Type to a registered strategy (or to \"{FlowStrategyOptions.NoStrategy}\" for an approval-only flow), or call flow.UseStrategy<TStrategy>().");
            t_resolving = $"flow '{r.Name}''s implementation{(r.ImplementationType is { } it ? $" ({it.FullName})" : string.Empty)}";
            FlowImplementation implementation = r.ImplementationType is { } implementationType
                ? (FlowImplementation)sp.GetRequiredService(implementationType)
                : resolver?.ResolveImplementation(r, options, sp) ?? throw new SymException(SymErrorCodes.InvalidFlow,
                    $"Flow '{r.Name}' has no implementation.", "Register a FlowResolver, or add the flow with AddFlow<TImplementation>(name, …).");
            definitions.Add(FlowDefinition.Create(r.Name, r.ConfigurationPath, options, implementation, strategy));
        }

        t_resolving = "the engine's store, notifier or clock";

        return new SymEngine(
            definitions,
            sp.GetRequiredService<ISymStore>(),
            sp.GetRequiredService<ISymNotifier>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<SymOptions>>().Value,
            sp.GetService<ILoggerFactory>()?.CreateLogger<SymEngine>(),
            sp.GetService<IMeterFactory>());
    }
}
