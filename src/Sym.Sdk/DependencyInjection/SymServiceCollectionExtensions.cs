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
using Sym.Sdk.Secrets;
using Sym.Sdk.Secrets.Internal;
using Microsoft.Extensions.Configuration;
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
        EnvironmentRegistry environments = FindInstance<EnvironmentRegistry>(services) ?? AddInstance(services, new EnvironmentRegistry());
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
        services.TryAddSingleton(static sp => CreateSecretResolver(sp));
        return new SymBuilder(services, registry, environments);
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

    private static T? FindInstance<T>(IServiceCollection services)
        where T : class
    {
        foreach (ServiceDescriptor d in services)
        {
            if (d.ServiceType == typeof(T) && d.ImplementationInstance is T existing)
            {
                return existing;
            }
        }

        return null;
    }

    private static T AddInstance<T>(IServiceCollection services, T instance)
        where T : class
    {
        services.AddSingleton(instance);
        return instance;
    }

    private static SecretResolver CreateSecretResolver(IServiceProvider sp)
    {
        var providers = new List<ISymSecretProvider> { new EnvironmentVariableSecretProvider() };
        if (sp.GetService<IConfiguration>() is { } configuration)
        {
            providers.Add(new ConfigurationSecretProvider(configuration));
        }

        providers.AddRange(sp.GetServices<ISymSecretProvider>()); // registered later, so a provider of the same name wins
        return new SecretResolver(providers);
    }

    private static Dictionary<string, SymEnvironment> CompileEnvironments(IServiceProvider sp, SecretResolver secrets)
    {
        EnvironmentRegistry registry = sp.GetRequiredService<EnvironmentRegistry>();
        IOptionsMonitor<EnvironmentOptions> monitor = sp.GetRequiredService<IOptionsMonitor<EnvironmentOptions>>();
        var environments = new Dictionary<string, SymEnvironment>(StringComparer.Ordinal)
        {
            [EnvironmentOptions.DefaultName] = EnvironmentCompiler.Default,
        };
        foreach (KeyValuePair<string, string> e in registry.Paths)
        {
            environments[e.Key] = EnvironmentCompiler.Compile(e.Key, e.Value, monitor.Get(e.Key), secrets);
        }

        return environments;
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

    /// <summary>
    /// Creates a flow's strategy or implementation; a service its constructor needs that nobody registered (the Okta,
    /// AWS, GitHub or PagerDuty client of a strategy named in configuration, say) is a typed error naming the flow, not
    /// the container's <see cref="InvalidOperationException"/>.
    /// </summary>
    private static T? Resolve<T>(FlowRegistration r, string part, Func<T?> create) where T : class
    {
        try
        {
            return create();
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Unable to resolve service", StringComparison.Ordinal))
        {
            throw new SymException(SymErrorCodes.InvalidFlow,
                $"Flow '{r.Name}''s {part} could not be created: {e.Message}",
                "Register the service it names: for a vendor strategy, its client (services.AddSymOkta/AddSymAws…/AddSymGitHub/AddSymPagerDuty, or the Sym:Okta, Sym:Aws, Sym:GitHub, Sym:PagerDuty section in a host).",
                e);
        }
    }

    private static SymEngine CreateEngineCore(IServiceProvider sp)
    {
        FlowRegistry registry = sp.GetRequiredService<FlowRegistry>();
        IOptionsMonitor<FlowOptions> flowOptions = sp.GetRequiredService<IOptionsMonitor<FlowOptions>>();
        var definitions = new List<FlowDefinition>(registry.Flows.Count);
        SecretResolver secrets = sp.GetRequiredService<SecretResolver>();
        Dictionary<string, SymEnvironment> environments = CompileEnvironments(sp, secrets);
        FlowResolver? resolver = sp.GetService<FlowResolver>();
        foreach (FlowRegistration r in registry.Flows)
        {
            FlowOptions options = flowOptions.Get(r.Name); // validates; throws OptionsValidationException naming every bad setting
            t_resolving = $"flow '{r.Name}''s strategy{(r.StrategyType is { } st ? $" ({st.FullName})" : string.Empty)}";
            // No strategy: an approval-only flow, when it says so (Strategy:Type "none") or nothing could supply one.
            AccessStrategy? strategy = Resolve(r, "strategy", () => r.StrategyType is { } strategyType
                ? (AccessStrategy)sp.GetRequiredService(strategyType)
                : string.Equals(options.Strategy.Type, FlowStrategyOptions.NoStrategy, StringComparison.Ordinal) || resolver is null
                    ? null
                    : resolver.ResolveStrategy(r, options, sp) ?? throw new SymException(SymErrorCodes.InvalidFlow, $"Flow '{r.Name}' has no strategy.",
                        $"Set {r.ConfigurationPath}:Strategy:Type to a registered strategy (or to \"{FlowStrategyOptions.NoStrategy}\" for an approval-only flow), or call flow.UseStrategy<TStrategy>()."));
            t_resolving = $"flow '{r.Name}''s implementation{(r.ImplementationType is { } it ? $" ({it.FullName})" : string.Empty)}";
            FlowImplementation implementation = Resolve(r, "implementation", () => r.ImplementationType is { } implementationType
                ? (FlowImplementation)sp.GetRequiredService(implementationType)
                : resolver?.ResolveImplementation(r, options, sp) ?? throw new SymException(SymErrorCodes.InvalidFlow,
                    $"Flow '{r.Name}' has no implementation.", "Register a FlowResolver, or add the flow with AddFlow<TImplementation>(name, …)."))!;
            if (!environments.TryGetValue(options.Environment, out SymEnvironment? environment))
            {
                throw new SymException(SymErrorCodes.UnknownEnvironment,
                    $"{r.ConfigurationPath}:Environment is '{options.Environment}', which was not added (known: {string.Join(", ", environments.Keys.Order(StringComparer.Ordinal))}).",
                    $"Add it with services.AddSym().AddEnvironment(\"{options.Environment}\", …), or under Sym:Environments:{options.Environment} in a host.");
            }

            definitions.Add(FlowDefinition.Create(r.Name, r.ConfigurationPath, options, implementation, strategy, environment, secrets));
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
