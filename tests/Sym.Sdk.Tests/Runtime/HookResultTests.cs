using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;
using Sym.Sdk.Testing;

namespace Sym.Sdk.Tests.Runtime;

public sealed class HookResultTests
{
    [Fact]
    public async Task OnRequest_ReturnsApprove_RunsAfterRequestThenTheFiredApproveFully_WithoutAnnouncing()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request"] = _ => ApprovalTemplate.Approve("on-call");

        SymActionResult result = await h.Engine.RequestAsync(EngineHarness.NewRequest());

        result.Run!.State.Should().Be(SymRunState.Active);
        result.Run.DecisionReason.Should().Be("on-call");
        result.Run.Actors["approve"].Should().Be(User.Sym);
        result.Run.Actors["approve"].Name.Should().Be("Sym (on_request hook)");
        h.Strategy.CountOf("escalate").Should().Be(1);
        h.Flow.HookNames.SkipWhile(n => n != "AfterRequest").Should()
            .StartWith(["AfterRequest", "OnApprove", "AfterApprove", "OnEscalate"], "Sym runs after_request, then the fired approve's on_approve and after_approve, then escalates");
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Announce).Should().BeEmpty();
        (await h.AuditAsync()).Select(a => a.Step).Should().Equal("request", "approve", "escalate");
    }

    [Fact]
    public async Task OnRequest_ReturnsDeny_DeniesTheRequest()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request"] = _ => ApprovalTemplate.Deny("outside business hours");
        SymActionResult result = await h.Engine.RequestAsync(EngineHarness.NewRequest());
        result.Run!.State.Should().Be(SymRunState.Denied);
        result.Run.DecisionReason.Should().Be("outside business hours");
    }

    [Fact]
    public async Task OnRequest_ReturnsIgnore_CreatesNothingAndTellsTheRequester()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request"] = _ => Template.Ignore("Use the prod-emergency flow.");

        SymActionResult result = await h.Engine.RequestAsync(EngineHarness.NewRequest());

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Run.Should().BeNull();
        result.Message.Should().Be("Use the prod-emergency flow.");
        h.Store.RunCount.Should().Be(0);
        await h.DeliverAsync();
        h.Notifier.Records.Should().BeEmpty("the requester is answered in the result, by the front end; nothing is announced");
        (await h.AuditAsync()).Should().ContainSingle().Which.Outcome.Should().Be(SymAuditOutcome.Ignored);
    }

    [Fact]
    public async Task OnApprove_ReturnsIgnore_KeepsThePendingRunAndTellsTheApprover()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["approve"] = _ => Template.Ignore("You are not on call.");
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be("You are not on call.");
        result.Run!.State.Should().Be(SymRunState.Pending);
        result.Run.Version.Should().Be(run.Version);
        h.Strategy.CountOf("escalate").Should().Be(0);
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Ignored).Should().BeEmpty("the approver is answered in the result, by the front end");
    }

    [Fact]
    public async Task OnApprove_ReturnsDeny_DeniesInstead()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["approve"] = _ => ApprovalTemplate.Deny("change freeze");
        SymRun run = await h.RequestAsync();
        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        result.Run!.State.Should().Be(SymRunState.Denied);
        h.Flow.HookNames.Should().Contain("OnDeny", "the fired deny runs its own hook, as Sym does").And.Contain("AfterDeny");
        h.Flow.Calls.Single(c => c.Hook == "OnDeny").Event.Channel.Should().Be(Event.InternalChannel);
        result.Run.Actors["deny"].Should().Be(User.Sym);
    }

    [Fact]
    public async Task OnApprove_ReturnsItsOwnStep_IsProcessedOnce()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["approve"] = _ => ApprovalTemplate.Approve("looks fine");
        SymRun run = await h.RequestAsync();
        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        result.Run!.State.Should().Be(SymRunState.Active);
        h.Flow.HookNames.Count(n => n == "OnApprove").Should().Be(1);
        h.Flow.HookNames.Count(n => n == "AfterApprove").Should().Be(1);
        h.Strategy.CountOf("escalate").Should().Be(1);
        result.Run.DecisionReason.Should().Be("looks fine");
    }

    [Fact]
    public async Task OnApprove_AsksToGoBack_IsAnSdkErrorAndTheDefaultStepContinues()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["approve"] = _ => ApprovalTemplate.RequestForward();
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        result.Run!.State.Should().Be(SymRunState.Active);
        await h.DeliverAsync();
        SymNotificationRecord error = h.Errors.Should().ContainSingle().Subject;
        error.Channel.Should().Be("#sym-errors");
        error.Error!.Error.Code.Should().Be(SymErrorCodes.InvalidStep);
        error.Error.Error.Message.Should().Contain("steps only move forward");
        result.Run.Errors.Should().ContainSingle(e => e.Code == SymErrorCodes.InvalidStep);
    }

    [Fact]
    public async Task OnApprove_Throws_FailsClosedReportsAndKeepsThePendingRun()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["approve"] = _ => throw new InvalidOperationException("directory down; token=supersecretvalue");
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        result.Status.Should().Be(SymActionStatus.Failed);
        result.Run!.State.Should().Be(SymRunState.Pending);
        h.Strategy.CountOf("escalate").Should().Be(0);
        SymRunError error = result.Run.Errors.Should().ContainSingle().Subject;
        error.Source.Should().Be("hook");
        error.Step.Should().Be("approve");
        error.Message.Should().NotContain("supersecretvalue").And.Contain("[REDACTED]");
        await h.DeliverAsync();
        h.Errors.Should().ContainSingle().Which.Message.Should().NotContain("supersecretvalue");
    }

    [Fact]
    public async Task AfterEscalate_Throws_IsReportedAndNeverUndoesTheGrant()
    {
        using var h = EngineHarness.Create();
        h.Flow.After["escalate"] = _ => throw new InvalidOperationException("webhook failed");
        SymRun run = await h.ActiveRunAsync();
        SymRun stored = await h.RunAsync(run.Id);
        stored.State.Should().Be(SymRunState.Active);
        stored.Errors.Should().ContainSingle(e => e.Step == "escalate" && e.Source == "hook");
        await h.DeliverAsync();
        h.Errors.Should().ContainSingle();
    }

    [Fact]
    public async Task OnEscalate_ReturnsIgnore_CancelsTheRunWithoutGranting()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["escalate"] = _ => Template.Ignore("target is in maintenance");
        SymRun run = await h.RequestAsync();
        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        SymRun stored = await h.RunAsync(run.Id);
        stored.State.Should().Be(SymRunState.Cancelled);
        stored.DecisionReason.Should().Be("target is in maintenance");
        h.Strategy.CountOf("escalate").Should().Be(0);
        (await h.Store.GetTimersAsync(run.Id)).Should().BeEmpty();
        result.IsApplied.Should().BeTrue("the approval itself took effect");
    }

    [Fact]
    public async Task OnDeescalate_IgnoresScheduledExpiry_IsReportedAndAccessIsRevokedAnyway()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["deescalate"] = _ => Template.Ignore("keep it");
        SymRun run = await h.ActiveRunAsync();
        await h.AdvanceAsync(TimeSpan.FromHours(1));
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
        h.Strategy.CountOf("deescalate").Should().Be(1);
        await h.DeliverAsync();
        h.Errors.Should().ContainSingle().Which.Error!.Error.Code.Should().Be(SymErrorCodes.InvalidStep);
    }

    [Fact]
    public async Task OnDeescalate_IgnoresRevoke_KeepsAccessAndTellsTheActor()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["deescalate"] = evt => evt.Fields.GetString("deescalate_type") == "revoke" ? Template.Ignore("not during the incident") : null;
        SymRun run = await h.ActiveRunAsync();
        SymActionResult result = await h.Engine.RevokeAsync(run.Id, EngineHarness.Requester);
        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be("not during the incident");
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Active);
        h.Strategy.CountOf("deescalate").Should().Be(0);
    }

    [Fact]
    public async Task OnRequestExpire_ReturnsApprove_ApprovesOnTimeout()
    {
        using var h = EngineHarness.Create(o => o.RequestLifetime = "2h");
        h.Flow.On["request_expire"] = _ => ApprovalTemplate.Approve("auto-approved after two hours");
        SymRun run = await h.RequestAsync();
        await h.AdvanceAsync(TimeSpan.FromHours(2));
        SymRun stored = await h.RunAsync(run.Id);
        stored.State.Should().Be(SymRunState.Active);
        stored.DecisionReason.Should().Be("auto-approved after two hours");
    }
}
