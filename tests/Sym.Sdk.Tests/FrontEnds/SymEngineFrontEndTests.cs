using Sym.Sdk.FrontEnds;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;
using Sym.Sdk.Tests.Runtime;

namespace Sym.Sdk.Tests.FrontEnds;

/// <summary>
/// The engine's front-end API (<c>SymEngine.FrontEnd.cs</c>): the flow catalogue, validation without side effects, and
/// "may this user act on this run now, and if not why", with the verdict carried on every ignored result.
/// </summary>
public sealed class SymEngineFrontEndTests
{
    private static readonly User Member = new() { Username = "member@example.com" };

    /// <summary>A flow whose approvers are <see cref="EngineHarness.Approver"/> alone.</summary>
    private static EngineHarness Create(Action<Sym.Sdk.Flows.FlowOptions>? configure = null)
    {
        EngineHarness h = EngineHarness.Create(configure);
        h.Flow.Approvers = _ => new SlackUser("U0APP");
        return h;
    }

    [Fact]
    public void FlowCatalog_DescribesTheFlowAsConfigured()
    {
        using EngineHarness h = Create(o => { o.Label = "Custom access"; o.AllowRevoke = false; o.RequiredApprovals = 2; o.AllowedSources.Add("slack"); });

        FlowDescriptor flow = h.Engine.FlowCatalog.Should().ContainSingle().Subject;

        flow.Name.Should().Be(EngineHarness.FlowName);
        flow.Label.Should().Be("Custom access");
        flow.Fields.Select(static f => f.Name).Should().Equal("reason");
        flow.Targets.Should().ContainSingle().Which.Label.Should().Be("Production");
        flow.AllowedDurations.Should().Equal(TimeSpan.FromHours(1), TimeSpan.FromHours(4));
        flow.MaxDuration.Should().Be(TimeSpan.FromDays(1));
        flow.RequestLifetime.Should().Be(TimeSpan.FromDays(1));
        flow.AllowRevoke.Should().BeFalse();
        flow.RequiredApprovals.Should().Be(2);
        flow.AllowedSources.Should().Equal("slack");
        flow.HasDurationField.Should().BeFalse();
        h.Engine.FindFlow(EngineHarness.FlowName).Should().BeSameAs(flow);
        h.Engine.FindFlow("nope").Should().BeNull();
    }

    [Fact]
    public void GetDurationChoices_OffersTheAllowedDurations_ElseTheDefaultsUnderTheMaximum_ElseTheMaximum()
    {
        var defaults = new[] { TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(8) };
        var named = new FlowDescriptor { Name = "f", Label = "f", AllowedDurations = [TimeSpan.FromHours(4)] };
        var capped = new FlowDescriptor { Name = "f", Label = "f", MaxDuration = TimeSpan.FromHours(2) };
        var tiny = new FlowDescriptor { Name = "f", Label = "f", MaxDuration = TimeSpan.FromMinutes(10) };

        named.GetDurationChoices(defaults).Should().Equal(TimeSpan.FromHours(4));
        capped.GetDurationChoices(defaults).Should().Equal(TimeSpan.FromMinutes(30), TimeSpan.FromHours(1));
        tiny.GetDurationChoices(defaults).Should().Equal(TimeSpan.FromMinutes(10));
        capped.IsAllowedDuration(TimeSpan.FromHours(3)).Should().BeFalse();
        capped.IsAllowedDuration(TimeSpan.Zero).Should().BeFalse();
        named.IsAllowedDuration(TimeSpan.FromHours(1)).Should().BeFalse();
        named.IsAllowedDuration(TimeSpan.FromHours(4)).Should().BeTrue();
    }

    [Fact]
    public async Task ValidateRequest_Valid_HasNoErrorsAndCreatesNothing()
    {
        using EngineHarness h = Create();

        RequestValidationResult result = h.Engine.ValidateRequest(EngineHarness.NewRequest());

        result.IsValid.Should().BeTrue();
        result.Errors.Should().BeEmpty();
        (await h.AuditAsync()).Should().BeEmpty("validation writes nothing");
        h.Flow.HookNames.Should().BeEmpty("validation runs no flow code");
    }

    [Fact]
    public async Task ValidateRequest_Invalid_ListsEveryFieldErrorAsRequestAsyncWouldThrowThem()
    {
        using EngineHarness h = Create();
        AccessRequest request = EngineHarness.NewRequest(duration: TimeSpan.FromHours(2), target: "staging");

        RequestValidationResult result = h.Engine.ValidateRequest(request);

        result.IsValid.Should().BeFalse();
        result.Errors.Select(static e => e.Field).Should().BeEquivalentTo("target", "duration");
        result.ErrorsFor("target").Should().ContainSingle().Which.Should().Contain("staging");
        Func<Task> submit = () => h.Engine.RequestAsync(request);
        (await submit.Should().ThrowAsync<SymRequestValidationException>()).Which.Errors.Should().Equal(result.Errors);
    }

