using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Integrations.Slack.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Slack integration.</summary>
public static class SymSlackServiceCollectionExtensions
{
    /// <summary>The name of the Slack <see cref="HttpClient"/> and its resilience pipeline.</summary>
    public const string HttpClientName = "Sym.Slack";

    /// <summary>
    /// Adds <see cref="ISlackClient"/> (a typed <see cref="HttpClient"/> with Slack's retry pipeline),
    /// <see cref="ISlackDestinationResolver"/>, <see cref="SlackMessenger"/> and <see cref="SlackInteractionHandler"/>.
    /// Options are validated at startup. Calling it twice is harmless. To have the engine talk through Slack, also call
    /// <see cref="UseSlackNotifier"/> on the <see cref="SymBuilder"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; at least <see cref="SlackOptions.BotToken"/>.</param>
    /// <returns>The HTTP client builder, to add handlers or change the primary handler.</returns>
    public static IHttpClientBuilder AddSymSlack(this IServiceCollection services, Action<SlackOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        if (services.Any(static d => d.ServiceType == typeof(SlackResolveCache)))
        {
            // Already added: apply the new settings and hand back the same named client.
            services.Configure(configure);
            return services.AddHttpClient(HttpClientName);
        }

        services.AddOptionsWithValidateOnStart<SlackOptions>()
            .Configure(configure)
            .Validate(static o => !string.IsNullOrWhiteSpace(o.BotToken), "SlackOptions.BotToken is required.")
            .Validate(static o => o.RetryBaseDelay >= TimeSpan.Zero, "SlackOptions.RetryBaseDelay may not be negative.")
            .Validate(static o => o.UserCacheDuration >= TimeSpan.Zero, "SlackOptions.UserCacheDuration may not be negative.");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        AddSlackServices(services);

        IHttpClientBuilder builder = services.AddHttpClient<ISlackClient, SlackClient>(HttpClientName, static (sp, http) =>
            http.BaseAddress = sp.GetRequiredService<IOptions<SlackOptions>>().Value.BaseAddress);
        builder.AddResilienceHandler(HttpClientName, static (pipeline, context) =>
            SlackRetry.Configure(pipeline, context.ServiceProvider, context.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value));
        return builder;
    }

    /// <summary>
    /// Makes <see cref="SlackNotifier"/> the engine's <see cref="Sym.Sdk.Runtime.ISymNotifier"/>, in place of the default
    /// (which drops every message): requests are announced in Slack, their message is updated on every decision, requesters get DMs and errors go
    /// to each flow's error channel. Needs an <see cref="ISlackClient"/>: <see cref="AddSymSlack"/>, or a fake in tests.
    /// Also adds <see cref="SlackInteractionHandler"/> for the host's Slack endpoints, with
    /// <see cref="SlackInteractionOptions.ConfirmSubmissions"/> off (the notifier posts the requester's "submitted" DM).
    /// Calling it twice is harmless.
    /// </summary>
    /// <param name="builder">The Sym builder.</param>
    /// <param name="configure">Sets the notifier's options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
    public static SymBuilder UseSlackNotifier(this SymBuilder builder, Action<SlackNotifierOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        OptionsBuilder<SlackNotifierOptions> options = services.AddOptions<SlackNotifierOptions>()
            .Validate(static o => o.DeliveryTimeout > TimeSpan.Zero || o.DeliveryTimeout == Timeout.InfiniteTimeSpan,
                "SlackNotifierOptions.DeliveryTimeout must be positive.")
            .Validate(static o => o.HistoryLookupMargin >= TimeSpan.Zero && o.HistoryLookupMargin <= SlackNotifierOptions.MaxHistoryLookupMargin,
                "SlackNotifierOptions.HistoryLookupMargin must be between zero and one day.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        AddSlackServices(services);
        services.Configure<SlackInteractionOptions>(static o => o.ConfirmSubmissions = false); // the notifier posts the "submitted" DM
        services.TryAddSingleton<SlackNotifier>();
        services.RemoveAll<Sym.Sdk.Runtime.ISymNotifier>();
        services.AddSingleton<Sym.Sdk.Runtime.ISymNotifier>(static sp => sp.GetRequiredService<SlackNotifier>());
        return builder;
    }

    /// <summary>
    /// Adds <see cref="SlackMessenger"/> (Sym's <c>slack.send_message</c> and <c>slack.users_in_channel</c> for hooks)
    /// and <see cref="ISlackDestinationResolver"/> over whichever <see cref="ISlackClient"/> is registered: the real one
    /// (<see cref="AddSymSlack"/> calls this) or a fake. Needs no token of its own. <c>FakeSlack</c> calls it when it is
    /// plugged in, so a flow's hooks can message Slack in tests without <see cref="AddSymSlack"/>. Calling it twice is
    /// harmless.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSymSlackMessaging(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SlackResolveCache>();
        services.TryAddTransient<ISlackDestinationResolver, SlackDestinationResolver>();
        services.TryAddTransient<SlackMessenger>();
        return services;
    }

    private static void AddSlackServices(IServiceCollection services)
    {
        services.AddSymSlackMessaging();
        services.TryAddSingleton<SlackUserCache>();
        services.TryAddSingleton(static sp => new SlackInteractionHandler(
            sp.GetRequiredService<Sym.Sdk.Runtime.SymEngine>(),
            sp.GetRequiredService<ISlackClient>(),
            sp.GetRequiredService<SlackUserCache>(),
            sp.GetService<IOptions<SlackInteractionOptions>>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<SlackInteractionHandler>>()));
    }
}
