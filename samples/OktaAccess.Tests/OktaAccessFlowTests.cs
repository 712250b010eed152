using Snapshooter.Xunit;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Okta;

namespace OktaAccess.Tests;

public sealed class OktaAccessFlowTests : IAsyncLifetime
{
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    private readonly DemoOrg _org = new(new FakeOkta());
    private SymFlowHarness _harness = null!;

    private FakeOkta Okta => _org.Okta;

    public Task InitializeAsync()
    {
        _harness = _org.CreateHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<HarnessRun> RequestAsync(User requester, TimeSpan? duration = null) =>
        _harness.RequestAsync(requester, target: "prod-admins", duration: duration ?? OneHour, reason: "incident 42");

    private bool InProdAdmins(User user) => Okta.IsMember(DemoOrg.ProdAdminsGroupId, _org.OktaIdOf(user));

    // Routing: GetRequestNotificationsAsync

    [Fact]
    public async Task Request_FromEngineering_IsAnnouncedInEngRequestsOnly()
    {
        HarnessRun run = await RequestAsync(_org.Alice);

        run.AssertState(SymRunState.Pending);
        _harness.MessagesTo("#eng-requests").Should().ContainSingle().Which.Kind.Should().Be(SymNotificationKind.Announce);
        _harness.MessagesTo("#sym-requests").Should().BeEmpty();
        run.Current.Notifications.Should().Equal(Notification.To(new SlackChannelName("#eng-requests")));
    }

    [Fact]
    public async Task Request_FromAnotherDepartment_IsAnnouncedInSymRequestsOnly()
    {
        HarnessRun run = await RequestAsync(_org.Carol);

        _harness.MessagesTo("#sym-requests").Should().ContainSingle().Which.Kind.Should().Be(SymNotificationKind.Announce);
        _harness.MessagesTo("#eng-requests").Should().BeEmpty();
        run.Current.Notifications.Should().Equal(Notification.To(new SlackChannelName("#sym-requests")));
    }

    [Fact]
    public async Task Request_DepartmentMatchesIgnoringCase()
    {
        Okta.AddUser(new Sym.Sdk.Integrations.Okta.OktaUser
        {
            Id = "00uFrank",
            Profile = new Sym.Sdk.Integrations.Okta.OktaUserProfile
            {
                Login = "frank@example.com",
                Email = "frank@example.com",
                AdditionalAttributes = { ["department"] = System.Text.Json.JsonSerializer.SerializeToElement("ENGINEERING") },
            },
        });

        await RequestAsync(FakeEvents.User("frank@example.com"));

        _harness.MessagesTo("#eng-requests").Should().ContainSingle();
    }

    [Fact]
    public async Task Request_ProfileWithoutDepartment_GoesToSymRequests()
    {
        Okta.AddUser("grace@example.com");

        HarnessRun run = await RequestAsync(FakeEvents.User("grace@example.com"));

        _harness.MessagesTo("#sym-requests").Should().ContainSingle();
        run.Current.Permission!.UserIds.Should().BeEquivalentTo("bob@example.com", "dana@example.com");
    }

    // Approvers: GetPermissionsAsync

    [Fact]
    public async Task Request_FromEngineering_ApproversAreTheEngineeringLeads()
    {
        HarnessRun run = await RequestAsync(_org.Alice);

        run.Current.Permission!.UserIds.Should().BeEquivalentTo("bob@example.com", "erin@example.com");
        run.Current.Permission.AllowSelfApproval.Should().BeFalse();
    }

    [Fact]
    public async Task Request_FromAnotherDepartment_ApproversAreTheApproversGroup()
    {
        HarnessRun run = await RequestAsync(_org.Carol);

        run.Current.Permission!.UserIds.Should().BeEquivalentTo("bob@example.com", "dana@example.com");
    }

    [Fact]
    public async Task Approve_ByAnApproverOfAnotherDepartment_IsIgnoredByTheEngine()
    {
        HarnessRun run = await RequestAsync(_org.Alice);

        SymActionResult result = await run.ApproveAsync(_org.Dana);

        result.Status.Should().Be(SymActionStatus.Ignored);
        run.AssertState(SymRunState.Pending).AssertStrategyCalls("escalate", 0);
        Okta.Calls.Should().NotContain(c => c.StartsWith("okta.IsUserInGroup", StringComparison.Ordinal), "the engine refuses Dana before the hook runs");
        InProdAdmins(_org.Alice).Should().BeFalse();
    }

    [Fact]
    public async Task Request_ApproversGroupEmpty_OnlyAdminsMayDecide()
    {
        await Okta.RemoveUserFromGroupAsync(DemoOrg.EngineeringLeadsGroupId, _org.OktaIdOf(_org.Bob));
        await Okta.RemoveUserFromGroupAsync(DemoOrg.EngineeringLeadsGroupId, _org.OktaIdOf(_org.Erin));

        HarnessRun run = await RequestAsync(_org.Alice);

        run.Current.Permission.Should().Be(RequestPermission.ForLevel(PermissionLevel.Admin));
        (await run.ApproveAsync(_org.Bob)).Status.Should().Be(SymActionStatus.Ignored);
    }

    // OnApproveAsync: approvers must be in approvers_group in Okta when they approve

    [Fact]
    public async Task Approve_ByLeadOutsideTheApproversGroup_IsIgnoredAndTheyAreToldWhy()
    {
        HarnessRun run = await RequestAsync(_org.Alice);

        SymActionResult result = await run.ApproveAsync(_org.Erin);

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be(OktaAccessFlow.NotAnApproverMessage);
        run.AssertState(SymRunState.Pending).AssertStrategyCalls("escalate", 0);
        _harness.MessagesTo(_org.Erin).Should().ContainSingle().Which.Message.Should().Be(OktaAccessFlow.NotAnApproverMessage);
        InProdAdmins(_org.Alice).Should().BeFalse();
    }

    [Fact]
    public async Task Approve_ByApproverWhoLeftTheGroupAfterTheRequest_IsIgnored()
    {
        HarnessRun run = await RequestAsync(_org.Alice);
        await Okta.RemoveUserFromGroupAsync(DemoOrg.ApproversGroupId, _org.OktaIdOf(_org.Bob));

        SymActionResult result = await run.ApproveAsync(_org.Bob);

        result.Status.Should().Be(SymActionStatus.Ignored);
        run.AssertState(SymRunState.Pending);
        InProdAdmins(_org.Alice).Should().BeFalse();
    }

    [Fact]
    public async Task Approve_ByAdminWithoutAnOktaAccount_IsIgnored()
    {
        HarnessRun run = await RequestAsync(_org.Alice);

        SymActionResult result = await run.ApproveAsync(_org.Mallory);

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be(OktaAccessFlow.NotAnApproverMessage);
        run.AssertState(SymRunState.Pending);
    }

    [Fact]
    public async Task Approve_IgnoredThenByARightfulApprover_Escalates()
    {
        HarnessRun run = await RequestAsync(_org.Alice);

        await run.ApproveAsync(_org.Erin);
        SymActionResult result = await run.ApproveAsync(_org.Bob);

        result.IsApplied.Should().BeTrue();
        run.AssertState(SymRunState.Active).AssertStrategyCalls("escalate", 1).AssertNoErrors();
    }

    // Grant and expiry: OktaGroupStrategy

    [Fact]
    public async Task Approve_AddsTheRequesterToTheOktaGroup_AndExpiryRemovesThem()
    {
        HarnessRun run = await RequestAsync(_org.Alice);

        await run.ApproveAsync(_org.Bob);
        bool memberWhileActive = InProdAdmins(_org.Alice);
        SymRunState whileActive = run.State;
        await _harness.AdvanceAsync(OneHour - TimeSpan.FromSeconds(1));
        bool memberJustBeforeExpiry = InProdAdmins(_org.Alice);
        await _harness.AdvanceAsync(TimeSpan.FromSeconds(1));

        whileActive.Should().Be(SymRunState.Active);
        memberWhileActive.Should().BeTrue();
        memberJustBeforeExpiry.Should().BeTrue();
        run.AssertState(SymRunState.Ended).AssertStrategyCalls("escalate", 1).AssertStrategyCalls("deescalate", 1).AssertNoErrors();
        InProdAdmins(_org.Alice).Should().BeFalse();
        run.StrategyCalls.Should().OnlyContain(c => c.Succeeded && !c.Output!.IsNoOp);
        _harness.AssertNoErrors();
        _harness.AssertMessageTo("alice@example.com", "access expired");
    }

    [Fact]
    public async Task Approve_RequesterAlreadyInTheGroup_IsANoOpGrant()
    {
        Okta.AddMember(DemoOrg.ProdAdminsGroupId, _org.OktaIdOf(_org.Alice));
        HarnessRun run = await RequestAsync(_org.Alice);

        await run.ApproveAsync(_org.Bob);

        run.AssertState(SymRunState.Active);
        run.StrategyCalls.Single().Output.Should().Be(StrategyOutput.AlreadyGranted());
        run.Current.Outputs["escalate"].IsNoOp.Should().BeTrue();
    }

    // Okta failing mid-way (fault injection)

    [Fact]
    public async Task Escalate_OktaFailsToAddTheMember_IsReportedAndCompensated()
    {
        HarnessRun run = await RequestAsync(_org.Alice);
        Okta.Faults.FailNext(1, "okta.AddUserToGroup");

        await run.ApproveAsync(_org.Bob);

        run.AssertState(SymRunState.Errored);
        run.Errors.Should().ContainSingle().Which.Step.Should().Be("escalate");
        _harness.Errors.Should().ContainSingle().Which.Error.Message.Should().Contain("okta.AddUserToGroup");
        _harness.MessagesTo("#sym-errors").Should().ContainSingle();
        _harness.AssertMessageTo("alice@example.com", "Access could not be granted");
        StrategyCall compensation = run.StrategyCalls.Should().HaveCount(2).And.Subject.Last();
        compensation.Step.Should().Be("deescalate");
        compensation.DeescalateType.Should().Be("compensate");
        compensation.Output.Should().Be(StrategyOutput.AlreadyRevoked());
        Okta.Faults.Fired.Should().ContainSingle().Which.Operation.Should().Be("okta.AddUserToGroup");
        InProdAdmins(_org.Alice).Should().BeFalse();
    }

    [Fact]
    public async Task Expiry_OktaFailsToRemoveTheMember_IsReportedAndRetriedUntilRemoved()
    {
        HarnessRun run = await RequestAsync(_org.Alice);
        await run.ApproveAsync(_org.Bob);
        Okta.Faults.FailNext(2, "okta.RemoveUserFromGroup");

        await _harness.AdvanceAsync(OneHour);
        SymRunState afterFirstFailure = run.State;
        bool stillMember = InProdAdmins(_org.Alice);
        await _harness.AdvanceAsync(OneHour);

        afterFirstFailure.Should().Be(SymRunState.Deescalating);
        stillMember.Should().BeTrue("the first removal failed");
        run.AssertState(SymRunState.Ended).AssertStrategyCalls("deescalate", 3);
        InProdAdmins(_org.Alice).Should().BeFalse();
        _harness.Errors.Should().HaveCount(2).And.OnlyContain(e => e.Error.Step == "deescalate");
        _harness.FiredFaults.Should().HaveCount(2);
        run.StrategyCalls.Where(c => c.Step == "deescalate").Select(c => c.Succeeded).Should().Equal(false, false, true);
    }

    [Fact]
    public async Task Request_OktaDownWhilePickingApprovers_IsReportedAndFailsClosedToAdmins()
    {
        Okta.Faults.FailNext(1, "okta.FindUserByEmail");

        HarnessRun run = await RequestAsync(_org.Alice);

        run.AssertState(SymRunState.Pending);
        run.Current.Permission.Should().Be(RequestPermission.ForLevel(PermissionLevel.Admin));
        _harness.Errors.Should().ContainSingle().Which.Error.Step.Should().Be("request");
        _harness.MessagesTo("#eng-requests").Should().ContainSingle("routing asked Okta again, and Okta answered");
        (await run.ApproveAsync(_org.Bob)).Status.Should().Be(SymActionStatus.Ignored);
    }

    [Fact]
    public async Task Request_RequesterNotInOkta_IsReportedAndGoesToTheDefaultChannel()
    {
        User stranger = FakeEvents.User("stranger@example.com");

        HarnessRun run = await RequestAsync(stranger);

        _harness.Errors.Should().HaveCount(2).And.OnlyContain(e => e.Error.Code == OktaErrorCodes.UserNotFound);
        run.Current.Permission.Should().Be(RequestPermission.ForLevel(PermissionLevel.Admin));
        _harness.MessagesTo("#sym-requests").Should().ContainSingle();
    }

    [Fact]
    public async Task Request_FlowWithoutApproversGroupVar_IsReportedWithAHint()
    {
        await using SymFlowHarness harness = SymFlowHarness.Create<OktaAccessFlow, Sym.Sdk.Integrations.Okta.OktaGroupStrategy>(
            OktaAccessFlow.Name,
            flow =>
            {
                _org.Definition(flow);
                flow.Vars.Remove(OktaAccessFlow.ApproversGroupVar);
            },
            builder => builder.Use(Okta));

        await harness.RequestAsync(_org.Carol, target: "prod-admins", duration: OneHour, reason: "audit");

        SymRunError error = harness.Errors.Should().ContainSingle().Subject.Error;
        error.Code.Should().Be("OktaAccess:MISSING_VAR");
        error.Message.Should().Contain("approvers_group");
    }

    // The story Program.cs tells, as a person reads it

    [Fact]
    public async Task Story_Transcript_MatchesSnapshot()
    {
        HarnessRun alice = await RequestAsync(_org.Alice);
        await alice.ApproveAsync(_org.Erin);
        await alice.ApproveAsync(_org.Bob);
        HarnessRun carol = await RequestAsync(_org.Carol, TimeSpan.FromHours(4));
        await carol.ApproveAsync(_org.Dana);
        await _harness.AdvanceAsync(TimeSpan.FromHours(4));

        alice.AssertState(SymRunState.Ended);
        carol.AssertState(SymRunState.Ended);
        _harness.GetTranscript().MatchSnapshot();
    }
}
