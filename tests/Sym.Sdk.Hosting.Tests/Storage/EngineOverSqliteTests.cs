using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Flows;
using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Hosting.Tests.Storage;

/// <summary>The real engine over the SQLite store: whole lifecycles, restarts, and two engines sharing one file.</summary>
public sealed class EngineOverSqliteTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly User Requester = new() { Username = "req@example.com" };
    private static readonly User Approver = new() { Username = "approver@example.com" };

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Lifecycles_OverSqlite_MatchTheInMemoryStoreStepForStep()
    {
        (List<string> memoryAudit, List<SymRunState> memoryStates, List<string> memoryCalls) = await ScriptAsync(sqlitePath: null);
        (List<string> sqliteAudit, List<SymRunState> sqliteStates, List<string> sqliteCalls) = await ScriptAsync(_database.Path);

        sqliteAudit.Should().Equal(memoryAudit).And.HaveCountGreaterThan(10);
        sqliteStates.Should().Equal(SymRunState.Ended, SymRunState.Denied, SymRunState.Cancelled, SymRunState.Ended, SymRunState.Pending);
        sqliteStates.Should().Equal(memoryStates);
        sqliteCalls.Should().Equal(memoryCalls);
    }

    [Fact]
    public async Task FullLifecycle_OverSqlite_IsAuditedCountedAndExported()
    {
        using var node = Node.Create(_database.Path, new FakeTimeProvider(Start));
        SymRun run = await node.ActiveRunAsync();
        await node.AdvanceAsync(TimeSpan.FromHours(1));

        SymRun ended = (await node.Engine.GetRunAsync(run.Id))!;
        (ended.State, ended.DeescalateType, ended.Version).Should().Be((SymRunState.Ended, "scheduled", ended.Version));
        ended.Outputs.Should().ContainKeys("escalate", "deescalate");
        node.Strategy.Calls.Should().Equal($"escalate {run.Id}", $"deescalate {run.Id}");

        List<SymAuditEntry> audit = await ToListAsync(node.Engine.GetAuditAsync(new SymAuditQuery { RunId = run.Id }));
        audit.Select(e => e.Step).Should().ContainInOrder("request", "approve", "escalate", "deescalate");
        (await node.Engine.GetEventCountAsync(Requester, ApprovalTemplateStep.Request)).Should().Be(1);

        using var export = new MemoryStream();
        int written = await node.Engine.ExportAuditJsonLinesAsync(export, new SymAuditQuery { RunId = run.Id });
        written.Should().Be(audit.Count);
        string[] lines = Encoding.UTF8.GetString(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(audit.Count);
        lines[0].Should().Contain("\"step\":\"request\"").And.Contain($"\"run_id\":\"{run.Id}\"");
    }

    [Fact]
    public async Task Restart_NewEngineAndStoreOverTheFile_FiresTheDueDeescalation()
    {
        var time = new FakeTimeProvider(Start);
        string runId;
        using (var before = Node.Create(_database.Path, time))
        {
            runId = (await before.ActiveRunAsync()).Id;
            before.Strategy.Calls.Should().Equal($"escalate {runId}");
        }

        time.Advance(TimeSpan.FromHours(2));
        using var after = Node.Create(_database.Path, time);
        (await after.Engine.ProcessDueTimersAsync()).Should().Be(1);

        after.Strategy.Calls.Should().Equal($"deescalate {runId}");
        SymRun run = (await after.Engine.GetRunAsync(runId))!;
        (run.State, run.DeescalateType).Should().Be((SymRunState.Ended, "scheduled"));
        (await after.Store.GetTimersAsync(runId)).Should().BeEmpty();
        (await after.Engine.ProcessDueTimersAsync()).Should().Be(0, "nothing fires twice");
    }

    [Fact]
    public async Task Restart_ProcessDiedHoldingTheTimer_FiresItOnceTheLeaseEnds()
    {
        var time = new FakeTimeProvider(Start);
        string runId;
        using (var dying = Node.Create(_database.Path, time))
        {
            runId = (await dying.ActiveRunAsync()).Id;
            time.Advance(TimeSpan.FromHours(1));

            // The process claims the deescalate timer and dies before firing it.
            (await dying.Store.ClaimDueTimersAsync(time.GetUtcNow(), 10, TimeSpan.FromMinutes(5))).Should().ContainSingle();
        }

        using var survivor = Node.Create(_database.Path, time);
        (await survivor.AdvanceAsync(TimeSpan.FromMinutes(4))).Should().Be(0, "the dead process's lease still holds");
        (await survivor.Engine.GetRunAsync(runId))!.State.Should().Be(SymRunState.Active);

        (await survivor.AdvanceAsync(TimeSpan.FromMinutes(1))).Should().Be(1);
        survivor.Strategy.Calls.Should().Equal($"deescalate {runId}");
        (await survivor.Engine.GetRunAsync(runId))!.State.Should().Be(SymRunState.Ended);
    }

    [Fact]
    public async Task Restart_IdentityFetchedBefore_IsReadFromTheFile()
    {
        var time = new FakeTimeProvider(Start);
        using (var before = Node.Create(_database.Path, time))
        {
            await before.ActiveRunAsync();
            before.Strategy.IdentityFetches.Should().Be(1);
        }

        using var after = Node.Create(_database.Path, time);
        await after.ActiveRunAsync();
        after.Strategy.IdentityFetches.Should().Be(0, "the identity was stored durably the first time");
        after.Strategy.Identities.Should().Equal("remote-req@example.com");
    }

    [Fact]
    public async Task TwoEnginesOverOneFile_ApprovingAtOnce_EscalateOnce()
    {
        var time = new FakeTimeProvider(Start);
        using var a = Node.Create(_database.Path, time);
        using var b = Node.Create(_database.Path, time);
        var approvers = new[] { Approver, new User { Username = "approver2@example.com" } };

        for (int i = 0; i < 5; i++)
        {
            SymRun run = await a.RequestAsync();
            SymActionResult[] results = await Task.WhenAll(
                Task.Run(() => a.Engine.ApproveAsync(run.Id, approvers[0])),
                Task.Run(() => b.Engine.ApproveAsync(run.Id, approvers[1])));

            results.Count(r => r.Status == SymActionStatus.Applied).Should().Be(1, "the second approval finds the run already approved");
            (a.Strategy.Calls.Count(c => c == $"escalate {run.Id}") + b.Strategy.Calls.Count(c => c == $"escalate {run.Id}")).Should().Be(1);
            (await b.Engine.GetRunAsync(run.Id))!.State.Should().Be(SymRunState.Active);
        }
    }

    [Fact]
    public async Task TwoEnginesOverOneFile_SchedulingAtOnce_DeescalateEachGrantOnce()
    {
        var time = new FakeTimeProvider(Start);
        using var a = Node.Create(_database.Path, time);
        using var b = Node.Create(_database.Path, time);
        var runIds = new List<string>();
        for (int i = 0; i < 12; i++)
        {
            // Twelve requesters, twelve grants (one requester's overlapping runs share one grant, revoked once).
            runIds.Add((await a.ActiveRunAsync(new User { Username = $"req{i}@example.com" })).Id);
        }

        time.Advance(TimeSpan.FromHours(1));
        int[] fired = await Task.WhenAll(Task.Run(() => a.Engine.ProcessDueTimersAsync()), Task.Run(() => b.Engine.ProcessDueTimersAsync()));

        fired.Sum().Should().Be(12);
        List<string> deescalates = [.. a.Strategy.Calls.Concat(b.Strategy.Calls).Where(c => c.StartsWith("deescalate", StringComparison.Ordinal))];
        deescalates.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(runIds.Select(id => $"deescalate {id}"));
        foreach (string id in runIds)
        {
            (await a.Engine.GetRunAsync(id))!.State.Should().Be(SymRunState.Ended);
        }
    }

    /// <summary>Runs one script of requests and decisions; returns the audit trail, final states and strategy calls by run order.</summary>
    private static async Task<(List<string> Audit, List<SymRunState> States, List<string> Calls)> ScriptAsync(string? sqlitePath)
    {
        using var node = Node.Create(sqlitePath, new FakeTimeProvider(Start));
        var ids = new List<string>();

        SymRun expires = await node.ActiveRunAsync();
        ids.Add(expires.Id);
        SymRun denied = await node.RequestAsync();
        ids.Add(denied.Id);
        await node.Engine.DenyAsync(denied.Id, Approver, "not now");
        SymRun cancelled = await node.RequestAsync();
        ids.Add(cancelled.Id);
        await node.Engine.CancelAsync(cancelled.Id, Requester);
        await node.AdvanceAsync(TimeSpan.FromMinutes(30));
        SymRun relinquished = await node.ActiveRunAsync();
        ids.Add(relinquished.Id);
        await node.Engine.RelinquishAsync(relinquished.Id, Requester);
        SymRun selfApproved = await node.RequestAsync();
        ids.Add(selfApproved.Id);
        (await node.Engine.ApproveAsync(selfApproved.Id, Requester)).Status.Should().Be(SymActionStatus.Ignored);
        await node.AdvanceAsync(TimeSpan.FromMinutes(30));

        List<SymAuditEntry> audit = await ToListAsync(node.Engine.GetAuditAsync(new SymAuditQuery()));
        var states = new List<SymRunState>();
        foreach (string id in ids)
        {
            states.Add((await node.Engine.GetRunAsync(id))!.State);
        }

        string Name(string runId) => "run" + ids.IndexOf(runId);
        string Message(string? message) => ids.Aggregate(message ?? "", (m, id) => m.Replace(id, Name(id), StringComparison.Ordinal));
        return (
            [.. audit.Select(e => $"{e.Sequence} {Name(e.RunId)} {e.Step} {e.Actor} {e.Outcome} {e.Timestamp:O} {Message(e.Message)}")],
            states,
            [.. node.Strategy.Calls.Select(c => c.Split(' ') is [var step, var id] ? $"{step} {Name(id)}" : c)]);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>One "process": a service provider with the engine, a flow, a recording strategy and the store.</summary>
    private sealed class Node : IDisposable
    {
        private readonly ServiceProvider _provider;

        private Node(ServiceProvider provider)
        {
            _provider = provider;
            Time = (FakeTimeProvider)provider.GetRequiredService<TimeProvider>();
            Engine = provider.GetRequiredService<SymEngine>();
            Strategy = provider.GetRequiredService<RecordingStrategy>();
            Store = provider.GetRequiredService<ISymTimerStore>();
        }

        public FakeTimeProvider Time { get; }

        public SymEngine Engine { get; }

        public RecordingStrategy Strategy { get; }

        public ISymTimerStore Store { get; }

        public static Node Create(string? sqlitePath, FakeTimeProvider time)
        {
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton(new RecordingStrategy());
            services.AddSym(o => o.JitterSeed = 7).AddFlow<AccessFlow>("custom_access", f => f.UseStrategy<RecordingStrategy>().Configure(o =>
            {
                o.AllowedDurations.Add("1h");
                o.Targets.Add(new AccessTargetOptions { Name = "prod", Label = "Production", Settings = { ["group_id"] = "g-1" } });
                o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
            }));
            if (sqlitePath is not null)
            {
                services.AddSym().UseSqliteStore(sqlitePath);
            }

            ServiceProvider provider = services.BuildServiceProvider();
            if (sqlitePath is not null)
            {
                provider.GetRequiredService<ISymRunStore>().Should().BeOfType<SqliteSymStore>();
            }

            return new Node(provider);
        }

        public async Task<SymRun> RequestAsync(User? requester = null)
        {
            SymActionResult result = await Engine.RequestAsync(new AccessRequest
            {
                Flow = "custom_access", Requester = requester ?? Requester, Target = "prod", Duration = TimeSpan.FromHours(1), Reason = "incident 42",
            });
            result.Status.Should().Be(SymActionStatus.Applied, result.Message);
            return result.Run!;
        }

        public async Task<SymRun> ActiveRunAsync(User? requester = null)
        {
            SymRun run = await RequestAsync(requester);
            SymActionResult approved = await Engine.ApproveAsync(run.Id, Approver);
            approved.Run!.State.Should().Be(SymRunState.Active, approved.Message);
            return approved.Run;
        }

        public async Task<int> AdvanceAsync(TimeSpan by)
        {
            Time.Advance(by);
            return await Engine.ProcessDueTimersAsync();
        }

        public void Dispose() => _provider.Dispose();
    }

    private sealed class AccessFlow : FlowImplementation;

    private sealed class RecordingStrategy : AccessStrategy
    {
        private readonly ConcurrentQueue<string> _calls = new();
        private readonly ConcurrentQueue<string> _identities = new();
        private int _identityFetches;

        public IReadOnlyList<string> Calls => [.. _calls];

        public IReadOnlyList<string> Identities => [.. _identities];

        public int IdentityFetches => Volatile.Read(ref _identityFetches);

        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _identityFetches);
            return new("remote-" + user.Username);
        }

        public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
        {
            _calls.Enqueue($"escalate {evt.Run.Id}");
            _identities.Enqueue(await GetRequesterIdentityAsync(evt, cancellationToken) ?? "none");
            return StrategyOutput.Applied(new Dictionary<string, string>(StringComparer.Ordinal) { ["group"] = targetId });
        }

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
        {
            _calls.Enqueue($"deescalate {evt.Run.Id}");
            return new(StrategyOutput.Applied());
        }
    }
}
