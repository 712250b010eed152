using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Benchmarks;

/// <summary>
/// A full lifecycle (request → approve → escalate → scheduled deescalate) through the real engine, in memory, with a
/// no-op strategy, against a baseline that builds the same events and calls the same user methods directly in sequence.
/// </summary>
/// <remarks>
/// The shipped <see cref="InMemorySymStore"/> keeps every run and audit entry, so what it holds grows with every
/// invocation. To measure it at a realistic, stable size rather than at whatever BenchmarkDotNet's pilot stage happens
/// to pile up (hundreds of thousands of runs, ever-growing), each iteration gets a fresh store already holding
/// <see cref="RetainedRuns"/> finished runs (seeded through the engine, then collected into the old generation like a
/// long-lived store's), and runs a fixed <see cref="Invocations"/> lifecycles: the store holds 10,000 to 26,384 runs
/// while it is measured. The cost of retaining each new run (its promotion by the GC) stays in the measurement.
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(Invocations)]
public class EngineLifecycleBenchmarks
{
    /// <summary>The finished runs the store holds when an iteration starts.</summary>
    public const int RetainedRuns = 10_000;

    /// <summary>The lifecycles per iteration (so the store ends an iteration with this many more runs).</summary>
    public const int Invocations = 16_384;

    private static readonly User Requester = new() { Username = "req@example.com" };
    private static readonly User Approver = new() { Username = "approver@example.com" };

