using System.Net;
using Sym.Sdk.Integrations.Okta;

namespace Sym.Sdk.Integrations.Tests.Okta;

public sealed class OktaClientRateLimitTests : IDisposable
{
    private readonly OktaClientHost _host = OktaClientHost.Create();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task GetUserAsync_ThrottledThenOk_WaitsUntilResetPerTheDateHeaderThenSucceeds()
    {
        // Okta's clock (Date) runs 100 s behind ours: the wait must come from Okta's own headers, reset − Date + 1 s.
        DateTimeOffset serverNow = OktaClientHost.Start.AddSeconds(-100);
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1")
            .Respond(_ => Throttled(serverNow, TimeSpan.FromSeconds(7)))
            .Respond(_ => OktaJson.Json(HttpStatusCode.OK, OktaJson.User("00u1", "alice@example.com")));

        Task<OktaUser> call = _host.Client.GetUserAsync("00u1");
        await _host.Time.WaitForTimerAsync(TimeSpan.FromSeconds(8));

        _host.Http.Requests.Should().ContainSingle("the retry waits for the reset");
        _host.Time.Advance(TimeSpan.FromSeconds(7));
        call.IsCompleted.Should().BeFalse("one second of margin remains");
        _host.Time.Advance(TimeSpan.FromSeconds(1));

        (await call).Id.Should().Be("00u1");
        _host.Http.Requests.Should().HaveCount(2);
        _host.Logs.Lines.Should().Contain(static l => l.Contains("Okta throttled GET /api/v1/users/00u1; retrying in 00:00:08", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetUserAsync_ResetBeyondMaxRateLimitDelay_FailsAtOnceWithTheWait()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").Respond(_ => Throttled(OktaClientHost.Start, TimeSpan.FromMinutes(5)));

        Func<Task> act = () => _host.Client.GetUserAsync("00u1");

        SymRateLimitedException error = (await act.Should().ThrowAsync<SymRateLimitedException>()).Which;
        error.RetryAfter.Should().Be(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        _host.Http.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task AddUserToGroupAsync_PutThrottled_IsRetriedWithContentLengthZeroAgain()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1/groups").RespondJson("[]");
        _host.Http.On(HttpMethod.Put, "/api/v1/groups/00g1/users/00u1")
            .Respond(_ => Throttled(OktaClientHost.Start, TimeSpan.FromSeconds(2)))
            .Respond(HttpStatusCode.NoContent);

        Task<OktaMembershipChange> call = _host.Client.AddUserToGroupAsync("00g1", "00u1");
        await _host.Time.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        _host.Time.Advance(TimeSpan.FromSeconds(3));

        (await call).Should().Be(OktaMembershipChange.Added);
        _host.Http.RequestsTo(HttpMethod.Put, "/api/v1/groups/00g1/users/00u1").Should().HaveCount(2)
            .And.OnlyContain(static r => r.Header("Content-Length") == "0" && r.Header("Authorization") == "SSWS ssws-secret-token");
    }

    [Fact]
    public async Task GetUserAsync_ServiceUnavailableThenOk_IsRetried()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1")
            .Respond(HttpStatusCode.ServiceUnavailable, "{}")
            .Respond(_ => OktaJson.Json(HttpStatusCode.OK, OktaJson.User("00u1", "alice@example.com")));

        Task<OktaUser> call = _host.Client.GetUserAsync("00u1");
        while (!call.IsCompleted && _host.Http.Requests.Count < 2)
        {
            // Jittered backoff: advance in small steps until the retry goes out (bounded, so a bug fails rather than hangs).
            _host.Time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Yield();
            if (_host.Time.GetUtcNow() - OktaClientHost.Start > TimeSpan.FromMinutes(1))
            {
                break;
            }
        }

        (await call.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System)).Id.Should().Be("00u1");
        _host.Http.Requests.Should().HaveCount(2);
    }

    internal static HttpResponseMessage Throttled(DateTimeOffset serverNow, TimeSpan untilReset)
    {
        HttpResponseMessage response = OktaJson.Json(HttpStatusCode.TooManyRequests,
            OktaJson.Error("E0000047", "API call exceeded rate limit due to too many requests."));
        response.Headers.Date = serverNow;
        response.Headers.Add("X-Rate-Limit-Limit", "600");
        response.Headers.Add("X-Rate-Limit-Remaining", "0");
        response.Headers.Add("X-Rate-Limit-Reset", (serverNow + untilReset).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }
}
