using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Hosting.Tests.Api;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Internal;

/// <summary>The host's /health: the store's read and write probes (SymStoreHealthCheck) and the scheduler's progress (SymSchedulerHealthCheck).</summary>
public sealed class SymHealthChecksTests
{
    private static async Task<TestHost> StartAsync(UnwritableStore store) => await TestHost.StartAsync(
        c => c["Sym:Engine:SchedulerStallTimeout"] = "00:00:30",
        s => s.AddSingleton(store).AddStore(store));

    private static async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(TestHost host)
    {
        HttpResponseMessage response = await host.Client().GetAsync(new Uri("/health", UriKind.Relative));
        return (response.StatusCode, await response.JsonAsync());
    }

    private static string CheckStatus(JsonElement health, string name) =>
        health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("status").GetString()!;

    [Fact]
    public async Task Health_StoreAndSchedulerFine_Is200WithBothChecksHealthy()
    {
        await using TestHost host = await TestHost.StartAsync();

        (HttpStatusCode status, JsonElement body) = await HealthAsync(host);

        status.Should().Be(HttpStatusCode.OK);
        CheckStatus(body, "sym-store").Should().Be("Healthy");
        CheckStatus(body, "sym-scheduler").Should().Be("Healthy");
        (await host.App.Services.GetRequiredService<ISymIdentityStore>().GetIdentityAsync(new User { Username = "sym-health-probe@sym.invalid" }, "sym-health"))
            .Should().NotBeNull("the write probe stores the probe user's identity (one row, replaced by every probe)");
        (await host.App.Services.GetRequiredService<ISymStore>().ListRunsAsync().CountAsync()).Should().Be(0, "the probe makes no run");
    }

    [Fact]
    public async Task Health_StoreReadableButNotWritable_Is503NamingTheStoreCheckWithoutTheStoresMessage()
    {
        var store = new UnwritableStore();
        await using TestHost host = await StartAsync(store);
        store.Unwritable = true;

        (HttpStatusCode status, JsonElement body) = await HealthAsync(host);

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        body.GetProperty("status").GetString().Should().Be("Unhealthy");
        CheckStatus(body, "sym-store").Should().Be("Unhealthy");
        body.ToString().Should().Contain("not writable").And.NotContain("/srv/sym");
    }

    [Fact]
    public async Task Health_DatabaseUnwritableWhileAGrantFallsDue_IsUnhealthyUntilTheSchedulerRevokesIt()
    {
        var store = new UnwritableStore();
        await using TestHost host = await StartAsync(store);
        var scheduler = host.App.Services.GetRequiredService<SymScheduler>();
        HttpClient alice = host.Client(TestHost.AliceKey);
        string id = await alice.CreateRequestAsync();
        (await host.Client(TestHost.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();
        for (int i = 0; i < 400 && scheduler.LastSuccessfulTickAt is null; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }

        // The disk goes read-only; the grant falls due and cannot be revoked.
        store.Unwritable = true;
        host.Time.Advance(TimeSpan.FromHours(1));
        (HttpStatusCode status, JsonElement body) = (HttpStatusCode.OK, default);
        for (int i = 0; i < 400 && status == HttpStatusCode.OK; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
            (status, body) = await HealthAsync(host);
        }

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        CheckStatus(body, "sym-store").Should().Be("Unhealthy");
        CheckStatus(body, "sym-scheduler").Should().Be("Unhealthy");
        scheduler.IsStalled.Should().BeTrue();
        (await alice.GetJsonAsync($"/api/requests/{id}")).GetProperty("state").GetString().Should().Be("active", "the grant outlived its expiry");

        // The disk recovers: the next tick revokes the grant, and health follows.
        store.Unwritable = false;
        string state = "active";
        for (int i = 0; i < 400 && state != "ended"; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
            state = (await alice.GetJsonAsync($"/api/requests/{id}")).GetProperty("state").GetString()!;
        }

        state.Should().Be("ended");
        (status, body) = await HealthAsync(host);
        status.Should().Be(HttpStatusCode.OK, body.ToString());
        scheduler.IsStalled.Should().BeFalse();
    }

    [Fact]
    public async Task Health_SchedulerStalledWithAWritableStore_Is503OnTheSchedulerCheckAlone()
    {
        var store = new UnwritableStore();
        await using TestHost host = await StartAsync(store);
        var scheduler = host.App.Services.GetRequiredService<SymScheduler>();
        for (int i = 0; i < 400 && scheduler.LastSuccessfulTickAt is null; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }

        // Claims hang (a tick stuck on a lock): nothing fails and nothing is logged, but no tick completes.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeClaim = () => release.Task;
        (HttpStatusCode status, JsonElement body) = (HttpStatusCode.OK, default);
        for (int i = 0; i < 400 && status == HttpStatusCode.OK; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
            (status, body) = await HealthAsync(host);
        }

        release.TrySetResult();
        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        CheckStatus(body, "sym-scheduler").Should().Be("Unhealthy");
        CheckStatus(body, "sym-store").Should().Be("Healthy");
        body.ToString().Should().Contain("revocations");
    }
}
