using System.Globalization;
using System.Net;
using System.Text.Json;
using Sym.Sdk.Hosting.Tests.Api;
using Sym.Sdk.Hosting.Tests.CrashSafety;
using Sym.Sdk.Runtime;
using Xunit.Abstractions;

namespace Sym.Sdk.Hosting.PostgreSql.Tests.MultiHost;

/// <summary>Multi-host process tests run alone: their lag figures should not measure the crash-point tests' load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiHostCollection : ICollectionFixture<PostgresDatabase>
{
    public const string Name = "multi-host";
}

/// <summary>
/// Three real TestApp host processes over one PostgreSQL database, clients spreading their calls across them: one
/// escalate however many approvals race, one deescalate when a revoke races the expiry on another host, every grant
/// revoked once when thousands expire, and nothing lost when a host is killed with SIGKILL in the middle of it all. The
/// hosts' engine settings are TestApp's: a 200 ms scheduler interval, 3 s leases.
/// </summary>
[Trait("Category", "Process")]
[Collection(MultiHostCollection.Name)]
public sealed class MultiHostTests(PostgresDatabase database, ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [PostgresFact]
    public async Task Approve_HundredConcurrentApprovalsSpreadOverThreeHosts_EscalatesOnce()
    {
        await using HostCluster cluster = await HostCluster.StartAsync(database, 3);
        using HttpClient requester = cluster.Hosts[0].Client(HostProcess.RequesterKey);
        string id = await CreateAsync(requester, "1h");
        HttpClient[] approvers = [.. cluster.Hosts.Select(h => h.Client(HostProcess.ApproverKey))];

        HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            approvers[i % 3].PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().Be(1, "one approval wins; the others come too late");
        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.OK || a.StatusCode == HttpStatusCode.Conflict);
        cluster.Records().Count(r => r.Phase == "escalate-begin" && r.Id == id).Should().Be(1);
        (await cluster.Store.GetRunAsync(id))!.State.Should().Be(SymRunState.Active);
        foreach (HttpClient approver in approvers)
        {
            approver.Dispose();
        }
    }

    [PostgresFact]
    public async Task Revoke_RacingTheExpiryOnAnotherHost_DeescalatesEachGrantOnce()
    {
        await using HostCluster cluster = await HostCluster.StartAsync(database, 3);
        HttpClient[] admins = [.. cluster.Hosts.Select(h => h.Client(HostProcess.AdminKey))];
        DateTimeOffset first = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(3);
        Dictionary<string, DateTimeOffset> grants = await cluster.SeedGrantsAsync(30, first, TimeSpan.FromSeconds(3), "race");

        // Each grant's revoke is sent through a host in turn, at its expiry give or take 200 ms: the scheduler of whichever
        // host claims the timer races it.
        Task<HttpResponseMessage>[] revokes = [.. grants.OrderBy(g => g.Value).Select((g, i) => Task.Run(async () =>
        {
            TimeSpan wait = g.Value + TimeSpan.FromMilliseconds((i % 5 * 100) - 200) - TimeProvider.System.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, TimeProvider.System);
            }

            return await admins[i % 3].PostJsonAsync($"/api/requests/{g.Key}/revoke", """{"reason":"racing the expiry"}""");
        }))];
        HttpResponseMessage[] answers = await Task.WhenAll(revokes);
        await cluster.WaitUntilEndedAsync(grants.Keys, Patience);

        var records = cluster.Records();
        foreach (string id in grants.Keys)
        {
            records.Count(r => r.Phase == "deescalate-begin" && r.Id == id).Should().Be(1, $"grant {id} is revoked once, by the revoke or by the expiry");
            SymRun run = (await cluster.Store.GetRunAsync(id))!;
            run.State.Should().Be(SymRunState.Ended);
            run.DeescalateType.Should().BeOneOf("revoke", "scheduled");
        }

        int revoked = grants.Keys.Count(id => cluster.Store.GetRunAsync(id).AsTask().Result!.DeescalateType == "revoke");
        output.WriteLine($"{revoked} of {grants.Count} grants revoked by the API, the others by the expiry; answers: "
            + string.Join(", ", answers.GroupBy(a => a.StatusCode).Select(g => $"{(int)g.Key} x{g.Count()}")));
        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.OK || a.StatusCode == HttpStatusCode.Conflict);
        foreach (HttpClient admin in admins)
        {
            admin.Dispose();
        }
    }

    [PostgresFact]
    public async Task Expiry_ThousandGrantsExpiringOverTenSecondsOnThreeHosts_EachRevokedExactlyOnce()
    {
        const int Grants = 1000;
        await using HostCluster cluster = await HostCluster.StartAsync(database, 3);
        DateTimeOffset first = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(5);
        Dictionary<string, DateTimeOffset> grants = await cluster.SeedGrantsAsync(Grants, first, TimeSpan.FromSeconds(10));

        await cluster.WaitUntilEndedAsync(grants.Keys, Patience);

        var begins = cluster.Records().Where(r => r.Phase == "deescalate-begin").ToList();
        begins.GroupBy(r => r.Id).Should().HaveCount(Grants).And.OnlyContain(g => g.Count() == 1, "each grant is revoked exactly once");
        begins.Select(r => r.Pid).Distinct().Should().HaveCount(3, "the hosts share the work");
        double[] lags = [.. begins.Select(r => Math.Max(0, (r.At - grants[r.Id]).TotalMilliseconds)).Order()];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Grants} grants over 10 s on 3 hosts: deescalation lag p50 {Percentile(lags, 0.5):F0} ms, p99 {Percentile(lags, 0.99):F0} ms, max {lags[^1]:F0} ms; "
            + $"per host {string.Join("/", begins.GroupBy(r => r.Pid).Select(g => g.Count()))}"));
        lags[^1].Should().BeLessThan((Lease + TimeSpan.FromSeconds(30)).TotalMilliseconds, "no grant outlives its expiry by more than a bounded lag");
    }

    [PostgresFact]
    public async Task Kill_OneHostHoldingLeasedTimersAndMessages_TheOthersTakeThemOverAndNothingAcknowledgedIsLost()
    {
        const int Grants = 300;

        // Host 0 stalls in every deescalate and every delivery: what it claims stays claimed until it dies.
        await using HostCluster cluster = await HostCluster.StartAsync(database, 3, stallAt: i => i == 0 ? "deescalate,deliver" : null);
        HostProcess victim = cluster.Hosts[0];
        DateTimeOffset first = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(4);
        Dictionary<string, DateTimeOffset> grants = await cluster.SeedGrantsAsync(Grants, first, TimeSpan.FromSeconds(6), "kill");

        // Clients keep creating requests on every host while the grants expire; each 201 is a promise.
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var stopCreating = new CancellationTokenSource();
        Task creating = Task.WhenAll(cluster.Hosts.Select((h, i) => Task.Run(async () =>
        {
            using HttpClient client = h.Client(HostProcess.RequesterKey);
            while (!stopCreating.IsCancellationRequested)
            {
                try
                {
                    HttpResponseMessage r = await client.PostJsonAsync("/api/requests", """{"flow":"crash_access","target":"db","duration":"1h","reason":"load"}""");
                    if (r.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((await r.JsonAsync()).GetProperty("run").GetProperty("id").GetString()!);
                    }
                }
                catch (HttpRequestException) when (i == 0)
                {
                    return; // the killed host
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
            }
        })));

        // Kill host 0 once it is stuck in deescalates and deliveries it claimed.
        DateTimeOffset deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (!(cluster.Records().Any(r => r.Pid == victim.Id && r.Phase == "deescalate-begin") && cluster.Records().Any(r => r.Pid == victim.Id && r.Phase == "deliver-begin"))
            && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
        DateTimeOffset killedAt = TimeProvider.System.GetUtcNow();
        victim.Kill();
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
        await stopCreating.CancelAsync();
        await creating;
        await cluster.WaitUntilEndedAsync(grants.Keys, Patience);

        var records = cluster.Records();
        var stuck = records.Where(r => r.Pid == victim.Id && r.Phase == "deescalate-begin").Select(r => r.Id).ToHashSet();
        stuck.Should().NotBeEmpty();
        foreach (string id in grants.Keys)
        {
            records.Should().Contain(r => r.Phase == "deescalate-end" && r.Id == id && r.Pid != victim.Id, $"grant {id} is revoked by a surviving host");
            (await cluster.Store.GetRunAsync(id))!.State.Should().Be(SymRunState.Ended);
        }

        var heldMessages = records.Where(r => r.Pid == victim.Id && r.Phase == "deliver-begin").Select(r => r.Id).ToHashSet();
        heldMessages.Should().NotBeEmpty();
        foreach (string message in heldMessages)
        {
            records.Should().Contain(r => r.Phase == "deliver-end" && r.Id == message && r.Pid != victim.Id, $"message {message}, held by the killed host, is delivered by another");
        }

        DateTimeOffset drained = TimeProvider.System.GetUtcNow() + Patience;
        while ((await cluster.Store.GetPendingMessagesAsync()).Count > 0 && TimeProvider.System.GetUtcNow() < drained)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System);
        }

        (await cluster.Store.GetPendingMessagesAsync()).Should().BeEmpty("every notification is delivered");
        acknowledged.Should().NotBeEmpty();
        foreach (string id in acknowledged)
        {
            (await cluster.Store.GetRunAsync(id)).Should().NotBeNull($"request {id} was acknowledged (201), so it exists");
        }

        var ends = records.Where(r => r.Phase == "deescalate-end").GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Min(r => r.At));
        double[] lags = [.. grants.Select(g => Math.Max(0, (ends[g.Key] - g.Value).TotalMilliseconds)).Order()];
        double worstStuck = stuck.Max(id => (ends[id] - grants[id]).TotalMilliseconds);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Grants} grants, host {victim.Id} killed at +{(killedAt - first).TotalSeconds:F1} s holding {stuck.Count} deescalates and {heldMessages.Count} deliveries: "
            + $"lag p50 {Percentile(lags, 0.5):F0} ms, p99 {Percentile(lags, 0.99):F0} ms, max {lags[^1]:F0} ms (of the killed host's grants: {worstStuck:F0} ms); "
            + $"{acknowledged.Count} acknowledged requests, all there"));
        lags[^1].Should().BeLessThan((killedAt - first + TimeSpan.FromSeconds(6) + Lease + TimeSpan.FromSeconds(30)).TotalMilliseconds,
            "a grant the killed host held is revoked at the latest a lease after it died");
    }

    private static async Task<string> CreateAsync(HttpClient client, string duration)
    {
        HttpResponseMessage response = await client.PostJsonAsync("/api/requests",
            $$"""{"flow":"crash_access","target":"db","duration":"{{duration}}","reason":"multi-host"}""");
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("run").GetProperty("id").GetString()!;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
