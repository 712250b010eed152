using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing;

namespace Sym.Sdk.Benchmarks;

/// <summary>
/// Scripted flows through the test harness, single-threaded: request → approve → advance the clock past expiry (the
/// scheduled deescalate fires). Baseline: the same lifecycle on a bare engine (no harness). The harness rows show what
/// a test pays: one harness reused across stories (<see cref="SymFlowHarness.Reset"/> between them, as a test class
/// would), and a new harness per story (what a test that builds its own harness pays, dominated by the DI container).
/// </summary>
[MemoryDiagnoser]
public class HarnessFlowBenchmarks
{
    private static readonly User Requester = new() { Username = "req@example.com" };
    private static readonly User Approver = new() { Username = "approver@example.com" };
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private SymFlowHarness _harness = null!;
    private ServiceProvider _bare = null!;
    private SymEngine _bareEngine = null!;
    private Microsoft.Extensions.Time.Testing.FakeTimeProvider _bareTime = null!;
    private AccessRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _harness = NewHarness();
        _bareTime = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(SymFlowHarnessBuilder.DefaultStart);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_bareTime);
        services.AddSym().AddFlow<NoOpFlow>("custom_access", f => f.UseStrategy<NoOpStrategy>().Configure(Configure));
        _bare = services.BuildServiceProvider();
        _bareEngine = _bare.GetRequiredService<SymEngine>();
        _request = new AccessRequest { Flow = "custom_access", Requester = Requester, Target = "prod", Duration = Hour, Reason = "incident 42" };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _harness.Dispose();
        _bare.Dispose();
    }

    [Benchmark(Baseline = true, Description = "bare engine, no harness")]
    public async Task<SymRunState> BareEngine()
    {
        SymActionResult requested = await _bareEngine.RequestAsync(_request);
        await _bareEngine.ApproveAsync(requested.Run!.Id, Approver);
        _bareTime.Advance(Hour);
        await _bareEngine.ProcessDueTimersAsync();
        return (await _bareEngine.GetRunAsync(requested.Run.Id))!.State;
    }

    [Benchmark(Description = "harness, reused (Reset per story)")]
    public async Task<SymRunState> HarnessReused()
    {
        _harness.Reset();
        return await StoryAsync(_harness);
    }

    [Benchmark(Description = "harness, new per story")]
    public async Task<SymRunState> HarnessPerStory()
    {
        await using SymFlowHarness harness = NewHarness();
        return await StoryAsync(harness);
    }

    private static async Task<SymRunState> StoryAsync(SymFlowHarness harness)
    {
        HarnessRun run = await harness.RequestAsync(Requester, target: "prod", duration: Hour, reason: "incident 42");
        await run.ApproveAsync(Approver);
        await harness.AdvanceAsync(Hour);
        return run.State;
    }

    private static SymFlowHarness NewHarness() => SymFlowHarness.Create<NoOpFlow, NoOpStrategy>("custom_access", Configure);

    private static void Configure(FlowOptions o)
    {
        o.AllowedDurations.Add("1h");
        o.MaxDuration = "1d";
        o.Targets.Add(new AccessTargetOptions { Name = "prod", Settings = { ["group_id"] = "g-1" } });
        o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
    }

    public sealed class NoOpFlow : FlowImplementation;

    public sealed class NoOpStrategy : AccessStrategy
    {
        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

        public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => default;
    }
}
