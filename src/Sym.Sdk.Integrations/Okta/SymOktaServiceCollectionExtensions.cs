using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Sym.Sdk.Integrations.Internal;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Integrations.Okta.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Okta integration.</summary>
public static class SymOktaServiceCollectionExtensions
{
    /// <summary>The name of the Okta <see cref="HttpClient"/> and of its resilience pipeline.</summary>
    public const string HttpClientName = "Sym.Okta";

    /// <summary>
    /// Registers <see cref="IOktaClient"/> as a typed <see cref="HttpClient"/>: credentials (SSWS token, or OAuth
    /// private-key JWT with optional DPoP) on every request, and a retry that waits out Okta's rate limits (reset − Date
    /// + 1 s) and retries transient failures. Options are validated when the host starts. Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options: the domain and exactly one of an API token and OAuth.</param>
    /// <returns>The client's builder, to add handlers or replace the primary handler (tests).</returns>
    /// <example>
    /// <code>
    /// services.AddSymOkta(o =>
    /// {
    ///     o.Domain = "acme.okta.com";
    ///     o.ApiToken = configuration["Okta:ApiToken"];
    /// });
    /// </code>
    /// </example>
    public static IHttpClientBuilder AddSymOkta(this IServiceCollection services, Action<OktaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptionsWithValidateOnStart<OktaOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OktaOptions>, OktaOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OktaOptions>, OktaOptionsRulesValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OktaAccessTokenProvider>();
        services.TryAddTransient<OktaAuthenticationHandler>();
        services.TryAddTransient<OktaGroupStrategy>();

        IHttpClientBuilder builder = services.AddHttpClient<IOktaClient, OktaClient>(HttpClientName, static (provider, http) =>
        {
            OktaOptions options = provider.GetRequiredService<IOptionsMonitor<OktaOptions>>().CurrentValue;
            http.BaseAddress = OktaDomain.GetBaseUri(options.Domain);

            // Rate-limit waits can be long; each attempt has its own timeout in the pipeline instead.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });

        // Registered once per name: a second AddSymOkta must not stack a second pipeline on the client.
        if (!services.Any(static d => d.ServiceType == typeof(OktaPipelineMarker)))
        {
            services.AddSingleton<OktaPipelineMarker>();
            builder.AddResilienceHandler(HttpClientName, ConfigurePipeline);
            builder.AddHttpMessageHandler<OktaAuthenticationHandler>();
        }

        return builder;
    }

    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        IServiceProvider provider = context.ServiceProvider;
        OktaOptions options = provider.GetRequiredService<IOptionsMonitor<OktaOptions>>().CurrentValue;
        TimeProvider time = provider.GetRequiredService<TimeProvider>();
        ILogger logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OktaClient).FullName!);
        // No retries allowed adds no retry strategy (as for Slack and AWS); the attempt timeout stays.
        VendorRetry.AddRateLimited(pipeline, options.MaxRetryAttempts, options.MaxRateLimitDelay, options.AttemptTimeout,
            isRateLimited: static response => response.StatusCode == HttpStatusCode.TooManyRequests,
            rateLimitDelay: response => OktaRateLimit.RetryDelay(response, time),
            logRateLimited: (request, delay, attempt) =>
                OktaLog.RateLimited(logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty, delay, attempt));
    }

    private sealed class OktaPipelineMarker;
}
