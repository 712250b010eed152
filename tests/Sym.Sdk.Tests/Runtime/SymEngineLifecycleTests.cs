using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Runtime;

public sealed class SymEngineLifecycleTests
{
    [Fact]
    public async Task FullLifecycle_RequestApproveExpire_EscalatesThenDeescalatesOnSchedule()
    {
        using var h = EngineHarness.Create();

        SymRun pending = await h.RequestAsync();
        pending.State.Should().Be(SymRunState.Pending);
        pending.Version.Should().Be(1);

        SymActionResult approved = await h.Engine.ApproveAsync(pending.Id, EngineHarness.Approver);
        approved.Status.Should().Be(SymActionStatus.Applied);
        approved.Run!.State.Should().Be(SymRunState.Active);
        approved.Run.ExpiresAt.Should().Be(h.Time.GetUtcNow() + TimeSpan.FromHours(1));
        h.Strategy.CountOf("escalate").Should().Be(1);

        await h.AdvanceAsync(TimeSpan.FromMinutes(59));
        (await h.RunAsync(pending.Id)).State.Should().Be(SymRunState.Active);

        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        SymRun ended = await h.RunAsync(pending.Id);
        ended.State.Should().Be(SymRunState.Ended);
        ended.DeescalateType.Should().Be("scheduled");
        h.Strategy.CountOf("deescalate").Should().Be(1);
        h.Strategy.Calls.Select(c => c.TargetId).Should().AllBe("prod");
    }

    [Fact]
    public async Task FullLifecycle_CallsHooksAroundEveryStepInOrder()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        await h.Engine.RevokeAsync(run.Id, EngineHarness.Requester);

        h.Flow.HookNames.Should().Equal(
            "OnRequest", "GetPermissions", "GetRequestNotifications", "GetApprovers", "AfterRequest",
            "OnApprove", "AfterApprove",
            "OnEscalate", "GetIdentity", "AfterEscalate",
            "OnDeescalate", "AfterDeescalate");
    }

    [Fact]
    public async Task Events_CarryRequesterFieldsTargetAndActors()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();

        Event escalate = h.Strategy.Calls.Single(c => c.Step == "escalate").Event;
        escalate.Name.Should().Be("escalate");
        escalate.User.Should().Be(EngineHarness.Approver);
        escalate.GetActor(ApprovalTemplateStep.Request).Should().Be(EngineHarness.Requester);
        escalate.GetActor(ApprovalTemplateStep.Approve).Should().Be(EngineHarness.Approver);
        escalate.Fields.Reason.Should().Be("incident 42");
        escalate.Fields.Duration.Should().Be(TimeSpan.FromHours(1));
        escalate.Fields.Target!.Name.Should().Be("prod");
        escalate.Fields.Target.Settings["group_id"].Should().Be("g-1");
        escalate.Flow.Name.Should().Be(EngineHarness.FlowName);
        escalate.Run.Id.Should().Be(run.Id);
        escalate.Payload.Srn!.ToString().Should().Be("sym:event-spec:approval:1.0.0:escalate");
    }
}
