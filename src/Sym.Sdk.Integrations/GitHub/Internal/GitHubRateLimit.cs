using System.Globalization;
using System.Net;

namespace Sym.Sdk.Integrations.GitHub.Internal;

/// <summary>GitHub's rate limits: 429, or 403 with <c>x-ratelimit-remaining: 0</c>; the wait is <c>retry-after</c>, else until <c>x-ratelimit-reset</c>.</summary>
internal static class GitHubRateLimit
{
    public static bool IsRateLimited(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.Forbidden
            && (response.Headers.RetryAfter is not null
                || (response.Headers.TryGetValues("x-ratelimit-remaining", out IEnumerable<string>? remaining) && remaining.FirstOrDefault() == "0")));

    public static TimeSpan? RetryDelay(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (response.Headers.TryGetValues("x-ratelimit-reset", out IEnumerable<string>? values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
        {
            TimeSpan wait = DateTimeOffset.FromUnixTimeSeconds(epoch) - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