    [Fact]
    public void ValidateRequest_UnknownFlow_IsAnErrorOfFieldFlow()
    {
        using EngineHarness h = Create();

        RequestValidationResult result = h.Engine.ValidateRequest(EngineHarness.NewRequest() with { Flow = "nope" });

        result.Errors.Should().ContainSingle().Which.Field.Should().Be("flow");
    }

    [Fact]
    public async Task CheckAction_Pending_ApproverMayDecide_RequesterMayCancel_OthersMayNot()
    {
        using EngineHarness h = Create();
        SymRun run = await h.RequestAsync();

        h.Engine.CheckAction(run, EngineHarness.Approver, SymRunAction.Approve).IsAllowed.Should().BeTrue();
        h.Engine.CheckAction(run, EngineHarness.Requester, SymRunAction.Cancel).IsAllowed.Should().BeTrue();
        ActionCheck member = h.Engine.CheckAction(run, Member, SymRunAction.Approve);
        member.Verdict.Should().Be(ActionVerdict.NotAllowed);
        member.Message.Should().Be("You are not allowed to approve this request.");
        h.Engine.CheckAction(run, EngineHarness.Requester, SymRunAction.Revoke).Verdict.Should().Be(ActionVerdict.NotNow);
        h.Engine.CheckAction(run, Member, SymRunAction.Revoke).Verdict.Should().Be(ActionVerdict.NotAllowed, "who may not is told so, not the state");
    }

    [Fact]
    public async Task GetRunPermissions_Active_OffersWhatEachPersonMayDoNow()
    {
        using EngineHarness h = Create();
        SymRun run = await h.ActiveRunAsync();

        RunPermissions requester = h.Engine.GetRunPermissions(run, EngineHarness.Requester);
        RunPermissions approver = h.Engine.GetRunPermissions(run, EngineHarness.Approver);
        RunPermissions member = h.Engine.GetRunPermissions(run, Member);

        requester.CanRead.Should().BeTrue();
        requester.AllowedActions.Should().BeEquivalentTo([SymRunAction.Revoke, SymRunAction.Relinquish, SymRunAction.Extend]);
        approver.AllowedActions.Should().BeEquivalentTo([SymRunAction.Revoke]);
        approver.For(SymRunAction.Approve).Verdict.Should().Be(ActionVerdict.NotNow);
        member.CanRead.Should().BeFalse();
        member.AllowedActions.Should().BeEmpty();
        member.Actions.Should().HaveCount(Enum.GetValues<SymRunAction>().Length);
    }

    [Fact]
    public async Task CheckAction_AVoteAlreadyCast_IsNotNow_AndTheActionSaysTheSame()
    {
        using EngineHarness h = Create(o => o.RequiredApprovals = 2);
        h.Flow.Approvers = _ => new SlackChannelName("#sym-requests");
        SymRun run = await h.RequestAsync();
        run = (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver)).Run!;

        ActionCheck check = h.Engine.CheckAction(run, EngineHarness.Approver, SymRunAction.Approve);
        SymActionResult again = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        check.Verdict.Should().Be(ActionVerdict.NotNow);
        check.Message.Should().Be("You already approved this request.");
        again.Status.Should().Be(SymActionStatus.Ignored);
        again.Verdict.Should().Be(ActionVerdict.NotNow);
        again.Message.Should().Be(check.Message);
    }

    [Fact]
    public async Task ActionResults_CarryTheVerdict_NotAllowedNotNowOrRefusedByFlow()
    {
        using EngineHarness h = Create();
        SymRun run = await h.RequestAsync();
        h.Flow.On["approve"] = e => e.User == EngineHarness.Approver ? Template.Ignore("Not during the freeze.") : null;

        SymActionResult outsider = await h.Engine.ApproveAsync(run.Id, Member);
        SymActionResult early = await h.Engine.RevokeAsync(run.Id, EngineHarness.Requester);
        SymActionResult hooked = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        SymActionResult cancelled = await h.Engine.CancelAsync(run.Id, EngineHarness.Requester);

        outsider.Verdict.Should().Be(ActionVerdict.NotAllowed);
        early.Verdict.Should().Be(ActionVerdict.NotNow);
        hooked.Verdict.Should().Be(ActionVerdict.RefusedByFlow);
        hooked.Message.Should().Be("Not during the freeze.");
        cancelled.IsApplied.Should().BeTrue();
        cancelled.Verdict.Should().Be(ActionVerdict.Allowed);
    }

    [Fact]
    public async Task RequestAsync_SameRequestIdAgain_IsNotNow()
    {
        using EngineHarness h = Create();
        AccessRequest request = EngineHarness.NewRequest() with { RequestId = "r-1" };
        (await h.Engine.RequestAsync(request)).IsApplied.Should().BeTrue();

        SymActionResult again = await h.Engine.RequestAsync(request);

        again.Status.Should().Be(SymActionStatus.Ignored);
        again.Verdict.Should().Be(ActionVerdict.NotNow);
    }
}
