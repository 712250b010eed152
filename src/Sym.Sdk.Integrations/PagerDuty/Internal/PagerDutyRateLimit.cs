using System.Globalization;

namespace Sym.Sdk.Integrations.PagerDuty.Internal;

/// <summary>How long PagerDuty asks a throttled caller to wait: <c>Retry-After</c>, else <c>ratelimit-reset</c> (seconds).</summary>
internal static class PagerDutyRateLimit
{
    public static TimeSpan? RetryDelay(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                TimeSpan wait = date - time.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        return response.Headers.TryGetValues("ratelimit-reset", out IEnumerable<string>? values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
