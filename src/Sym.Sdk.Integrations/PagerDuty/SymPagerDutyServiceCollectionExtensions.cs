using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Sym.Sdk.Integrations.Internal;
using Sym.Sdk.Integrations.PagerDuty;
using Sym.Sdk.Integrations.PagerDuty.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PagerDuty integration.</summary>
public static class SymPagerDutyServiceCollectionExtensions
{
    /// <summary>The name of the PagerDuty <see cref="HttpClient"/> and of its resilience pipeline.</summary>
    public const string HttpClientName = "Sym.PagerDuty";

    /// <summary>
    /// Registers <see cref="IPagerDutyClient"/> as a typed <see cref="HttpClient"/>: <c>Authorization: Token token=…</c>
    /// and <c>Accept: application/vnd.pagerduty+json;version=2</c> on every request, and a retry that waits out
    /// PagerDuty's rate limit (<c>Retry-After</c>, else <c>ratelimit-reset</c>) and retries transient failures. Options are
    /// validated when the host starts. Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options: at least the API token.</param>
    /// <returns>The client's builder, to add handlers or replace the primary handler (tests).</returns>
    /// <example>
    /// <code>
    /// services.AddSymPagerDuty(o => configuration.GetSection("Sym:PagerDuty").Bind(o));
    /// </code>
    /// </example>
    public static IHttpClientBuilder AddSymPagerDuty(this IServiceCollection services, Action<PagerDutyOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptionsWithValidateOnStart<PagerDutyOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PagerDutyOptions>, PagerDutyOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PagerDutyOptions>, PagerDutyOptionsRulesValidator>());
        services.TryAddSingleton(TimeProvider.System);

        IHttpClientBuilder builder = services.AddHttpClient<IPagerDutyClient, PagerDutyClient>(HttpClientName, static (provider, http) =>
        {
            PagerDutyOptions options = provider.GetRequiredService<IOptionsMonitor<PagerDutyOptions>>().CurrentValue;
            http.BaseAddress = options.BaseAddress;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", "token=" + options.ApiToken);
            http.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/vnd.pagerduty+json;version=2");

            // Rate-limit waits can be long; each attempt has its own timeout in the pipeline instead.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });

        // Registered once per name: a second AddSymPagerDuty must not stack a second pipeline on the client.
        if (!services.Any(static d => d.ServiceType == typeof(PagerDutyPipelineMarker)))
        {
            services.AddSingleton<PagerDutyPipelineMarker>();
            builder.AddResilienceHandler(HttpClientName, ConfigurePipeline);
        }

        return builder;
    }

    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        IServiceProvider provider = context.ServiceProvider;
        PagerDutyOptions options = provider.GetRequiredService<IOptionsMonitor<PagerDutyOptions>>().CurrentValue;
        TimeProvider time = provider.GetRequiredService<TimeProvider>();
        ILogger logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PagerDutyClient).FullName!);
        VendorRetry.AddRateLimited(pipeline, options.MaxRetryAttempts, options.MaxRateLimitDelay, options.AttemptTimeout,
            isRateLimited: static response => response.StatusCode == HttpStatusCode.TooManyRequests,
            rateLimitDelay: response => PagerDutyRateLimit.RetryDelay(response, time),
            logRateLimited: (request, delay, attempt) =>
                PagerDutyLog.RateLimited(logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty, delay, attempt));
    }

    private sealed class PagerDutyPipelineMarker;
}
