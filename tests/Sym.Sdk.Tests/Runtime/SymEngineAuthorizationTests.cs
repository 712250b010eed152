using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>The engine's public answers to "may this user see or act on this run", and the approval hook's say over denials.</summary>
public sealed class SymEngineAuthorizationTests
{
    private static readonly User Member = new() { Username = "member@example.com" };
    private const string NotAnApprover = "You are not authorized to approve this request.";

    /// <summary>The quickstart's shape before issue 15: the channel admits every member, and only OnApproveAsync narrows it.</summary>
    private static EngineHarness HookRestrictedFlow(Action<Sym.Sdk.Flows.FlowOptions>? configure = null)
    {
        EngineHarness h = EngineHarness.Create(configure);
        h.Flow.Approvers = _ => new SlackChannelName("#sym-requests") { AllowSelf = true };
        h.Flow.On["approve"] = e => e.User == EngineHarness.Approver ? null : Template.Ignore(NotAnApprover);
        return h;
    }

    [Fact]
    public async Task DenyAsync_ByAMemberTheApproveHookRefuses_IsIgnoredAndChangesNoRunState()
    {
        using EngineHarness h = HookRestrictedFlow();
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.DenyAsync(run.Id, Member, "no");

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be("You are not allowed to deny this request.");
        SymRun after = await h.RunAsync(run.Id);
        after.State.Should().Be(SymRunState.Pending);
        after.Version.Should().Be(run.Version);
        after.Denials.Should().BeEmpty();
        (await h.AuditAsync(new() { RunId = run.Id, Step = "deny" })).Should().ContainSingle()
            .Which.Outcome.Should().Be(SymAuditOutcome.Ignored);
        h.Flow.HookNames.Should().Contain("OnApprove").And.NotContain("OnDeny", "the denial stopped at the approval hook");
    }

