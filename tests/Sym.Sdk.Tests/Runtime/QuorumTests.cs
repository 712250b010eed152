using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Runtime;

public sealed class QuorumTests
{
    [Fact]
    public async Task Approve_QuorumOfTwo_EscalatesOnlyOnTheSecondDistinctApproval()
    {
        using var h = EngineHarness.Create(o => o.RequiredApprovals = 2);
        SymRun run = await h.RequestAsync();

        SymActionResult first = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        first.Message.Should().Be("Approval 1 of 2 recorded.");
        first.Run!.State.Should().Be(SymRunState.Pending);
        first.Run.Approvals.Should().Equal(EngineHarness.Approver);

        SymActionResult again = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        again.Status.Should().Be(SymActionStatus.Ignored);
        again.Message.Should().Be("You already approved this request.");
        h.Strategy.CountOf("escalate").Should().Be(0);

        SymActionResult second = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver2);
        second.Run!.State.Should().Be(SymRunState.Active);
        second.Run.Approvals.Should().Equal(EngineHarness.Approver, EngineHarness.Approver2);
        h.Strategy.CountOf("escalate").Should().Be(1);
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Update).Select(u => u.Update!.Kind)
            .Should().ContainInOrder(SymRunUpdateKind.ApprovalRecorded, SymRunUpdateKind.Approved, SymRunUpdateKind.Escalated);
    }

    [Fact]
    public async Task Deny_DenyWins_DeniesDespitePartialApprovals()
    {
        using var h = EngineHarness.Create(o => o.RequiredApprovals = 2);
        SymRun run = await h.RequestAsync();
        await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        SymActionResult denied = await h.Engine.DenyAsync(run.Id, EngineHarness.Approver2, "not now");
        denied.Run!.State.Should().Be(SymRunState.Denied);
        denied.Run.DecisionReason.Should().Be("not now");
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver3)).Message.Should().Be("This request was already denied.");
        h.Strategy.CountOf("escalate").Should().Be(0);
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Requester).Should().ContainSingle(r => r.Update!.Kind == SymRunUpdateKind.Denied);
    }

    [Fact]
    public async Task Deny_DenyWinsOff_NeedsAQuorumOfDenials()
    {
        using var h = EngineHarness.Create(o =>
        {
            o.RequiredApprovals = 2;
            o.DenyWins = false;
        });
        SymRun run = await h.RequestAsync();
        SymActionResult first = await h.Engine.DenyAsync(run.Id, EngineHarness.Approver);
        first.Run!.State.Should().Be(SymRunState.Pending);
        first.Message.Should().Be("Denial 1 of 2 recorded.");
        (await h.Engine.DenyAsync(run.Id, EngineHarness.Approver)).Message.Should().Be("You already denied this request.");
        (await h.Engine.DenyAsync(run.Id, EngineHarness.Approver2)).Run!.State.Should().Be(SymRunState.Denied);
    }

    [Fact]
    public async Task Vote_DenyWinsOff_ChangingSidesIsRefusedAndChangesNothing()
    {
        using var h = EngineHarness.Create(o =>
        {
            o.RequiredApprovals = 2;
            o.DenyWins = false;
        });
        SymRun run = await h.RequestAsync();
        await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        await h.Engine.DenyAsync(run.Id, EngineHarness.Approver2);

        SymActionResult deny = await h.Engine.DenyAsync(run.Id, EngineHarness.Approver);
        SymActionResult approve = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver2);

        deny.Status.Should().Be(SymActionStatus.Ignored);
        deny.Message.Should().Be("You already approved this request; a vote cannot be changed.");
        approve.Status.Should().Be(SymActionStatus.Ignored);
        approve.Message.Should().Be("You already denied this request; a vote cannot be changed.");
        SymRun current = (await h.Engine.GetRunAsync(run.Id))!;
        current.State.Should().Be(SymRunState.Pending);
        current.Approvals.Should().Equal(EngineHarness.Approver);
        current.Denials.Should().Equal(EngineHarness.Approver2);
        h.Strategy.CountOf("escalate").Should().Be(0);
    }

    [Fact]
    public async Task Deny_DenyWinsOn_AfterOwnApproval_EndsTheRequest()
    {
        using var h = EngineHarness.Create(o => o.RequiredApprovals = 2);
        SymRun run = await h.RequestAsync();
        await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        SymActionResult denied = await h.Engine.DenyAsync(run.Id, EngineHarness.Approver);

        denied.Run!.State.Should().Be(SymRunState.Denied, denied.Message);
    }

    [Fact]
    public async Task Approve_DenyWinsOff_ApprovalsCanStillWin()
    {
        using var h = EngineHarness.Create(o =>
        {
            o.RequiredApprovals = 2;
            o.DenyWins = false;
        });
        SymRun run = await h.RequestAsync();
        await h.Engine.DenyAsync(run.Id, EngineHarness.Approver3);
        await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver2)).Run!.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Approve_ByAnActorWhoDenied_DenyWinsOff_IsRefusedBeforeAnyHook()
    {
        using var h = EngineHarness.Create(o =>
        {
            o.RequiredApprovals = 2;
            o.DenyWins = false;
        });
        SymRun run = await h.RequestAsync();
        await h.Engine.DenyAsync(run.Id, EngineHarness.Approver);
        int hookCalls = 0;
        h.Flow.On["approve"] = _ =>
        {
            hookCalls++;
            return ApprovalTemplate.Deny("change freeze");
        };

        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        result.Status.Should().Be(SymActionStatus.Ignored);
        hookCalls.Should().Be(0);
        SymRun current = (await h.Engine.GetRunAsync(run.Id))!;
        current.State.Should().Be(SymRunState.Pending);
        current.Denials.Should().Equal(EngineHarness.Approver);
        current.Approvals.Should().BeEmpty();
    }

    [Fact]
    public async Task Approve_FiredByAHookAfterAnActorApproved_RecordsSymAsTheDecidingApprover()
    {
        using var h = EngineHarness.Create(o => o.RequiredApprovals = 2);
        SymRun run = await h.RequestAsync();
        await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        h.Flow.On["deny"] = _ => ApprovalTemplate.Approve("on-call overrides");

        SymActionResult result = await h.Engine.DenyAsync(run.Id, EngineHarness.Approver);

        result.Run!.State.Should().Be(SymRunState.Active);
        result.Run.Approvals.Should().Equal(EngineHarness.Approver, User.Sym);
        result.Run.Actors["approve"].Should().Be(User.Sym, "the hook approved, not the person who denied");
        result.Run.Denials.Should().BeEmpty();
    }
}
