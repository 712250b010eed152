using System.Globalization;
using System.Net.Http.Headers;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>Okta's rate-limit headers (<c>X-Rate-Limit-Limit</c>, <c>-Remaining</c>, <c>-Reset</c>) and the wait they imply.</summary>
internal readonly record struct OktaRateLimit(int? Limit, int? Remaining, DateTimeOffset? Reset)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    public static OktaRateLimit Read(HttpResponseHeaders headers) => new(
        ReadInt(headers, "X-Rate-Limit-Limit"),
        ReadInt(headers, "X-Rate-Limit-Remaining"),
        ReadInt64(headers, "X-Rate-Limit-Reset") is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : null);

    /// <summary>
    /// How long to wait before retrying a throttled response, as Okta's SDKs compute it: reset − the response's
    /// <c>Date</c> + 1 s (the server's clock on both sides, so local clock skew does not matter). Falls back to
    /// <c>Retry-After</c>, then to <see langword="null"/> when the response says nothing.
    /// </summary>
    /// <param name="response">The throttled response.</param>
    /// <param name="time">The clock, used only when the response has no <c>Date</c>.</param>
    public static TimeSpan? RetryDelay(HttpResponseMessage response, TimeProvider time)
    {
        OktaRateLimit limit = Read(response.Headers);
        if (limit.Reset is { } reset)
        {
            DateTimeOffset now = response.Headers.Date ?? time.GetUtcNow();
            TimeSpan delay = reset - now + Margin;
            return delay < Margin ? Margin : delay;
        }

        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            TimeSpan delay = date - (response.Headers.Date ?? time.GetUtcNow());
            return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        }

        return null;
    }

    private static int? ReadInt(HttpResponseHeaders headers, string name) =>
        ReadInt64(headers, name) is { } value and >= int.MinValue and <= int.MaxValue ? (int)value : null;

    private static long? ReadInt64(HttpResponseHeaders headers, string name)
    {
        if (!headers.TryGetValues(name, out IEnumerable<string>? values))
        {
            return null;
        }

        // Several values can arrive (one per proxy hop); the smallest is the binding one.
        long? smallest = null;
        foreach (string value in values)
        {
            foreach (string part in value.Split(','))
            {
                if (long.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed))
                {
                    smallest = smallest is null ? parsed : Math.Min(smallest.Value, parsed);
                }
            }
        }

        return smallest;
    }
}
