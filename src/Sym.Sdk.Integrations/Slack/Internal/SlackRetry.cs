using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Sym.Sdk.Integrations.Internal;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// The Slack retry pipeline: 429 honours Retry-After plus jitter; 5xx and network errors back off; nothing else retries.
/// A request marked <see cref="AtMostOnce"/> (posting a message, which is not idempotent) is retried only when Slack
/// certainly did not act on it: a 429, or a connection that never opened.
/// </summary>
internal static class SlackRetry
{
    /// <summary>Marks a request Slack must not receive twice: a timeout, a dropped connection or a 5xx is not retried.</summary>
    internal static readonly HttpRequestOptionsKey<bool> AtMostOnce = new("Sym.Slack.AtMostOnce");

    /// <summary>The most jitter added to a Retry-After delay, as a fraction of it (and never more than <see cref="MaxJitter"/>).</summary>
    internal const double JitterFraction = 0.1;

    internal static readonly TimeSpan MaxJitter = TimeSpan.FromSeconds(1);

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, IServiceProvider services, SlackOptions options)
    {
        builder.TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        ILogger logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackClient).FullName!);
        VendorRetry.Add(builder, options.MaxRetries, options.RetryBaseDelay,
            static args => ValueTask.FromResult(ShouldRetry(args.Outcome, IsAtMostOnce(args.Context.GetRequestMessage()))),
            static args => ValueTask.FromResult(RetryAfterDelay(args.Outcome.Result, Random.Shared.NextDouble())),
            args =>
            {
                string method = args.Outcome.Result?.RequestMessage?.RequestUri?.Segments is { Length: > 0 } segments
                    ? segments[^1]
                    : "call";
                SlackLog.Retrying(logger, method, args.RetryDelay, args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode);
                return default;
            });
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool atMostOnce = false) => outcome switch
    {
        { Exception: HttpRequestException ex } => !atMostOnce || NeverSent(ex),
        { Exception: TimeoutException } => !atMostOnce,
        { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests || (!atMostOnce && (int)response.StatusCode >= 500),
        _ => false,
    };

    private static bool IsAtMostOnce(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(AtMostOnce, out bool atMostOnce) && atMostOnce;

    /// <summary>Whether the request certainly never reached Slack: the connection (name lookup, TCP, TLS, proxy) never opened.</summary>
    private static bool NeverSent(HttpRequestException ex) => ex.HttpRequestError is HttpRequestError.NameResolutionError
        or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    /// <summary>The delay for a 429 with Retry-After (plus up to 10 % jitter, at most 1 s), or null for the back-off.</summary>
    internal static TimeSpan? RetryAfterDelay(HttpResponseMessage? response, double random)
    {
        if (response is not { StatusCode: HttpStatusCode.TooManyRequests })
        {
            return null;
        }

        TimeSpan? retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } when response.Headers.Date is { } now => date - now,
            _ => null,
        };
        if (retryAfter is not { } wait)
        {
            return null;
        }

        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }

        TimeSpan jitter = TimeSpan.FromTicks((long)(Math.Min(wait.Ticks * JitterFraction, MaxJitter.Ticks) * random));
        return wait + jitter;
    }
}
