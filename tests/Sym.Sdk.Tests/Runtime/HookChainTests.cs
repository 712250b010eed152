using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;
using Sym.Sdk.Testing;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>Steps fired by hooks run fully, as Sym runs them; their actor is Sym; chains never loop.</summary>
public sealed class HookChainTests
{
    [Fact]
    public async Task FiredApprove_OnApproveSeesTheInternalChannelAndSym_AHumanApproveSeesTheSource()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request"] = e => e.Fields.Reason == "auto" ? ApprovalTemplate.Approve("trusted") : null;

        await h.Engine.RequestAsync(EngineHarness.NewRequest(reason: "auto") with { SourceChannel = "slack" });
        SymRun manual = await h.RequestAsync();
        await h.Engine.ApproveAsync(manual.Id, EngineHarness.Approver);

        var onApprove = h.Flow.Calls.Where(c => c.Hook == "OnApprove").Select(c => c.Event).ToList();
        onApprove.Should().HaveCount(2);
        onApprove[0].Channel.Should().Be(Event.InternalChannel);
        onApprove[0].IsInternal.Should().BeTrue();
        onApprove[0].User.Should().Be(User.Sym);
        onApprove[0].User.Type.Should().Be(UserType.Bot);
        onApprove[1].IsInternal.Should().BeFalse();
        onApprove[1].User.Should().Be(EngineHarness.Approver);
    }

    [Fact]
    public async Task FiredApprove_IgnoredByOnApprove_AnnouncesTheRequestToItsApprovers()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request"] = _ => ApprovalTemplate.Approve("trusted");
        h.Flow.On["approve"] = e => e.IsInternal ? Template.Ignore("A person must approve this one.") : null;

        SymActionResult result = await h.Engine.RequestAsync(EngineHarness.NewRequest());
        await h.DeliverAsync();

        result.Status.Should().Be(SymActionStatus.Applied);
        result.Message.Should().Be("Your request was submitted.");
        result.Run!.State.Should().Be(SymRunState.Pending);
        h.Notifier.OfKind(SymNotificationKind.Announce).Should().ContainSingle();
        h.Flow.HookNames.Should().Contain("AfterRequest").And.NotContain("AfterApprove");
        (await h.AuditAsync()).Select(a => (a.Step, a.Actor, a.Outcome)).Should().Equal(
            ("request", EngineHarness.Requester.Username, SymAuditOutcome.Applied),
            ("approve", "sym", SymAuditOutcome.Ignored));

        SymActionResult approved = await h.Engine.ApproveAsync(result.Run.Id, EngineHarness.Approver);

        approved.Run!.State.Should().Be(SymRunState.Active);
        approved.Run.Actors["approve"].Should().Be(EngineHarness.Approver);
    }

    [Fact]
    public async Task FiredChain_DyingAfterTheRequestsCommit_IsAnnouncedByItsResumeTimer_NotLeftToExpireUnseen()
    {
        using var h = EngineHarness.Create();
        using var process = new CancellationTokenSource();
        h.Flow.On["request"] = _ => ApprovalTemplate.Approve("trusted");
        h.Flow.On["approve"] = _ =>
        {
            // The process stops between the request's commit and the fired approve's.
            process.Cancel();
            throw new OperationCanceledException(process.Token);
        };

        Func<Task> request = () => h.Engine.RequestAsync(EngineHarness.NewRequest(), process.Token);
        await request.Should().ThrowAsync<OperationCanceledException>();
        await h.DeliverAsync();
        SymRun pending = (await h.Store.QueryRunsAsync(new SymRunQuery()).ToListAsync()).Should().ContainSingle().Subject;
        pending.State.Should().Be(SymRunState.Pending);
        h.Notifier.OfKind(SymNotificationKind.Announce).Should().BeEmpty("the chain died before it could decide or announce");

        h.Flow.On["approve"] = _ => null;
        await h.AdvanceAsync(new SymOptions().EscalationTimeout);
        await h.DeliverAsync();

        h.Notifier.OfKind(SymNotificationKind.Announce).Should().ContainSingle().Which.RunId.Should().Be(pending.Id);
        (await h.RunAsync(pending.Id)).State.Should().Be(SymRunState.Pending);
        SymActionResult approved = await h.Engine.ApproveAsync(pending.Id, EngineHarness.Approver);
        approved.Run!.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task FiredChain_ThatFinishes_LeavesNoResumeTimer()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request"] = _ => ApprovalTemplate.Approve("trusted");
        h.Flow.On["approve"] = e => e.IsInternal ? Template.Ignore("A person must approve this one.") : null;

        SymActionResult result = await h.Engine.RequestAsync(EngineHarness.NewRequest());
        await h.DeliverAsync();
        await h.AdvanceAsync(new SymOptions().EscalationTimeout);
        await h.DeliverAsync();

        h.Notifier.OfKind(SymNotificationKind.Announce).Should().ContainSingle("announced once, by the chain, never again by a resume timer");
        (await h.RunAsync(result.Run!.Id)).State.Should().Be(SymRunState.Pending);
    }

    [Fact]
    public async Task FiredApprove_WhoseOnApproveFiresApproveAgain_IsTakenOnce()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request"] = _ => ApprovalTemplate.Approve("trusted");
        h.Flow.On["approve"] = _ => ApprovalTemplate.Approve("again");

        SymActionResult result = await h.Engine.RequestAsync(EngineHarness.NewRequest());

        result.Run!.State.Should().Be(SymRunState.Active);
        h.Flow.HookNames.Count(n => n == "OnApprove").Should().Be(1);
        h.Flow.HookNames.Count(n => n == "AfterApprove").Should().Be(1);
        h.Strategy.CountOf("escalate").Should().Be(1);
        result.Run.DecisionReason.Should().Be("again", "the fired step's own hook may give the reason");
    }

    [Fact]
    public async Task Chain_ThatWouldTakeAStepTwice_IsCutAndReported_AndTheStepContinues()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["approve"] = _ => ApprovalTemplate.Deny("change freeze");
        h.Flow.On["deny"] = _ => ApprovalTemplate.Approve("no freeze after all");
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        await h.DeliverAsync();

        result.Run!.State.Should().Be(SymRunState.Denied, "approve → on_approve fires deny → on_deny fires approve again: cut, the deny goes on");
        h.Flow.HookNames.Count(n => n == "OnApprove").Should().Be(1);
        h.Flow.HookNames.Count(n => n == "OnDeny").Should().Be(1);
        result.Run.Errors.Should().ContainSingle(e => e.Code == SymErrorCodes.InvalidStep && e.Message.Contains("already took"));
        h.Strategy.CountOf("escalate").Should().Be(0);
    }

    [Fact]
    public async Task OnRequest_ReturnsDeny_RunsAfterRequestOnDenyAndAfterDeny_AsSym()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request"] = _ => ApprovalTemplate.Deny("outside business hours");

        SymActionResult result = await h.Engine.RequestAsync(EngineHarness.NewRequest());

        result.Run!.State.Should().Be(SymRunState.Denied);
        result.Run.Actors["deny"].Should().Be(User.Sym);
        result.Run.Denials.Should().Equal(User.Sym);
        h.Flow.HookNames.SkipWhile(n => n != "AfterRequest").Should().Equal("AfterRequest", "OnDeny", "AfterDeny");
        h.Flow.Calls.Single(c => c.Hook == "AfterDeny").Event.IsInternal.Should().BeTrue();
    }

    [Fact]
    public async Task AutoApproval_IsRecordedAsSym_NotAsTheRequester_WithTheHooksReason()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request"] = _ => ApprovalTemplate.Approve("on-call engineer");

        SymActionResult result = await h.Engine.RequestAsync(EngineHarness.NewRequest());
        await h.DeliverAsync();

        result.Run!.Approvals.Should().Equal(User.Sym).And.NotContain(EngineHarness.Requester);
        result.Run.Actors["approve"].Name.Should().Be("Sym (on_request hook)");
        result.Run.DecisionReason.Should().Be("on-call engineer");
        SymAuditEntry approve = (await h.AuditAsync()).Single(a => a.Step == "approve");
        approve.Actor.Should().Be("sym");
        approve.Message.Should().Be("on-call engineer (by Sym (on_request hook))");
        h.Notifier.OfKind(SymNotificationKind.Update).Should().Contain(m => m.Update!.Kind == SymRunUpdateKind.Approved && m.Update.Actor == User.Sym
            && m.Update.Message == "on-call engineer");
    }

    [Fact]
    public async Task OnRequestExpire_FiringApprove_RunsOnApproveAsInternal()
    {
        using var h = EngineHarness.Create(o => o.RequestLifetime = "1h");
        h.Flow.On["request_expire"] = _ => ApprovalTemplate.Approve("approve on timeout");
        SymRun run = await h.RequestAsync();

        await h.AdvanceAsync(TimeSpan.FromHours(2));

        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Active);
        h.Flow.Calls.Single(c => c.Hook == "OnApprove").Event.IsInternal.Should().BeTrue();
        (await h.RunAsync(run.Id)).Actors["approve"].Name.Should().Be("Sym (on_request_expire hook)");
    }

    [Fact]
    public async Task Approve_WhenTheGrantFailsInTheSameCall_SaysTheApprovalStandsButAccessWasNotGranted()
    {
        using var h = EngineHarness.Create();
        h.Strategy.FailEscalates(1);
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        result.Status.Should().Be(SymActionStatus.Applied, "the approval is recorded");
        result.HasError.Should().BeTrue();
        result.Error!.Step.Should().Be("escalate");
        result.Message.Should().StartWith("The request was approved, but access could not be granted: ")
            .And.Contain("Request access again to retry.");
        result.Run!.State.Should().Be(SymRunState.Errored);
        result.Run.EscalatedAt.Should().BeNull();
        result.Run.Approvals.Should().Equal(EngineHarness.Approver);
    }

    [Fact]
    public async Task Approve_WhenTheGrantSucceeds_HasNoError()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        result.HasError.Should().BeFalse();
        result.Error.Should().BeNull();
        result.Message.Should().Be("The request was approved.");
        result.Run!.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Approve_WhenOnEscalateCancelsTheGrant_SaysSo()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["escalate"] = _ => Template.Ignore("not today");
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        result.Message.Should().Be("The request was approved, but the flow cancelled the grant: not today");
        result.Run!.State.Should().Be(SymRunState.Cancelled);
    }
}
