using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

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
}
