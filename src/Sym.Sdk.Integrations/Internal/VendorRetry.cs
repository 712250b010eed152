using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Sym.Sdk.Integrations.Internal;

/// <summary>
/// The one shape of retry on the integrations' HttpClient pipelines (Slack, Okta, AWS): exponential back-off with jitter
/// from a base delay, unless the vendor names its own wait; only what the vendor's rule accepts is retried. Polly's own
/// <c>Retry-After</c> handling is off: each vendor names its wait its own way, so each integration reads it.
/// </summary>
internal static class VendorRetry
{
    /// <summary>Adds the retry to a pipeline; with no retries allowed, it adds nothing.</summary>
    /// <param name="pipeline">The HttpClient's resilience pipeline.</param>
    /// <param name="maxRetryAttempts">How many times to retry; 0 adds no retry.</param>
    /// <param name="baseDelay">The back-off's first delay.</param>
    /// <param name="shouldRetry">The vendor's rule: which outcomes are retried.</param>
    /// <param name="vendorDelay">The wait the vendor named for an outcome, or <see langword="null"/> for the back-off.</param>
    /// <param name="onRetry">Told before each retry (to log it), or <see langword="null"/>.</param>
    public static void Add(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline,
        int maxRetryAttempts,
        TimeSpan baseDelay,
        Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> shouldRetry,
        Func<RetryDelayGeneratorArguments<HttpResponseMessage>, ValueTask<TimeSpan?>> vendorDelay,
        Func<OnRetryArguments<HttpResponseMessage>, ValueTask>? onRetry = null)
    {
        if (maxRetryAttempts == 0)
        {
            return;
        }

        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = maxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = baseDelay,
            ShouldRetryAfterHeader = false,
            ShouldHandle = shouldRetry,
            DelayGenerator = vendorDelay,
            OnRetry = onRetry,
        });
    }

    /// <summary>
    /// The pipeline of a vendor that rate-limits (Okta, PagerDuty, GitHub): a rate-limited answer waits the vendor's named
    /// delay when it is within <paramref name="maxRateLimitDelay"/> (a longer one fails now, with the wait on the
    /// exception, instead of blocking the caller), transient failures back off from one second, each retry of a
    /// rate limit is logged, and every attempt has its own timeout.
    /// </summary>
    /// <param name="pipeline">The HttpClient's resilience pipeline.</param>
    /// <param name="maxRetryAttempts">How many times to retry; 0 adds no retry (the attempt timeout stays).</param>
    /// <param name="maxRateLimitDelay">The longest vendor wait worth waiting.</param>
    /// <param name="attemptTimeout">Each attempt's timeout.</param>
    /// <param name="isRateLimited">Whether an answer is the vendor's rate limit.</param>
    /// <param name="rateLimitDelay">The wait a rate-limited answer names, or <see langword="null"/> for the back-off.</param>
    /// <param name="logRateLimited">Logs a rate-limit retry: the request, the wait and the attempt about to be made.</param>
    public static void AddRateLimited(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline,
        int maxRetryAttempts,
        TimeSpan maxRateLimitDelay,
        TimeSpan attemptTimeout,
        Func<HttpResponseMessage, bool> isRateLimited,
        Func<HttpResponseMessage, TimeSpan?> rateLimitDelay,
        Action<HttpRequestMessage, TimeSpan, int> logRateLimited)
    {
        Add(pipeline, maxRetryAttempts, TimeSpan.FromSeconds(1),
            args => new ValueTask<bool>(args.Outcome.Result is { } limited && isRateLimited(limited)
                ? rateLimitDelay(limited) is not { } delay || delay <= maxRateLimitDelay
                : HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            args => new ValueTask<TimeSpan?>(args.Outcome.Result is { } limited && isRateLimited(limited) ? rateLimitDelay(limited) : null),
            args =>
            {
                if (args.Outcome.Result is { RequestMessage: { } request } limited && isRateLimited(limited))
                {
                    logRateLimited(request, args.RetryDelay, args.AttemptNumber + 1);
                }

                return default;
            });
        pipeline.AddTimeout(new TimeoutStrategyOptions { Timeout = attemptTimeout });
    }
}