    [Fact]
    public async Task DenyAsync_ByTheRequesterTheApproveHookRefuses_IsIgnored()
    {
        using EngineHarness h = HookRestrictedFlow();
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.DenyAsync(run.Id, EngineHarness.Requester);

        result.Status.Should().Be(SymActionStatus.Ignored);
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Pending);
    }

    [Fact]
    public async Task DenyAsync_ByAnApproverTheApproveHookAdmits_Denies()
    {
        using EngineHarness h = HookRestrictedFlow();
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.DenyAsync(run.Id, EngineHarness.Approver, "not now");

        result.Status.Should().Be(SymActionStatus.Applied);
        result.Run!.State.Should().Be(SymRunState.Denied);
        h.Flow.HookNames.Should().ContainInOrder("OnApprove", "OnDeny", "AfterDeny");
        h.Flow.HookNames.Should().NotContain("AfterApprove");
        h.Strategy.CountOf("escalate").Should().Be(0);
    }

    [Fact]
    public async Task DenyAsync_DenyRequiresApproverOff_LeavesDenialsToThePermission()
    {
        using EngineHarness h = HookRestrictedFlow(o => o.DenyRequiresApprover = false);
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.DenyAsync(run.Id, Member);

        result.Run!.State.Should().Be(SymRunState.Denied);
        h.Flow.HookNames.Should().NotContain("OnApprove");
    }

    [Fact]
    public async Task DenyAsync_TheApproveHookThrows_FailsClosedAndTheRunStaysPending()
    {
        using EngineHarness h = EngineHarness.Create();
        h.Flow.On["approve"] = _ => throw new InvalidOperationException("approver directory down");
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.DenyAsync(run.Id, EngineHarness.Approver);

        result.Status.Should().Be(SymActionStatus.Failed);
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Pending);
        await h.DeliverAsync();
        h.Errors.Should().ContainSingle();
    }

    [Fact]
    public async Task DenyAsync_ApproveHookRestrictionButPermissionRefusesFirst_NeverCallsTheHook()
    {
        using EngineHarness h = EngineHarness.Create();
        h.Flow.Permissions = _ => RequestPermission.ForUsers([EngineHarness.Approver.Username]);
        h.Flow.On["approve"] = _ => Template.Ignore(NotAnApprover);
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.DenyAsync(run.Id, Member);

        result.Message.Should().Be("You are not allowed to deny this request.");
        h.Flow.HookNames.Should().NotContain("OnApprove");
    }

    [Fact]
    public async Task CanRead_PendingRun_RequesterAdminAndWhoMayDecideOnly()
    {
        using EngineHarness h = EngineHarness.Create();
        h.Flow.Permissions = _ => RequestPermission.ForUsers([EngineHarness.Approver.Username]);
        SymRun run = await h.RequestAsync();

        h.Engine.CanRead(run, EngineHarness.Requester).Should().BeTrue();
        h.Engine.CanRead(run, EngineHarness.Approver).Should().BeTrue("he may decide it");
        h.Engine.CanRead(run, EngineHarness.Admin).Should().BeTrue();
        h.Engine.CanRead(run, Member).Should().BeFalse("she may not decide it");
        h.Engine.CanRead(run, EngineHarness.Guest).Should().BeFalse();
    }

    [Fact]
    public async Task CanView_WebappViewMember_EveryMemberSeesTheRunForLife_GuestsDoNot()
    {
        using EngineHarness h = EngineHarness.Create();
        h.Flow.Permissions = _ => new RequestPermission(webappView: PermissionLevel.Member, approveDeny: [EngineHarness.Approver.Username]);
        SymRun run = await h.RequestAsync();
        SymRun active = (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver)).Run!;

        h.Engine.CanView(run, Member).Should().BeTrue("webapp_view admits every member");
        h.Engine.CanView(active, Member).Should().BeTrue("and not only while the request is pending");
        h.Engine.GetRunPermissions(active, Member).CanView.Should().BeTrue();
        h.Engine.CanView(active, EngineHarness.Guest).Should().BeFalse("a guest is not a member");
        h.Engine.CheckAction(run, Member, SymRunAction.Approve).Verdict.Should().Be(Sym.Sdk.FrontEnds.ActionVerdict.NotAllowed,
            "viewing is not deciding");
    }

    [Fact]
    public async Task CanView_WebappViewAdmin_RequesterStillSeesTheirOwnAndAMemberDoesNot()
    {
        using EngineHarness h = EngineHarness.Create();
        h.Flow.Permissions = _ => new RequestPermission(webappView: PermissionLevel.Admin, approveDeny: PermissionLevel.Admin);
        SymRun run = await h.RequestAsync();

        h.Engine.CanView(run, EngineHarness.Requester).Should().BeTrue("the requester always sees their own requests");
        h.Engine.CanView(run, EngineHarness.Admin).Should().BeTrue("admins see everything");
        h.Engine.CanView(run, Member).Should().BeFalse();
        h.Engine.GetRunPermissions(run, Member).CanView.Should().BeFalse();
    }

    [Fact]
    public async Task CanView_WebappViewUserList_AdmitsExactlyThoseUsers()
    {
        using EngineHarness h = EngineHarness.Create();
        h.Flow.Permissions = _ => new RequestPermission(webappView: PermissionAudience.UserIds([Member.Username]), approveDeny: PermissionLevel.Admin);
        SymRun run = await h.RequestAsync();

        h.Engine.CanView(run, Member).Should().BeTrue();
        h.Engine.CanView(run, EngineHarness.Approver).Should().BeFalse("not in the list, and not an approver under admin-only approval");
    }

    [Fact]
    public async Task CanRead_DecidedRun_KeepsThoseWhoActedAndDropsThoseWhoOnlyMightHave()
    {
        using EngineHarness h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();
        h.Engine.CanRead(run, Member).Should().BeTrue("under the default member permission every member may decide a pending run");

        SymRun active = (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver)).Run!;

        h.Engine.CanRead(active, EngineHarness.Approver).Should().BeTrue("he approved it");
        h.Engine.CanRead(active, Member).Should().BeFalse("the request is no longer hers to decide");
        h.Engine.CanRead(active, EngineHarness.Requester).Should().BeTrue();
    }

    [Fact]
    public async Task CanRead_GuestAllowedToInteract_ReadsPendingRunsTheyMayDecide()
    {
        using EngineHarness h = EngineHarness.Create(o => o.AllowGuestInteraction = true);
        h.Flow.Permissions = _ => RequestPermission.ForLevel(PermissionLevel.AllUsers);
        SymRun run = await h.RequestAsync();

        h.Engine.CanRead(run, EngineHarness.Guest).Should().BeTrue();
    }

    [Fact]
    public async Task GetRefusal_IgnoresTheRunsState_SoAnOutsiderLearnsNothingFromIt()
    {
        using EngineHarness h = EngineHarness.Create();
        SymRun active = await h.ActiveRunAsync();

        h.Engine.GetRefusal(active, Member, SymRunAction.Cancel).Should().Be("Only the requester or an admin may cancel this request.");
        h.Engine.GetRefusal(active, EngineHarness.Requester, SymRunAction.Cancel).Should().BeNull("the rules admit her; only the state does not");
        h.Engine.GetRefusal(active, EngineHarness.Approver, SymRunAction.Approve).Should().BeNull();
    }

    [Theory]
    [InlineData(SymRunAction.Approve, "requester", "You may not approve your own request.")]
    [InlineData(SymRunAction.Approve, "approver", null)]
    [InlineData(SymRunAction.Approve, "member", "You are not allowed to approve this request.")]
    [InlineData(SymRunAction.Approve, "guest", "Guests may not act on requests in this flow.")]
    [InlineData(SymRunAction.Approve, "admin", null)]
    [InlineData(SymRunAction.Deny, "requester", "You are not allowed to deny this request.")]
    [InlineData(SymRunAction.Deny, "approver", null)]
    [InlineData(SymRunAction.Deny, "member", "You are not allowed to deny this request.")]
    [InlineData(SymRunAction.Deny, "admin", null)]
    [InlineData(SymRunAction.Cancel, "requester", null)]
    [InlineData(SymRunAction.Cancel, "approver", "Only the requester or an admin may cancel this request.")]
    [InlineData(SymRunAction.Cancel, "admin", null)]
    [InlineData(SymRunAction.Revoke, "requester", null)]
    [InlineData(SymRunAction.Revoke, "approver", null)]
    [InlineData(SymRunAction.Revoke, "member", "Only the requester, an approver of the request or an admin may revoke this access.")]
    [InlineData(SymRunAction.Revoke, "guest", "Guests may not act on requests in this flow.")]
    [InlineData(SymRunAction.Revoke, "admin", null)]
    [InlineData(SymRunAction.Relinquish, "requester", null)]
    [InlineData(SymRunAction.Relinquish, "admin", "Only the requester may relinquish their access.")]
    [InlineData(SymRunAction.Extend, "requester", null)]
    [InlineData(SymRunAction.Extend, "approver", "Only the requester may ask to extend their access.")]
    [InlineData(SymRunAction.ApproveExtension, "requester", "You may not approve your own request.")]
    [InlineData(SymRunAction.ApproveExtension, "approver", null)]
    [InlineData(SymRunAction.DenyExtension, "member", "You are not allowed to deny this request.")]
    public async Task GetRefusal_EachActionAndCaller_IsTheMessageTheEngineRefusesWith(SymRunAction action, string caller, string? expected)
    {
        using EngineHarness h = EngineHarness.Create();
        h.Flow.Permissions = _ => RequestPermission.ForUsers([EngineHarness.Approver.Username]);
        SymRun active = await h.ActiveRunAsync();
        User user = caller switch
        {
            "requester" => EngineHarness.Requester,
            "approver" => EngineHarness.Approver,
            "member" => Member,
            "guest" => EngineHarness.Guest,
            _ => EngineHarness.Admin,
        };

        h.Engine.GetRefusal(active, user, action).Should().Be(expected);
    }

    [Fact]
    public async Task GetRefusal_RevokeInAFlowWithoutRevoke_RefusesEvenTheRequester()
    {
        using EngineHarness h = EngineHarness.Create(o => o.AllowRevoke = false);
        SymRun active = await h.ActiveRunAsync();

        h.Engine.GetRefusal(active, EngineHarness.Requester, SymRunAction.Revoke).Should().Be("This flow does not allow revoking access early.");
    }

    [Fact]
    public async Task GetRefusal_RunOfAFlowNoLongerRegistered_RefusesEveryone_AndOnlyAdminsRead()
    {
        using EngineHarness h = EngineHarness.Create();
        SymRun run = (await h.RequestAsync()) with { Flow = "retired_flow" };

        h.Engine.GetRefusal(run, EngineHarness.Admin, SymRunAction.Approve).Should().Contain("no longer registered");
        h.Engine.CanRead(run, EngineHarness.Admin).Should().BeTrue();
        h.Engine.CanRead(run, EngineHarness.Requester).Should().BeTrue();
        h.Engine.CanRead(run, EngineHarness.Approver).Should().BeFalse();
    }

    [Fact]
    public async Task GetRefusal_UnknownAction_Throws()
    {
        using EngineHarness h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();

        Action act = () => h.Engine.GetRefusal(run, Member, (SymRunAction)99);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
