using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Okta.Internal;

namespace Sym.Sdk.Integrations.Tests.Okta.Internal;

public sealed class OktaRateLimitTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RetryDelay_ResetAndDate_IsResetMinusDatePlusOneSecond()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Date = Now;
        response.Headers.Add("X-Rate-Limit-Reset", Now.AddSeconds(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        OktaRateLimit.RetryDelay(response, new FakeTimeProvider(Now.AddHours(5))).Should().Be(TimeSpan.FromSeconds(31));
    }

    [Fact]
    public void RetryDelay_ResetWithoutDate_UsesTheClock()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("X-Rate-Limit-Reset", Now.AddSeconds(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        OktaRateLimit.RetryDelay(response, new FakeTimeProvider(Now)).Should().Be(TimeSpan.FromSeconds(11));
    }

    [Fact]
    public void RetryDelay_ResetAlreadyPassed_IsOneSecond()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Date = Now;
        response.Headers.Add("X-Rate-Limit-Reset", Now.AddSeconds(-30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        OktaRateLimit.RetryDelay(response, new FakeTimeProvider(Now)).Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void RetryDelay_OnlyRetryAfter_UsesIt()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("Retry-After", "12");

        OktaRateLimit.RetryDelay(response, new FakeTimeProvider(Now)).Should().Be(TimeSpan.FromSeconds(12));
    }

    [Fact]
    public void RetryDelay_NoHeaders_IsNull()
    {
        using var response = new HttpResponseMessage();

        OktaRateLimit.RetryDelay(response, new FakeTimeProvider(Now)).Should().BeNull();
    }

    [Fact]
    public void Read_SeveralValues_TakesTheSmallestAndIgnoresGarbage()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("X-Rate-Limit-Remaining", ["40", "7"]);
        response.Headers.Add("X-Rate-Limit-Limit", "abc");

        OktaRateLimit limit = OktaRateLimit.Read(response.Headers);

        limit.Remaining.Should().Be(7);
        limit.Limit.Should().BeNull();
        limit.Reset.Should().BeNull();
    }
}
