using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>The real engine over the in-memory store and notifier, a fake clock, a scripted flow and a recording strategy.</summary>
internal sealed class EngineHarness : IDisposable
{
    public const string FlowName = "custom_access";

    public static readonly User Requester = new() { Username = "req@example.com", Identities = [new UserIdentity { Service = "slack", UserId = "U0REQ" }] };
    public static readonly User Approver = new() { Username = "approver@example.com", Identities = [new UserIdentity { Service = "slack", UserId = "U0APP" }] };
    public static readonly User Approver2 = new() { Username = "approver2@example.com" };
    public static readonly User Approver3 = new() { Username = "approver3@example.com" };
    public static readonly User Admin = new() { Username = "admin@example.com", Role = UserRole.Admin };
    public static readonly User Guest = new() { Username = "guest@partner.com", Role = UserRole.Guest };

    private readonly ServiceProvider _provider;

    private EngineHarness(ServiceProvider provider, ScriptedFlow flow, RecordingStrategy strategy)
    {
        _provider = provider;
        Flow = flow;
        Strategy = strategy;
        Time = (FakeTimeProvider)provider.GetRequiredService<TimeProvider>();
        Store = provider.GetRequiredService<InMemorySymStore>();
        Notifier = provider.GetRequiredService<InMemoryNotifier>();
        Engine = provider.GetRequiredService<SymEngine>();
    }

    public FakeTimeProvider Time { get; }

    public InMemorySymStore Store { get; }

    public InMemoryNotifier Notifier { get; }

    public SymEngine Engine { get; }

    public ScriptedFlow Flow { get; }

    public RecordingStrategy Strategy { get; }

    public IServiceProvider Services => _provider;

    /// <summary>An engine with one approval-only flow (no strategy, no targets, no durations), as Sym's <c>approvals</c> example.</summary>
    public static EngineHarness CreateApprovalOnly(Action<FlowOptions>? configure = null)
    {
        var flow = new ScriptedFlow();
        var strategy = new RecordingStrategy();
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero)));
        collection.AddSingleton(flow);
        collection.AddSingleton(strategy);
        collection.AddSingleton<InMemoryNotifier>();
        collection.TryAddSingleton<ISymNotifier>(static sp => sp.GetRequiredService<InMemoryNotifier>());
        collection.AddSym(static o => o.JitterSeed = 42).AddFlow<ScriptedFlow>(FlowName, f => f.Configure(o =>
        {
            o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
            configure?.Invoke(o);
        }));
        return new EngineHarness(collection.BuildServiceProvider(), flow, strategy);
    }

    public static EngineHarness Create(Action<FlowOptions>? configure = null, Action<SymOptions>? sym = null, Action<IServiceCollection>? services = null)
    {
        var flow = new ScriptedFlow();
        var strategy = new RecordingStrategy();
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero)));
        collection.AddSingleton(flow);
        collection.AddSingleton(strategy);
        services?.Invoke(collection);
        collection.AddSingleton<InMemoryNotifier>();
        collection.TryAddSingleton<ISymNotifier>(static sp => sp.GetRequiredService<InMemoryNotifier>());
        collection.AddSym(o =>
        {
            o.JitterSeed = 42;
            sym?.Invoke(o);
        }).AddFlow<ScriptedFlow>(FlowName, f => f.UseStrategy<RecordingStrategy>().Configure(o =>
        {
            o.AllowedDurations.Add("1h");
            o.AllowedDurations.Add("4h");
            o.MaxDuration = "1d";
            o.Targets.Add(new AccessTargetOptions { Name = "prod", Label = "Production", Settings = { ["group_id"] = "g-1" } });
            o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
            configure?.Invoke(o);
        }));
        return new EngineHarness(collection.BuildServiceProvider(), flow, strategy);
    }

    public static AccessRequest NewRequest(User? requester = null, TimeSpan? duration = null, string? target = "prod", string? reason = "incident 42") => new()
    {
        Flow = FlowName,
        Requester = requester ?? Requester,
        Target = target,
        Duration = duration ?? TimeSpan.FromHours(1),
        Reason = reason,
    };

    public async Task<SymRun> RequestAsync(User? requester = null, TimeSpan? duration = null)
    {
        SymActionResult result = await Engine.RequestAsync(NewRequest(requester, duration));
        await DeliverAsync();
        result.Status.Should().Be(SymActionStatus.Applied, result.Message);
        return result.Run!;
    }

    public async Task<SymRun> ActiveRunAsync(TimeSpan? duration = null)
    {
        SymRun run = await RequestAsync(duration: duration);
        SymActionResult approved = await Engine.ApproveAsync(run.Id, Approver);
        await DeliverAsync();
        approved.Run!.State.Should().Be(SymRunState.Active);
        return approved.Run;
    }

    public async Task<SymRun> RunAsync(string id) => (await Engine.GetRunAsync(id))!;

    public async Task<List<SymAuditEntry>> AuditAsync(SymAuditQuery? query = null)
    {
        var list = new List<SymAuditEntry>();
        await foreach (SymAuditEntry e in Engine.GetAuditAsync(query ?? new SymAuditQuery()))
        {
            list.Add(e);
        }

        return list;
    }

    /// <summary>Advances the clock, fires due timers and delivers the notifications due (as a host's scheduler would).</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        int fired = await Engine.ProcessDueTimersAsync();
        await DeliverAsync();
        return fired;
    }

    /// <summary>
    /// Delivers the notifications the engine's steps committed to the outbox (as a host's dispatcher does right after each
    /// commit): read the notifier after this.
    /// </summary>
    public Task<int> DeliverAsync() => Engine.DeliverDueMessagesAsync();

    public IReadOnlyList<SymNotificationRecord> Errors => Notifier.OfKind(SymNotificationKind.Error);

    public void Dispose() => _provider.Dispose();
}
