using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

public sealed class StoreFailureTests
{
    [Fact]
    public async Task ProcessDueTimersAsync_StoreFailsWhileFiring_TheTimerFiresAgainAfterItsLease()
    {
        var flaky = new FlakyStore();
        using var h = EngineHarness.Create(sym: o => o.TimerLease = TimeSpan.FromMinutes(5), services: s =>
        {
            s.AddSingleton(flaky.Inner);
            s.AddSingleton<ISymStore>(flaky);
        });
        SymRun run = await h.ActiveRunAsync();

        flaky.FailNextGets = 1;
        (await h.AdvanceAsync(TimeSpan.FromHours(1))).Should().Be(0);
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Active);

        (await h.AdvanceAsync(TimeSpan.FromMinutes(5))).Should().Be(1);
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
    }

    [Fact]
    public async Task Approve_EveryWriteConflicts_ThrowsRunConflictAndChangesNothing()
    {
        var flaky = new FlakyStore();
        using var h = EngineHarness.Create(services: s =>
        {
            s.AddSingleton(flaky.Inner);
            s.AddSingleton<ISymStore>(flaky);
        });
        SymRun run = await h.RequestAsync();
        flaky.RejectUpdates = true;

        Func<Task> act = () => h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SymErrorCodes.RunConflict);
        h.Strategy.CountOf("escalate").Should().Be(0);
        flaky.RejectUpdates = false;
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Pending);
    }
}
