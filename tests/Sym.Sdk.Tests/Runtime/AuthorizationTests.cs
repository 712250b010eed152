using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

public sealed class AuthorizationTests
{
    private static readonly User Member = new() { Username = "member@example.com" };

    private static async Task AssertIgnoredAsync(EngineHarness h, SymActionResult result, string step, User actor, string message)
    {
        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be(message);
        (await h.AuditAsync(new() { RunId = result.Run!.Id, Step = step, Outcome = SymAuditOutcome.Ignored }))
            .Should().ContainSingle().Which.Actor.Should().Be(actor.Username);
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Ignored).Should().BeEmpty("the answer is the result's, shown by the front end where the actor acted");
    }

    [Fact]
    public async Task Approve_MemberUnderDefaultPermission_TakesEffect()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();
        (await h.Engine.ApproveAsync(run.Id, Member)).Status.Should().Be(SymActionStatus.Applied);
    }

    [Fact]
    public async Task Approve_SelfApprovalNotAllowed_IsIgnoredAuditedAndAnswered()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();
        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Requester);
        await AssertIgnoredAsync(h, result, "approve", EngineHarness.Requester, "You may not approve your own request.");
        result.Run!.State.Should().Be(SymRunState.Pending);
        h.Strategy.CountOf("escalate").Should().Be(0);
    }

    [Fact]
    public async Task Approve_SelfApprovalAllowedByPermission_TakesEffect()
    {
        using var h = EngineHarness.Create();
        h.Flow.Permissions = _ => RequestPermission.ForLevel(PermissionLevel.Member, allowSelfApproval: true);
        SymRun run = await h.RequestAsync();
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Requester)).Run!.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Approve_SelfApprovalAllowedByDestination_TakesEffect()
    {
        using var h = EngineHarness.Create();
        h.Flow.Approvers = _ => new SlackChannelName("#approvals") { AllowSelf = true };
        SymRun run = await h.RequestAsync();
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Requester)).Run!.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Approve_AdminIsAlwaysAllowed_EvenWhenTheListExcludesThem()
    {
        using var h = EngineHarness.Create();
        h.Flow.Permissions = _ => RequestPermission.ForUsers(["approver@example.com"]);
        SymRun run = await h.RequestAsync();
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Admin)).Run!.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Approve_AdminSelfApproval_FollowsTheSelfApprovalRule()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync(EngineHarness.Admin);
        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Admin);
        result.Status.Should().Be(SymActionStatus.Ignored);
    }

    [Fact]
    public async Task Approve_AdminLevelPermission_IgnoresMembers()
    {
        using var h = EngineHarness.Create();
        h.Flow.Permissions = _ => RequestPermission.ForLevel(PermissionLevel.Admin);
        SymRun run = await h.RequestAsync();
        await AssertIgnoredAsync(h, await h.Engine.ApproveAsync(run.Id, Member), "approve", Member, "You are not allowed to approve this request.");
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Admin)).IsApplied.Should().BeTrue();
    }

    [Fact]
    public async Task Approve_UserList_AdmitsListedUsersByEmailIdOrSlackId()
    {
        using var h = EngineHarness.Create(o => o.RequiredApprovals = 3);
        var byId = new User { Username = "id-user@example.com", Id = "sym-123" };
        h.Flow.Permissions = _ => RequestPermission.ForUsers(["APPROVER2@example.com", "sym-123", "U0APP"]);
        SymRun run = await h.RequestAsync();

        await AssertIgnoredAsync(h, await h.Engine.ApproveAsync(run.Id, Member), "approve", Member, "You are not allowed to approve this request.");
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver2)).IsApplied.Should().BeTrue();
        (await h.Engine.ApproveAsync(run.Id, byId)).IsApplied.Should().BeTrue();
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver)).Run!.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Approve_SlackUserDestination_AdmitsOnlyThatUser()
    {
        using var h = EngineHarness.Create();
        h.Flow.Approvers = _ => new SlackUser("U0APP");
        SymRun run = await h.RequestAsync();
        (await h.Engine.ApproveAsync(run.Id, Member)).Status.Should().Be(SymActionStatus.Ignored);
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver)).Run!.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Deny_UnauthorizedMember_IsIgnored()
    {
        using var h = EngineHarness.Create();
        h.Flow.Permissions = _ => RequestPermission.ForUsers(["approver@example.com"]);
        SymRun run = await h.RequestAsync();
        await AssertIgnoredAsync(h, await h.Engine.DenyAsync(run.Id, Member), "deny", Member, "You are not allowed to deny this request.");
        (await h.Engine.DenyAsync(run.Id, EngineHarness.Approver)).Run!.State.Should().Be(SymRunState.Denied);
    }

    [Fact]
    public async Task ApproveAndDeny_GuestWithoutGuestInteraction_AreIgnored()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();
        const string message = "Guests may not act on requests in this flow.";
        await AssertIgnoredAsync(h, await h.Engine.ApproveAsync(run.Id, EngineHarness.Guest), "approve", EngineHarness.Guest, message);
        await AssertIgnoredAsync(h, await h.Engine.DenyAsync(run.Id, EngineHarness.Guest), "deny", EngineHarness.Guest, message);
    }

    [Fact]
    public async Task Approve_GuestWithGuestInteractionAndAllUsersLevel_TakesEffect()
    {
        using var h = EngineHarness.Create(o => o.AllowGuestInteraction = true);
        h.Flow.Permissions = _ => RequestPermission.ForLevel(PermissionLevel.AllUsers);
        SymRun run = await h.RequestAsync();
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Guest)).Run!.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Approve_GuestWithGuestInteractionButMemberLevel_IsIgnored()
    {
        using var h = EngineHarness.Create(o => o.AllowGuestInteraction = true);
        SymRun run = await h.RequestAsync();
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Guest)).Status.Should().Be(SymActionStatus.Ignored);
    }

    [Fact]
    public async Task Cancel_RequesterOwnPending_TakesEffect()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();
        SymActionResult result = await h.Engine.CancelAsync(run.Id, EngineHarness.Requester);
        result.Run!.State.Should().Be(SymRunState.Cancelled);
        (await h.Store.GetTimersAsync(run.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Cancel_SomeoneElse_IsIgnored_ButAdminMay()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();
        await AssertIgnoredAsync(h, await h.Engine.CancelAsync(run.Id, EngineHarness.Approver), "cancel", EngineHarness.Approver,
            "Only the requester or an admin may cancel this request.");
        (await h.Engine.CancelAsync(run.Id, EngineHarness.Admin)).Run!.State.Should().Be(SymRunState.Cancelled);
    }

    [Fact]
    public async Task Cancel_AfterApproval_IsIgnored()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        (await h.Engine.CancelAsync(run.Id, EngineHarness.Requester)).Message.Should().Be("This request was already approved.");
    }

    [Theory]
    [InlineData("requester")]
    [InlineData("approver")]
    [InlineData("admin")]
    public async Task Revoke_ByRequesterApproverOrAdmin_Deescalates(string who)
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        User actor = who switch { "requester" => EngineHarness.Requester, "approver" => EngineHarness.Approver, _ => EngineHarness.Admin };
        SymActionResult result = await h.Engine.RevokeAsync(run.Id, actor);
        result.Run!.State.Should().Be(SymRunState.Ended);
        result.Run.DeescalateType.Should().Be("revoke");
        h.Strategy.Calls.Single(c => c.Step == "deescalate").Event.Fields.GetString("deescalate_type").Should().Be("revoke");
    }

    [Fact]
    public async Task Revoke_OtherMember_IsIgnored()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        await AssertIgnoredAsync(h, await h.Engine.RevokeAsync(run.Id, Member), "revoke", Member,
            "Only the requester, an approver of the request or an admin may revoke this access.");
        h.Strategy.CountOf("deescalate").Should().Be(0);
    }

    [Fact]
    public async Task Revoke_FlowDisallowsRevoke_IsIgnoredEvenForAdmins()
    {
        using var h = EngineHarness.Create(o => o.AllowRevoke = false);
        SymRun run = await h.ActiveRunAsync();
        await AssertIgnoredAsync(h, await h.Engine.RevokeAsync(run.Id, EngineHarness.Admin), "revoke", EngineHarness.Admin,
            "This flow does not allow revoking access early.");
    }

    [Fact]
    public async Task Revoke_PendingRequest_IsIgnored()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();
        (await h.Engine.RevokeAsync(run.Id, EngineHarness.Requester)).Message.Should().Be("This request has not been approved.");
    }

    [Fact]
    public async Task Relinquish_RequesterOnly()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        await AssertIgnoredAsync(h, await h.Engine.RelinquishAsync(run.Id, EngineHarness.Admin), "relinquish", EngineHarness.Admin,
            "Only the requester may relinquish their access.");
        SymActionResult result = await h.Engine.RelinquishAsync(run.Id, EngineHarness.Requester);
        result.Run!.State.Should().Be(SymRunState.Ended);
        result.Run.DeescalateType.Should().Be("relinquish");
    }

    [Fact]
    public async Task Actions_OnUnknownRun_ThrowNotFound()
    {
        using var h = EngineHarness.Create();
        Func<Task> act = () => h.Engine.ApproveAsync("missing", EngineHarness.Approver);
        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(SymErrorCodes.RunNotFound);
    }

    [Fact]
    public async Task RevokeAndExtend_GuestRequesterWithoutGuestInteraction_AreIgnored()
    {
        using var h = EngineHarness.Create(o => o.AllowGuestInteraction = true);
        SymActionResult requested = await h.Engine.RequestAsync(EngineHarness.NewRequest(EngineHarness.Guest));
        await h.Engine.ApproveAsync(requested.Run!.Id, EngineHarness.Approver);
        (await h.Engine.ExtendAsync(requested.Run.Id, EngineHarness.Guest, TimeSpan.FromHours(1))).IsApplied.Should().BeTrue();

        using var closed = EngineHarness.Create();
        SymRun run = await closed.ActiveRunAsync();
        var guestApprover = EngineHarness.Guest;
        (await closed.Engine.RevokeAsync(run.Id, guestApprover)).Message.Should().Be("Guests may not act on requests in this flow.");
    }
}
