using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Sym.Sdk.Integrations.GitHub;
using Sym.Sdk.Integrations.GitHub.Internal;
using Sym.Sdk.Integrations.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GitHub integration.</summary>
public static class SymGitHubServiceCollectionExtensions
{
    /// <summary>The name of the GitHub <see cref="HttpClient"/> and of its resilience pipeline.</summary>
    public const string HttpClientName = "Sym.GitHub";

    /// <summary>The REST API version every request names (<c>X-GitHub-Api-Version</c>).</summary>
    public const string ApiVersion = "2022-11-28";

    /// <summary>
    /// Registers <see cref="IGitHubClient"/> as a typed <see cref="HttpClient"/> (<c>Authorization: Bearer …</c>,
    /// <c>Accept: application/vnd.github+json</c>, <c>X-GitHub-Api-Version: 2022-11-28</c> and a <c>User-Agent</c> on
    /// every request; a retry that waits out GitHub's rate limits and retries transient failures) and
    /// <see cref="GitHubStrategy"/>. Options are validated when the host starts. Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options: at least the token.</param>
    /// <returns>The client's builder, to add handlers or replace the primary handler (tests).</returns>
    /// <example>
    /// <code>
    /// services.AddSymGitHub(o => configuration.GetSection("Sym:GitHub").Bind(o));
    /// </code>
    /// </example>
    public static IHttpClientBuilder AddSymGitHub(this IServiceCollection services, Action<GitHubOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptionsWithValidateOnStart<GitHubOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubOptions>, GitHubOptionsRulesValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<GitHubStrategy>();

        IHttpClientBuilder builder = services.AddHttpClient<IGitHubClient, GitHubClient>(HttpClientName, static (provider, http) =>
        {
            GitHubOptions options = provider.GetRequiredService<IOptionsMonitor<GitHubOptions>>().CurrentValue;
            http.BaseAddress = options.BaseAddress;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
            http.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
            http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", ApiVersion);
            http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
            http.Timeout = Timeout.InfiniteTimeSpan;
        });

        if (!services.Any(static d => d.ServiceType == typeof(GitHubPipelineMarker)))
        {
            services.AddSingleton<GitHubPipelineMarker>();
            builder.AddResilienceHandler(HttpClientName, ConfigurePipeline);
        }

        return builder;
    }

    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        IServiceProvider provider = context.ServiceProvider;
        GitHubOptions options = provider.GetRequiredService<IOptionsMonitor<GitHubOptions>>().CurrentValue;
        TimeProvider time = provider.GetRequiredService<TimeProvider>();
        ILogger logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GitHubClient).FullName!);
        VendorRetry.AddRateLimited(pipeline, options.MaxRetryAttempts, options.MaxRateLimitDelay, options.AttemptTimeout,
            isRateLimited: GitHubRateLimit.IsRateLimited,
            rateLimitDelay: response => GitHubRateLimit.RetryDelay(response, time),
            logRateLimited: (request, delay, attempt) =>
                GitHubLog.RateLimited(logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty, delay, attempt));
    }

    private sealed class GitHubPipelineMarker;
}
