using System.Net;
using System.Text.Json;
using Sym.Sdk.Hosting.Tests.Api;

namespace Sym.Sdk.Hosting.Tests.CrashSafety;

/// <summary>
/// Starts the real host process on a SQLite file, kills it with SIGKILL at chosen points, restarts it, and checks the
/// store (through the API) and the strategy's durable record: no run lost, every due deescalation happens after the
/// restart, and no escalation is repeated.
/// </summary>
[Trait("Category", "Process")]
public sealed class CrashSafetyTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("sym-crash-").FullName;

    [Fact]
    public async Task Kill_MidEscalate_RunSurvives_AccessIsRevokedAtExpiry_EscalateNotRepeated()
    {
        string id;
        await using (HostProcess first = await HostProcess.StartAsync(_folder, stallAt: "escalate"))
        {
            using HttpClient requester = first.Client(HostProcess.RequesterKey);
            using HttpClient approver = first.Client(HostProcess.ApproverKey);
            id = await CreateAsync(requester, "3s");
            Task<HttpResponseMessage> approving = approver.PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null);
            await WaitUntilAsync(() => Calls(id, "escalate-begin").Count == 1, "escalate to start");

            first.Kill();
            await approving.ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        await using HostProcess second = await HostProcess.StartAsync(_folder);
        using HttpClient client = second.Client(HostProcess.RequesterKey);
        JsonElement run = await WaitForStateAsync(client, id, "ended");

        run.GetProperty("deescalateType").GetString().Should().Be("scheduled");
        Calls(id, "escalate-begin").Should().HaveCount(1, "an interrupted escalate is never repeated");
        Calls(id, "escalate-end").Should().BeEmpty();
        Calls(id, "deescalate-end").Should().ContainSingle().Which.Should().Be(second.Id, "the new process revoked the access");
    }

    [Fact]
    public async Task Kill_WithActiveGrants_EveryDeescalationDueWhileDown_HappensAfterRestart()
    {
        var ids = new List<string>();
        DateTimeOffset lastExpiry = default;
        int firstPid;
        await using (HostProcess first = await HostProcess.StartAsync(_folder))
        {
            firstPid = first.Id;
            using HttpClient requester = first.Client(HostProcess.RequesterKey);
            using HttpClient approver = first.Client(HostProcess.ApproverKey);
            foreach (string target in (string[])["db", "db-2", "db-3", "db-4"])
            {
                // Four targets, four grants (one requester's overlapping runs on one target share a grant, revoked once).
                string id = await CreateAsync(requester, "20s", target);
                HttpResponseMessage approved = await approver.PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null);
                approved.StatusCode.Should().Be(HttpStatusCode.OK);
                ids.Add(id);
            }

            foreach (string id in ids)
            {
                JsonElement run = await requester.GetJsonAsync($"/api/requests/{id}");
                run.GetProperty("state").GetString().Should().Be("active", "the grants are active when the host dies");
                DateTimeOffset expiry = run.GetProperty("expiresAt").GetDateTimeOffset();
                lastExpiry = expiry > lastExpiry ? expiry : lastExpiry;
            }

            first.Kill();
        }

        // Every grant expires while the host is down.
        TimeSpan wait = lastExpiry - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TimeProvider.System);
        }

        ids.Should().AllSatisfy(id => Calls(id, "deescalate-begin").Should().BeEmpty());

        await using HostProcess second = await HostProcess.StartAsync(_folder);
        using HttpClient client = second.Client(HostProcess.RequesterKey);
        foreach (string id in ids)
        {
            JsonElement run = await WaitForStateAsync(client, id, "ended");
            run.GetProperty("deescalateType").GetString().Should().Be("scheduled");
            Calls(id, "escalate-begin").Should().Equal([firstPid], "each grant was escalated once, before the crash");
            Calls(id, "deescalate-end").Should().Equal([second.Id], "each due deescalation ran once, after the restart");
        }

        JsonElement mine = await client.GetJsonAsync("/api/requests");
        mine.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().BeEquivalentTo(ids, "no run is lost");
    }

    [Fact]
    public async Task Kill_MidDeescalate_DeescalateIsRetriedAfterRestart()
    {
        string id;
        await using (HostProcess first = await HostProcess.StartAsync(_folder, stallAt: "deescalate"))
        {
            using HttpClient requester = first.Client(HostProcess.RequesterKey);
            id = await CreateAsync(requester, "3s");
            HttpResponseMessage approved = await first.Client(HostProcess.ApproverKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null);
            approved.StatusCode.Should().Be(HttpStatusCode.OK);
            await WaitUntilAsync(() => Calls(id, "deescalate-begin").Count == 1, "the scheduled deescalate to start");
            (await requester.GetJsonAsync($"/api/requests/{id}")).GetProperty("state").GetString().Should().Be("deescalating");

            first.Kill();
        }

        await using HostProcess second = await HostProcess.StartAsync(_folder);
        using HttpClient client = second.Client(HostProcess.RequesterKey);
        JsonElement run = await WaitForStateAsync(client, id, "ended");

        run.GetProperty("deescalateType").GetString().Should().Be("scheduled");
        Calls(id, "escalate-begin").Should().HaveCount(1);
        Calls(id, "deescalate-begin").Should().HaveCount(2, "the interrupted deescalate is retried (deescalate is idempotent)");
        Calls(id, "deescalate-end").Should().Equal([second.Id]);
        JsonElement audit = await client.GetJsonAsync($"/api/requests/{id}/audit");
        audit.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("step").GetString() == "deescalate"
            && e.GetProperty("outcome").GetString() == "applied").Should().Be(1);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string> CreateAsync(HttpClient client, string duration, string target = "db")
    {
        HttpResponseMessage response = await client.PostJsonAsync("/api/requests",
            $$"""{"flow":"crash_access","target":"{{target}}","duration":"{{duration}}","reason":"crash test"}""");
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("run").GetProperty("id").GetString()!;
    }

    /// <summary>The process ids that recorded <paramref name="phase"/> (for example <c>escalate-begin</c>) for a run, in order.</summary>
    private List<int> Calls(string runId, string phase)
    {
        string path = Path.Combine(_folder, "strategy-calls.log");
        var pids = new List<int>();
        if (!File.Exists(path))
        {
            return pids;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            string[] parts = line.Split(' ');
            if (parts.Length >= 3 && parts[0] == phase && parts[1] == runId)
            {
                pids.Add(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return pids;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        DateTimeOffset deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (!condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Waited {Patience} for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    private static async Task<JsonElement> WaitForStateAsync(HttpClient client, string id, string state)
    {
        DateTimeOffset deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (true)
        {
            JsonElement run = await client.GetJsonAsync($"/api/requests/{id}");
            if (run.GetProperty("state").GetString() == state || TimeProvider.System.GetUtcNow() > deadline)
            {
                run.GetProperty("state").GetString().Should().Be(state, $"run {id} should reach {state} within {Patience}");
                return run;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }
    }
}
