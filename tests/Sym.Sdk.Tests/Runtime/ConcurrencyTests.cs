using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

public sealed class ConcurrencyTests
{
    private static User ApproverNumber(int i) => new() { Username = $"approver{i}@example.com" };

    [Fact]
    public async Task Approve_HundredConcurrentApprovals_EscalateExactlyOnce()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();

        SymActionResult[] results = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(i => Task.Run(() => h.Engine.ApproveAsync(run.Id, ApproverNumber(i)))));

        h.Strategy.CountOf("escalate").Should().Be(1);
        results.Count(r => r.IsApplied).Should().Be(1);
        results.Where(r => !r.IsApplied).Should().AllSatisfy(r => r.Message.Should().Be("This request was already approved."));
        SymRun stored = await h.RunAsync(run.Id);
        stored.State.Should().Be(SymRunState.Active);
        stored.Approvals.Should().ContainSingle();
        (await h.AuditAsync(new() { RunId = run.Id, Step = "approve", Outcome = SymAuditOutcome.Applied })).Should().ContainSingle();
    }

    [Fact]
    public async Task Approve_TwoEnginesOverOneStore_EscalateExactlyOnce()
    {
        using var a = EngineHarness.Create();
        using var b = EngineHarness.Create(services: s =>
        {
            s.AddSingleton(a.Store);
            s.AddSingleton<TimeProvider>(a.Time);
            s.AddSingleton(a.Strategy);
        });
        SymRun run = await a.RequestAsync();

        SymActionResult[] results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a.Engine : b.Engine).ApproveAsync(run.Id, ApproverNumber(i)))));

        a.Strategy.CountOf("escalate").Should().Be(1);
        results.Count(r => r.IsApplied).Should().Be(1);
        (await a.RunAsync(run.Id)).State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Revoke_RacingExpiry_DeescalatesExactlyOnce()
    {
        for (int round = 0; round < 20; round++)
        {
            using var h = EngineHarness.Create();
            SymRun run = await h.ActiveRunAsync();
            h.Time.Advance(TimeSpan.FromHours(1));

            Task<SymActionResult> revoke = Task.Run(() => h.Engine.RevokeAsync(run.Id, EngineHarness.Requester));
            Task<int> expiry = Task.Run(() => h.Engine.ProcessDueTimersAsync());
            await Task.WhenAll(revoke, expiry);

            h.Strategy.CountOf("deescalate").Should().Be(1);
            (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
            (await h.AuditAsync(new() { RunId = run.Id, Step = "deescalate" })).Should().ContainSingle();
        }
    }

    [Fact]
    public async Task Revoke_RacingExpiryAcrossTwoEngines_DeescalatesExactlyOnce()
    {
        using var a = EngineHarness.Create();
        using var b = EngineHarness.Create(services: s =>
        {
            s.AddSingleton(a.Store);
            s.AddSingleton<TimeProvider>(a.Time);
            s.AddSingleton(a.Strategy);
        });
        SymRun run = await a.ActiveRunAsync();
        a.Time.Advance(TimeSpan.FromHours(1));

        await Task.WhenAll(
            Task.Run(() => a.Engine.RevokeAsync(run.Id, EngineHarness.Requester)),
            Task.Run(() => b.Engine.ProcessDueTimersAsync()),
            Task.Run(() => a.Engine.ProcessDueTimersAsync()));

        a.Strategy.CountOf("deescalate").Should().Be(1);
    }

    [Fact]
    public async Task Store_StaleVersion_IsRejected()
    {
        var store = new InMemorySymStore();
        var run = new SymRun { Id = "r1", Version = 1, Flow = "f", Requester = EngineHarness.Requester };
        (await store.TryCreateRunAsync(run)).Should().BeTrue();
        (await store.TryCreateRunAsync(run)).Should().BeFalse();
        (await store.TryUpdateRunAsync(run with { Version = 2, State = SymRunState.Active }, 1)).Should().BeTrue();
        (await store.TryUpdateRunAsync(run with { Version = 2, State = SymRunState.Denied }, 1)).Should().BeFalse();
        (await store.GetRunAsync("r1"))!.State.Should().Be(SymRunState.Active);
    }
}
