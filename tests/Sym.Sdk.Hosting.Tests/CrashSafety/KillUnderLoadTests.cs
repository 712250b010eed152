using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Tests.Api;
using Xunit.Abstractions;

namespace Sym.Sdk.Hosting.Tests.CrashSafety;

/// <summary>
/// The real host on SQLite under a steady load of requests, approvals and short grants (through the API and signed Slack
/// interactions), killed with SIGKILL at 50 random moments and restarted each time. Afterwards: everything acknowledged
/// (2xx) exists or took effect, every grant was revoked (its lag reported), no escalate was repeated.
/// </summary>
/// <remarks>
/// The schedule comes from a seed printed in the test output; <c>SYM_KILL_SEED=&lt;seed&gt;</c> replays it.
/// </remarks>
[Trait("Category", "Process")]
public sealed class KillUnderLoadTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 50;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("sym-kill-load-").FullName;
    private bool _keepFolder;

    [Fact]
    public async Task Host_KilledFiftyTimesUnderLoad_KeepsWhatItAcknowledgedAndRevokesEveryGrant()
    {
        long startedAt = TimeProvider.System.GetTimestamp();
        int seed = Seed();
        output.WriteLine($"seed {seed} (replay with SYM_KILL_SEED={seed}); folder {_folder}");
        var schedule = new Random(seed);
        var ledger = new LoadLedger();
        int inFlightAtKills = 0;
        var starts = new List<TimeSpan>();
        for (int cycle = 1; cycle <= Kills; cycle++)
        {
            var killAfter = TimeSpan.FromMilliseconds(200 + schedule.Next(1801));
            long starting = TimeProvider.System.GetTimestamp();
            await using HostProcess host = await HostProcess.StartAsync(_folder, environment: HostLoad.Environment);
            starts.Add(TimeProvider.System.GetElapsedTime(starting));
            var load = new HostLoad(host, ledger, seed, cycle);
            await load.RunAsync(killAfter);
            inFlightAtKills += load.InFlightAtKill;
        }

        TimeSpan loadTime = TimeProvider.System.GetElapsedTime(startedAt);
        long restarting = TimeProvider.System.GetTimestamp();
        await using HostProcess last = await HostProcess.StartAsync(_folder, environment: HostLoad.Environment);
        starts.Add(TimeProvider.System.GetElapsedTime(restarting));
        using HttpClient client = last.Client(HostProcess.RequesterKey);
        IReadOnlyList<RunView> runs = await WaitUntilSettledAsync(client, ledger);
        IReadOnlyList<StrategyCall> calls = StrategyCall.Read(_folder);

        InboxReport inbox = await ReadInboxAsync();

        var failures = new List<string>();
        CheckAcknowledged(ledger, runs, failures);
        GrantReport grants = await CheckGrantsAsync(client, runs, calls, failures);
        if (inbox.Unprocessed > 0)
        {
            failures.Add($"{inbox.Unprocessed} Slack deliveries in the inbox were never processed.");
        }

        output.WriteLine(Report(ledger, runs, grants, inbox, inFlightAtKills, starts, loadTime, TimeProvider.System.GetElapsedTime(startedAt)));
        output.WriteLine(HostLogSummary());
        _keepFolder = failures.Count > 0; // the SQLite file, the strategy's record and each host's log, to look into
        failures.Should().BeEmpty($"the host must keep what it acknowledged and revoke every grant (seed {seed}):{Environment.NewLine}"
            + string.Join(Environment.NewLine, failures.Take(50)));
    }

    public void Dispose()
    {
        if (_keepFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("SYM_KILL_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed)
            ? seed
            : Random.Shared.Next();

    /// <summary>
    /// Waits (bounded) until nothing is left to happen: every acknowledged request has its run, every run is final or a
    /// pending request no acknowledged approval is still to reach, and the inbox holds no delivery left to process (those a
    /// killed host acknowledged are recovered once their claim lapses). Returns every run of the requester.
    /// </summary>
    private async Task<IReadOnlyList<RunView>> WaitUntilSettledAsync(HttpClient client, LoadLedger ledger)
    {
        DateTimeOffset deadline = TimeProvider.System.GetUtcNow() + Patience;
        var approved = ledger.Approvals.Select(static a => a.RunId).ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            IReadOnlyList<RunView> runs = await ListRunsAsync(client);
            var ids = runs.Select(static r => r.Id).ToHashSet(StringComparer.Ordinal);
            bool settled = ledger.Requests.Keys.All(ids.Contains)
                && runs.All(r => r.IsFinal || (r.State == "pending" && !approved.Contains(r.Id)))
                && (await ReadInboxAsync()).Unprocessed == 0;
            if (settled || TimeProvider.System.GetUtcNow() > deadline)
            {
                return runs;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System);
        }
    }

    /// <summary>Every acknowledged request exists (a Slack submission exactly once), every acknowledged approval took effect.</summary>
    private static void CheckAcknowledged(LoadLedger ledger, IReadOnlyList<RunView> runs, List<string> failures)
    {
        var byId = runs.ToDictionary(static r => r.Id, StringComparer.Ordinal);
        ILookup<string?, RunView> byReason = runs.ToLookup(static r => r.Reason, StringComparer.Ordinal);
        foreach (AckedRequest request in ledger.Requests.Values.OrderBy(static r => r.Cycle))
        {
            if (request.Via == "slack")
            {
                RunView[] made = [.. byReason[request.Reason]];
                if (made.Length != 1 || made[0].Id != request.RunId)
                {
                    failures.Add($"Slack submission '{request.Reason}' (acknowledged in cycle {request.Cycle}) made {made.Length} runs "
                        + $"[{string.Join(", ", made.Select(static r => r.Id))}], not exactly its own run {request.RunId}.");
                }
            }
            else if (!byId.TryGetValue(request.RunId, out RunView? run) || run.Reason != request.Reason)
            {
                failures.Add($"API request {request.RunId} '{request.Reason}' (acknowledged 201 in cycle {request.Cycle}) is lost.");
            }
        }

        foreach (AckedApproval approval in ledger.Approvals.OrderBy(static a => a.Cycle))
        {
            if (!byId.TryGetValue(approval.RunId, out RunView? run))
            {
                failures.Add($"Run {approval.RunId}, approved via {approval.Via} (acknowledged in cycle {approval.Cycle}), does not exist.");
            }
            else if (run.State == "pending" || !run.Approvals.Contains("bob@example.com", StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"The approval of run {approval.RunId} via {approval.Via} (acknowledged in cycle {approval.Cycle}) was lost: "
                    + $"the run is {run.State}, approved by [{string.Join(", ", run.Approvals)}].");
            }
        }

        foreach (RunView run in runs.Where(static r => !r.IsFinal && !(r.State == "pending" && r.Approvals.Count == 0)))
        {
            failures.Add($"Run {run.Id} was left {run.State} (approvals [{string.Join(", ", run.Approvals)}]).");
        }
    }

    /// <summary>
    /// Replays the strategy's record per grant (the requester is the same for every run, so a grant is a target). An
    /// escalate grants the target's access; a deescalate that ends revokes it for every run that escalated it since the
    /// last revocation (overlapping runs keep one access until the last covering run ends, see SymEngine.Grants.cs).
    /// Fails on an escalate repeated for a run, an escalate no revocation followed, an access revoked while another
    /// run's grant of it was still due, and a run that escalated but is not final; measures each revocation's lag.
    /// </summary>
    private static async Task<GrantReport> CheckGrantsAsync(HttpClient client, IReadOnlyList<RunView> runs, IReadOnlyList<StrategyCall> calls,
        List<string> failures)
    {
        var byId = runs.ToDictionary(static r => r.Id, StringComparer.Ordinal);
        var escalated = new Dictionary<string, StrategyCall>(StringComparer.Ordinal);
        var open = new Dictionary<string, List<StrategyCall>>(StringComparer.Ordinal);
        var lags = new List<TimeSpan>();
        int kept = 0;
        int interrupted = 0;
        foreach (StrategyCall call in calls)
        {
            switch (call.Phase)
            {
                case "escalate-begin":
                    if (!escalated.TryAdd(call.RunId, call))
                    {
                        failures.Add($"Run {call.RunId} escalated again (record line {call.Index}, process {call.ProcessId}) after "
                            + $"line {escalated[call.RunId].Index} (process {escalated[call.RunId].ProcessId}).");
                    }

                    if (!open.TryGetValue(call.Target, out List<StrategyCall>? granted))
                    {
                        open[call.Target] = granted = [];
                    }

                    granted.Add(call);
                    break;
                case "deescalate-end" when open.TryGetValue(call.Target, out List<StrategyCall>? revoked) && revoked.Count > 0:
                    DateTimeOffset due = DateTimeOffset.MinValue;
                    foreach (StrategyCall grant in revoked)
                    {
                        RunView? run = byId.GetValueOrDefault(grant.RunId);
                        DateTimeOffset? runDue = run is null ? null : await DueAsync(client, run);
                        if (runDue is { } d && d > due)
                        {
                            due = d;
                        }

                        if (grant.RunId != call.RunId && run?.ExpiresAt is { } expiresAt && expiresAt > call.Time)
                        {
                            failures.Add($"Run {call.RunId} revoked {call.Target} at {call.Time:O} (line {call.Index}) while run {grant.RunId} "
                                + $"still granted it until {expiresAt:O}.");
                        }

                        kept += grant.RunId == call.RunId ? 0 : 1;
                    }

                    if (due != DateTimeOffset.MinValue)
                    {
                        lags.Add(call.Time - due);
                    }

                    revoked.Clear();
                    break;
            }
        }

        foreach (StrategyCall grant in open.Values.SelectMany(static g => g))
        {
            failures.Add($"Run {grant.RunId} escalated {grant.Target} at {grant.Time:O} (line {grant.Index}) and no deescalate revoked it.");
        }

        foreach (StrategyCall begin in escalated.Values)
        {
            if (!byId.TryGetValue(begin.RunId, out RunView? run))
            {
                failures.Add($"Run {begin.RunId} escalated (line {begin.Index}) but the API does not list it.");
                continue;
            }

            if (!run.IsFinal)
            {
                failures.Add($"Run {begin.RunId} escalated (line {begin.Index}) but is {run.State}.");
            }

            interrupted += calls.Any(c => c.Phase == "escalate-end" && c.RunId == begin.RunId) ? 0 : 1;
        }

        int deescalates = calls.Count(static c => c.Phase == "deescalate-begin");
        return new GrantReport(escalated.Count, lags, kept, interrupted, deescalates, deescalates - calls.Count(static c => c.Phase == "deescalate-end"));
    }

    /// <summary>
    /// When a run's access was due to end: its expiry, or for an escalate interrupted before its result was recorded (no
    /// expiry), its approval plus its duration (the guard approval scheduled).
    /// </summary>
    private static async Task<DateTimeOffset?> DueAsync(HttpClient client, RunView run)
    {
        if (run.ExpiresAt is { } expiresAt)
        {
            return expiresAt;
        }

        JsonElement audit = await client.GetJsonAsync($"/api/requests/{run.Id}/audit");
        foreach (JsonElement entry in audit.GetProperty("entries").EnumerateArray())
        {
            if (entry.GetProperty("step").GetString() == "approve" && entry.GetProperty("outcome").GetString() == "applied")
            {
                return entry.GetProperty("timestamp").GetDateTimeOffset() + run.Duration;
            }
        }

        return null;
    }

    /// <summary>
    /// The host's inbox of Slack deliveries, read from its SQLite file beside the running host: how many were processed
    /// more than once (recovered after a kill), given up on, or not processed yet.
    /// </summary>
    private async Task<InboxReport> ReadInboxAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_folder, "sym.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        await using (connection)
        {
            await connection.OpenAsync();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                SELECT COUNT(*), COUNT(*) FILTER (WHERE attempts > 1), COUNT(*) FILTER (WHERE attempts > $maxAttempts),
                       COUNT(*) FILTER (WHERE processed_at IS NULL)
                FROM sym_inbox
                """;
            command.Parameters.AddWithValue("$maxAttempts", 5); // Sym:Slack:InboxMaxAttempts, by default
            using SqliteDataReader reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new InboxReport(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
        }
    }

    private static async Task<IReadOnlyList<RunView>> ListRunsAsync(HttpClient client)
    {
        var runs = new List<RunView>();
        string? next = "/api/requests?limit=500";
        while (next is not null)
        {
            JsonElement page = await client.GetJsonAsync(next);
            runs.AddRange(page.GetProperty("runs").EnumerateArray().Select(RunView.From));
            next = page.TryGetProperty("next", out JsonElement link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
        }

        return runs;
    }

    private static string Report(LoadLedger ledger, IReadOnlyList<RunView> runs, GrantReport grants, InboxReport inbox, int inFlightAtKills,
        List<TimeSpan> starts, TimeSpan loadTime, TimeSpan total)
    {
        var text = new StringBuilder();
        TimeSpan[] startsSorted = [.. starts.Order()];
        text.AppendLine(CultureInfo.InvariantCulture, $"{Kills} kills, {inFlightAtKills} requests in flight at the kills; load {loadTime.TotalSeconds:F0} s, whole test {total.TotalSeconds:F0} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"host start to healthy (its recovery included): first {starts[0].TotalSeconds:F2} s, median {Percentile(startsSorted, 0.5).TotalSeconds:F2} s, last {starts[^1].TotalSeconds:F2} s, max {startsSorted[^1].TotalSeconds:F2} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"sent {ledger.Sent}, unanswered {ledger.Unanswered}; answers: {string.Join(", ", ledger.Answers.OrderBy(static a => a.Key, StringComparer.Ordinal).Select(static a => $"{a.Key}: {a.Value}"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"acknowledged: {ledger.RequestsVia("api").Count()} API requests, {ledger.RequestsVia("slack").Count()} Slack submissions ({ledger.Duplicates} Slack deliveries sent again and acknowledged), {ledger.Approvals.Count(static a => a.Via == "api")} API approvals, {ledger.Approvals.Count(static a => a.Via == "slack")} Slack clicks");
        text.AppendLine(CultureInfo.InvariantCulture, $"Slack inbox: {inbox.Deliveries} deliveries, {inbox.Recovered} processed again after a kill, {inbox.Abandoned} given up");
        text.AppendLine(CultureInfo.InvariantCulture, $"runs: {runs.Count} ({string.Join(", ", runs.GroupBy(static r => r.State).OrderBy(static g => g.Key, StringComparer.Ordinal).Select(static g => $"{g.Key} {g.Count()}"))})");
        text.AppendLine(CultureInfo.InvariantCulture, $"grants: {grants.Escalations} escalated ({grants.Interrupted} escalates cut by a kill), {grants.Lags.Count} revocations, {grants.Kept} runs' access kept for a covering run and revoked with it, {grants.DeescalateCalls} deescalate calls ({grants.DeescalatesCut} cut by a kill)");
        if (grants.Lags.Count > 0)
        {
            TimeSpan[] sorted = [.. grants.Lags.Order()];
            text.AppendLine(CultureInfo.InvariantCulture, $"revocation lag (deescalate end - due): p50 {Percentile(sorted, 0.50).TotalSeconds:F2} s, p99 {Percentile(sorted, 0.99).TotalSeconds:F2} s, max {sorted[^1].TotalSeconds:F2} s");
        }

        return text.ToString();
    }

    /// <summary>The warnings and errors the host processes logged, by category and event, with one example each.</summary>
    private string HostLogSummary()
    {
        var kinds = new Dictionary<string, (int Count, string Example)>(StringComparer.Ordinal);
        foreach (string log in Directory.EnumerateFiles(_folder, "host-*.log"))
        {
            string[] lines = File.ReadAllLines(log);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith("warn: ", StringComparison.Ordinal) || lines[i].StartsWith("fail: ", StringComparison.Ordinal)
                    || lines[i].StartsWith("crit: ", StringComparison.Ordinal))
                {
                    string example = i + 1 < lines.Length ? lines[i + 1].Trim() : string.Empty;
                    kinds[lines[i]] = kinds.TryGetValue(lines[i], out (int Count, string Example) seen) ? (seen.Count + 1, seen.Example) : (1, example);
                }
            }
        }

        return kinds.Count == 0
            ? "host logs: no warnings or errors"
            : "host logs:" + string.Concat(kinds.OrderByDescending(static k => k.Value.Count).Select(static k =>
                $"{Environment.NewLine}  {k.Value.Count} x {k.Key} (e.g. {k.Value.Example[..Math.Min(200, k.Value.Example.Length)]})"));
    }

    private static TimeSpan Percentile(TimeSpan[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>What the checks read of a run (the API's answer).</summary>
    private sealed record RunView(string Id, string State, string? Reason, string? Target, IReadOnlyList<string> Approvals, DateTimeOffset? ExpiresAt,
        TimeSpan Duration)
    {
        public bool IsFinal => State is "ended" or "errored" or "denied" or "cancelled" or "expired";

        public static RunView From(JsonElement run) => new(
            run.GetProperty("id").GetString()!,
            run.GetProperty("state").GetString()!,
            run.TryGetProperty("reason", out JsonElement reason) ? reason.GetString() : null,
            run.TryGetProperty("target", out JsonElement target) ? target.GetString() : null,
            [.. run.GetProperty("approvals").EnumerateArray().Select(static a => a.GetString()!)],
            run.TryGetProperty("expiresAt", out JsonElement expiresAt) && expiresAt.ValueKind == JsonValueKind.String ? expiresAt.GetDateTimeOffset() : null,
            TimeSpan.FromSeconds(run.GetProperty("durationSeconds").GetInt64()));
    }

    private sealed record GrantReport(int Escalations, List<TimeSpan> Lags, int Kept, int Interrupted, int DeescalateCalls, int DeescalatesCut);

    private sealed record InboxReport(int Deliveries, int Recovered, int Abandoned, int Unprocessed);
}