    private ServiceProvider _provider = null!;
    private ServiceProvider _leanProvider = null!;
    private SymEngine _engine = null!;
    private SymEngine _leanEngine = null!;
    private ManualTimeProvider _time = null!;
    private NoOpFlow _flow = null!;
    private NoOpStrategy _strategy = null!;
    private Flow _flowModel = null!;
    private AccessTarget _target = null!;
    private AccessRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _time = new ManualTimeProvider();
        _provider = BuildProvider(_time, retainRuns: true);
        _leanProvider = BuildProvider(_time, retainRuns: false);
        _engine = _provider.GetRequiredService<SymEngine>();
        _leanEngine = _leanProvider.GetRequiredService<SymEngine>();
        _flow = _provider.GetRequiredService<NoOpFlow>();
        _strategy = _provider.GetRequiredService<NoOpStrategy>();
        _target = new AccessTarget { Name = "prod", Settings = new Dictionary<string, string> { ["group_id"] = "g-1" } };
        _flowModel = new Flow { Name = "custom_access", Strategy = new Strategy { Targets = [_target] } };
        _request = new AccessRequest
        {
            Flow = "custom_access", Requester = Requester, Target = "prod", Duration = TimeSpan.FromHours(1), Reason = "incident 42",
        };
    }

    private static ServiceProvider BuildProvider(ManualTimeProvider time, bool retainRuns)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<ISymNotifier, NullNotifier>();
        if (!retainRuns)
        {
            services.AddSingleton<ISymStore>(new ForgetfulStore());
        }

        services.AddSym().AddFlow<NoOpFlow>("custom_access", f => f.UseStrategy<NoOpStrategy>().Configure(o =>
        {
            o.AllowedDurations.Add("1h");
            o.MaxDuration = "1d";
            o.Targets.Add(new AccessTargetOptions { Name = "prod", Settings = { ["group_id"] = "g-1" } });
            o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
        }));
        return services.BuildServiceProvider();
    }

    /// <summary>A fresh store holding <see cref="RetainedRuns"/> finished runs, in the old generation.</summary>
    [IterationSetup(Target = nameof(Engine))]
    public void SeedStore()
    {
        _provider.Dispose();
        _provider = BuildProvider(_time, retainRuns: true);
        _engine = _provider.GetRequiredService<SymEngine>();
        for (int i = 0; i < RetainedRuns; i++)
        {
            LifecycleAsync(_engine).GetAwaiter().GetResult();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        _leanProvider.Dispose();
    }

    [Benchmark(Baseline = true, Description = "direct calls")]
    public async Task<StrategyOutput?> DirectCalls()
    {
        CancellationToken ct = CancellationToken.None;
        var values = new Dictionary<string, JsonElement>(2, StringComparer.Ordinal)
        {
            ["reason"] = SymFieldValue.String("incident 42"),
            ["duration"] = SymFieldValue.Duration(TimeSpan.FromHours(1)),
        };
        var fields = new EventFields(values, _target);
        var actors = new Dictionary<string, User>(4, StringComparer.Ordinal) { ["request"] = Requester };
        string runId = Guid.NewGuid().ToString("N");

        Event request = Build("request", Requester, fields, runId, actors, null);
        await _flow.OnRequestAsync(request, ct);
        await _flow.GetPermissionsAsync(request, ct);
        await _flow.GetRequestNotificationsAsync(request, ct);
        await _flow.GetApproversAsync(request, ct);
        await _flow.AfterRequestAsync(request, ct);

        actors = new Dictionary<string, User>(actors, StringComparer.Ordinal) { ["approve"] = Approver };
        Event approve = Build("approve", Approver, fields, runId, actors, null);
        await _flow.OnApproveAsync(approve, ct);
        await _flow.AfterApproveAsync(approve, ct);

        Event escalate = Build("escalate", Approver, fields, runId, actors, null);
        await _flow.OnEscalateAsync(escalate, ct);
        await _flow.GetIdentityAsync(escalate, ct);
        StrategyOutput output = await _strategy.EscalateAsync("prod", escalate, ct) ?? StrategyOutput.Applied();
        var outputs = new Dictionary<string, StrategyOutput>(2, StringComparer.Ordinal) { ["escalate"] = output };
        await _flow.AfterEscalateAsync(Build("escalate", Approver, fields, runId, actors, outputs), ct);

        var deescalateValues = new Dictionary<string, JsonElement>(values, StringComparer.Ordinal) { ["deescalate_type"] = Scheduled };
        var deescalateFields = new EventFields(deescalateValues, _target);
        Event deescalate = Build("deescalate", Requester, deescalateFields, runId, actors, outputs);
        await _flow.OnDeescalateAsync(deescalate, ct);
        StrategyOutput? revoked = await _strategy.DeescalateAsync("prod", deescalate, ct);
        await _flow.AfterDeescalateAsync(deescalate, ct);
        return revoked;
    }

    [Benchmark(Description = "engine, in-memory store keeping every run")]
    public Task<SymRun?> Engine() => LifecycleAsync(_engine);

    [Benchmark(Description = "engine, store dropping finished runs")]
    public Task<SymRun?> EngineLeanStore() => LifecycleAsync(_leanEngine);

    private async Task<SymRun?> LifecycleAsync(SymEngine engine)
    {
        SymActionResult requested = await engine.RequestAsync(_request);
        string id = requested.Run!.Id;
        await engine.ApproveAsync(id, Approver);
        _time.Advance(TimeSpan.FromHours(1));
        await engine.ProcessDueTimersAsync();

        // The notifications every step committed, delivered as a host's dispatcher would.
        await engine.DeliverDueMessagesAsync();
        return requested.Run;
    }

    private static readonly JsonElement Scheduled = SymFieldValue.String("scheduled");

    private Event Build(string step, User user, EventFields fields, string runId, Dictionary<string, User> actors, Dictionary<string, StrategyOutput>? outputs) => new()
    {
        Name = step,
        Payload = new EventPayload { Timestamp = _time.GetUtcNow(), Fields = fields, User = user },
        Flow = _flowModel,
        Run = new Run { Id = runId, Actors = actors, Outputs = outputs ?? new Dictionary<string, StrategyOutput>(0) },
    };

    public sealed class NoOpFlow : FlowImplementation;

    public sealed class NoOpStrategy : AccessStrategy
    {
        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

        public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;
    }

    private sealed class ManualTimeProvider : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>
    /// Runs, timers, audit and outbox in memory, forgetting a run once it ends and a message once delivered: isolates the
    /// engine's cost from the store's growth. Single-threaded (the benchmark runs one lifecycle at a time).
    /// </summary>
    private sealed class ForgetfulStore : ISymStore
    {
        private readonly Dictionary<string, SymRun> _runs = new(StringComparer.Ordinal);
        private readonly Dictionary<(string, SymTimerKind), SymTimer> _timers = [];
        private readonly List<SymOutboxMessage> _outbox = [];
        private long _tokens;

        public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => new(_runs.GetValueOrDefault(runId));

        public ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default)
        {
            if (transition.Run is { } run)
            {
                bool exists = _runs.TryGetValue(run.Id, out SymRun? current);
                if (transition.ExpectedVersion == 0 ? exists : !exists || current!.Version != transition.ExpectedVersion)
                {
                    return new(false);
                }

                if (run.IsFinal)
                {
                    _runs.Remove(run.Id);
                }
                else
                {
                    _runs[run.Id] = run;
                }

                if (transition.Fired is { } fired && _timers.TryGetValue((fired.RunId, fired.Kind), out SymTimer? t) && t.ClaimToken == fired.ClaimToken)
                {
                    _timers.Remove((fired.RunId, fired.Kind));
                }

                foreach (SymTimerKind kind in transition.CancelTimers)
                {
                    _timers.Remove((run.Id, kind));
                }

                foreach (SymTimer timer in transition.ScheduleTimers)
                {
                    _timers[(timer.RunId, timer.Kind)] = timer;
                }
            }

            if (transition.Delivered is { } delivered)
            {
                _outbox.RemoveAll(m => m.Id == delivered.Id);
            }

            _outbox.AddRange(transition.Messages);
            return new(true);
        }

        public IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        /// <summary>The runs in flight (a finished run is forgotten): what the engine asks to find a run still covering a grant.</summary>
        public async IAsyncEnumerable<SymRun> QueryRunsAsync(SymRunQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (SymRun run in _runs.Values)
            {
                if (query.Matches(run))
                {
                    yield return run;
                }
            }

            await Task.CompletedTask;
        }

        public IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default) => default;

        public ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default) => default;

        public ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            List<SymTimer> due = [];
            foreach (SymTimer t in _timers.Values)
            {
                if (t.DueAt <= now && t.ClaimToken == 0 && due.Count < maxCount)
                {
                    due.Add(t with { ClaimToken = ++_tokens, ClaimedUntil = now + lease });
                }
            }

            foreach (SymTimer t in due)
            {
                _timers[(t.RunId, t.Kind)] = t;
            }

            return new(due);
        }

        public ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default)
        {
            _timers.Remove((timer.RunId, timer.Kind));
            return default;
        }

        public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<SymOutboxMessage>> ClaimDueMessagesAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            // One message at a time, oldest first: a run's messages in order (the benchmark has one run in flight).
            if (_outbox.Count == 0 || _outbox[0].ClaimToken != 0)
            {
                return new([]);
            }

            SymOutboxMessage claimed = _outbox[0] with { ClaimToken = ++_tokens, ClaimedUntil = now + lease, Attempts = 1 };
            _outbox[0] = claimed;
            return new([claimed]);
        }

        public ValueTask CompleteMessageAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
        {
            _outbox.RemoveAll(m => m.Id == message.Id);
            return default;
        }

        public ValueTask RetryMessageAsync(SymOutboxMessage message, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask<IReadOnlyList<SymOutboxMessage>> GetPendingMessagesAsync(string? runId = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask<SymInboxItem?> TryAddInboxItemAsync(SymInboxItem item, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask<IReadOnlyList<SymInboxItem>> ClaimInboxItemsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask CompleteInboxItemAsync(SymInboxItem item, DateTimeOffset processedAt, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask<int> PurgeInboxAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
