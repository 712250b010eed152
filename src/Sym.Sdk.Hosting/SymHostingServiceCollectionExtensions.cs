using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Hosting;
using Sym.Sdk.Hosting.Internal;
using Sym.Sdk.Hosting.Internal.Slack;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Integrations.Aws.Strategies;
using Sym.Sdk.Integrations.GitHub;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Integrations.PagerDuty;
using Sym.Sdk.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Sym host: the engine with configured flows, its scheduler, health checks and the JSON API's authentication.</summary>
public static class SymHostingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Sym host. It registers the engine (<c>AddSym</c>) with engine settings from <c>Sym:Engine</c>; every flow
    /// under <c>Sym:Flows:&lt;name&gt;</c> (bound to <see cref="FlowOptions"/>, plus <c>Implementation</c> and
    /// <c>Approvers</c>; a flow already added in code with <c>AddFlow</c> is left to it) and every environment under
    /// <c>Sym:Environments:&lt;name&gt;</c> (bound to <see cref="EnvironmentOptions"/>: integrations and their secrets), validated on start with
    /// messages naming the setting's path; the engine's
    /// <see cref="SymScheduler"/> as a hosted service; health checks of the store (it answers reads and takes writes) and of
    /// the scheduler (it completed a tick within <c>Sym:Engine:SchedulerStallTimeout</c>), mapped by <c>MapSymHealth</c>; and API-key
    /// authentication for <c>MapSymApi</c> from <c>Sym:Api</c>. Without chat configured, notifications go to the log.
    /// Strategies <c>okta</c>, <c>aws_iam</c>, <c>aws_sso</c>, <c>aws_lambda</c> and <c>github</c> are known; their clients are
    /// added from <c>Sym:Okta</c> (<c>OktaOptions</c>), <c>Sym:Aws</c> (<c>AwsOptions</c>: IAM, Identity Center, Identity Store
    /// and Lambda) and <c>Sym:GitHub</c> (<c>GitHubOptions</c>) when those sections exist, else by your own
    /// <c>AddSymOkta</c>/<c>AddSymAws…</c>/<c>AddSymGitHub</c>; likewise the PagerDuty client (<c>IPagerDutyClient</c>, for
    /// flows' hooks) from <c>Sym:PagerDuty</c> (<c>PagerDutyOptions</c>). Calling it again is harmless.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The app's configuration, to find the configured flows.</param>
    /// <param name="configure">Registers strategies and flow implementations configured flows name, or <see langword="null"/>.</param>
    /// <returns>A builder to register strategies and flow implementations.</returns>
    public static SymHostingBuilder AddSymHosting(this IServiceCollection services, IConfiguration configuration, Action<SymHostingBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        bool first = FindCatalog(services) is null;
        HostFlowCatalog catalog = FindCatalog(services) ?? new HostFlowCatalog();
        services.TryAddSingleton<ISymNotifier, LoggingNotifier>();
        SymBuilder sym = services.AddSym();
        var builder = new SymHostingBuilder(services, sym, catalog, configuration);
        if (first)
        {
            services.AddSingleton(catalog);
            // A host fires due timers 16 at a time, so a burst of expiries shares the durable store's commits
            // (Sym:Engine:TimerConcurrency overrides it).
            services.AddOptions<SymOptions>().Configure(static o => o.TimerConcurrency = SymHostingDefaults.TimerConcurrency);
            sym.BindConfiguration(SymHostingDefaults.EngineSection); // validation names Sym:Engine:…
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlowOptions>, HostFlowValidator>());
            services.TryAddSingleton<ConfiguredFlowImplementation>();
            services.TryAddSingleton<FlowResolver, HostFlowResolver>();
            services.AddHostedService<SymSchedulerService>();
            services.AddHealthChecks()
                .AddCheck<SymStoreHealthCheck>("sym-store", tags: [SymHostingDefaults.HealthTag])
                .AddCheck<SymSchedulerHealthCheck>("sym-scheduler", tags: [SymHostingDefaults.HealthTag]);
            services.AddOptions<SymApiOptions>().BindConfiguration(SymHostingDefaults.ApiSection).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SymApiOptions>, SymApiOptionsValidator>());
            services.TryAddSingleton<ApiKeyVerifier>();
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(SymApiKeys.AuthenticationScheme, null);
            services.AddAuthorizationBuilder().AddPolicy(SymHostingDefaults.ApiPolicy, policy =>
                policy.AddAuthenticationSchemes(SymApiKeys.AuthenticationScheme).RequireAuthenticatedUser());
            services.AddProblemDetails();
            // Known by name only: constructed when a flow uses one, so a host without Okta, AWS or GitHub clients still validates.
            catalog.Strategies["okta"] = typeof(OktaGroupStrategy);
            catalog.Strategies["aws_iam"] = typeof(AwsIamGroupStrategy);
            catalog.Strategies["aws_sso"] = typeof(AwsSsoStrategy);
            catalog.Strategies["aws_lambda"] = typeof(AwsLambdaStrategy);
            catalog.Strategies["github"] = typeof(GitHubStrategy);
            AddSlack(services, sym, configuration);
            AddOkta(services, configuration);
            AddAws(services, configuration);
            AddPagerDuty(services, configuration);
            AddGitHub(services, configuration);
        }

        foreach (IConfigurationSection environment in configuration.GetSection(SymHostingDefaults.EnvironmentsSection).GetChildren())
        {
            if (catalog.ConfiguredEnvironments.TryAdd(environment.Key, environment.Path))
            {
                sym.AddConfiguredEnvironment(environment.Key, environment.Path); // once: binding again would append its secrets twice
            }
        }

        FlowRegistry registry = sym.Flows;
        foreach (IConfigurationSection flow in configuration.GetSection(SymHostingDefaults.FlowsSection).GetChildren())
        {
            if (registry.Find(flow.Key) is { ImplementationType: not null })
            {
                continue; // added in code (AddFlow): its own Bind/BindConfiguration reads the section
            }

            if (!catalog.ConfiguredFlows.TryAdd(flow.Key, flow.Path))
            {
                continue; // bound already: binding again would append every list (fields, targets, durations) twice
            }

            sym.AddConfiguredFlow(flow.Key, flow.Path);
            services.AddOptions<SymFlowApproversOptions>(flow.Key).BindConfiguration($"{flow.Path}:Approvers");
        }

        configure?.Invoke(builder);
        return builder;
    }

    private static void AddOkta(IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetSection(SymHostingDefaults.OktaSection).Exists())
        {
            return;
        }

        services.AddSymOkta(static _ => { });
        services.AddOptions<OktaOptions>().BindConfiguration(SymHostingDefaults.OktaSection);
    }

    private static void AddAws(IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetSection(SymHostingDefaults.AwsSection).Exists())
        {
            return;
        }

        services.AddSymAwsIam();
        services.AddSymAwsSsoAdmin();
        services.AddSymAwsIdentityStore();
        services.AddSymAwsLambda();
        services.AddOptions<Sym.Sdk.Integrations.Aws.AwsOptions>().BindConfiguration(SymHostingDefaults.AwsSection);
    }

    private static void AddPagerDuty(IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetSection(SymHostingDefaults.PagerDutySection).Exists())
        {
            return;
        }

        services.AddSymPagerDuty(static _ => { });
        services.AddOptions<PagerDutyOptions>().BindConfiguration(SymHostingDefaults.PagerDutySection);
    }

    private static void AddGitHub(IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetSection(SymHostingDefaults.GitHubSection).Exists())
        {
            return;
        }

        services.AddSymGitHub(static _ => { });
        services.AddOptions<GitHubOptions>().BindConfiguration(SymHostingDefaults.GitHubSection);
    }

    private static void AddSlack(IServiceCollection services, SymBuilder sym, IConfiguration configuration)
    {
        // Always validated, so half a configuration (a secret without a token, or the reverse) fails startup by name.
        services.AddOptions<SlackHostOptions>().BindConfiguration(SlackHostOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackHostOptions>, SlackHostOptionsValidator>());
        if (!SlackHostOptions.IsConfigured(configuration))
        {
            return;
        }

        services.AddSingleton<SlackHostEnabled>();
        if (!services.Any(static d => d.ServiceType == typeof(ISlackClient)))
        {
            // An ISlackClient added before (a fake in tests, or your own) is kept.
            services.AddSymSlack(static _ => { });
        }

        services.AddOptions<SlackOptions>().BindConfiguration(SlackHostOptions.Section);
        services.AddOptions<SlackInteractionOptions>().BindConfiguration(SlackHostOptions.Section);
        services.AddOptions<SlackNotifierOptions>().BindConfiguration($"{SlackHostOptions.Section}:Notifier");
        sym.UseSlackNotifier();
        services.TryAddSingleton(static sp => new SlackRequestVerifier(
            sp.GetRequiredService<IOptions<SlackHostOptions>>().Value.SigningSecret!, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SlackBackgroundQueue>();
        services.AddHostedService(static sp => sp.GetRequiredService<SlackBackgroundQueue>());
        services.TryAddSingleton<SlackInbox>();
        services.TryAddSingleton<SlackInboxRecoveryService>();
        services.AddHostedService(static sp => sp.GetRequiredService<SlackInboxRecoveryService>());
    }

    private static HostFlowCatalog? FindCatalog(IServiceCollection services)
    {
        foreach (ServiceDescriptor d in services)
        {
            if (d.ServiceType == typeof(HostFlowCatalog) && d.ImplementationInstance is HostFlowCatalog existing)
            {
                return existing;
            }
        }

        return null;
    }
}
