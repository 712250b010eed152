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
    /// <see cref="ISlackDestinationResolver"/> and <see cref="SlackMessenger"/>. Options are validated at startup.
    /// Calling it twice is harmless.
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
            .Validate(static o => o.RetryBaseDelay >= TimeSpan.Zero, "SlackOptions.RetryBaseDelay may not be negative.");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SlackResolveCache>();
        services.TryAddTransient<ISlackDestinationResolver, SlackDestinationResolver>();
        services.TryAddTransient<SlackMessenger>();

        IHttpClientBuilder builder = services.AddHttpClient<ISlackClient, SlackClient>(HttpClientName, static (sp, http) =>
            http.BaseAddress = sp.GetRequiredService<IOptions<SlackOptions>>().Value.BaseAddress);
        builder.AddResilienceHandler(HttpClientName, static (pipeline, context) =>
            SlackRetry.Configure(pipeline, context.ServiceProvider, context.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value));
        return builder;
    }
}
