using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk;
using Sym.Sdk.Integrations.Aws.Sso;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing;

namespace AwsSsoAccess.Tests;

public sealed class AwsSsoAccessFlowTests : IAsyncLifetime
{
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    private readonly DemoAccounts _accounts = DemoAccounts.Create();
    private SymFlowHarness _harness = null!;

    public Task InitializeAsync()
    {
        _accounts.Aws.AssignmentLatency = TimeSpan.FromSeconds(3);
        _harness = _accounts.CreateHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<HarnessRun> RequestAsync(User requester) =>
        _harness.RequestAsync(requester, target: "prod-admin", duration: OneHour, reason: "rotate credentials");

    private Task<SymActionResult> ApproveAsync(HarnessRun run) => run.ApproveAsync(_accounts.Bob);

    private Task<int> AdvanceAsync(TimeSpan by) => _harness.AdvanceAsync(by);

    private async Task AssignAsync(string principalId)
    {
        var assignment = new AccountAssignment
        {
            InstanceArn = _accounts.Aws.InstanceArn,
            AccountId = DemoAccounts.ProductionAccount,
            PermissionSetArn = DemoAccounts.AdminPermissionSet,
            PrincipalId = principalId,
        };
        await _accounts.Aws.SsoAdmin.CreateAccountAssignmentAsync(assignment);
        _harness.Time.Advance(_accounts.Aws.AssignmentLatency);
    }

    // Approvers: the Slack channel in the flow var request_channel

    [Fact]
    public async Task Request_IsAnnouncedInTheRequestChannelVar()
    {
        HarnessRun run = await RequestAsync(_accounts.Alice);

        run.AssertState(SymRunState.Pending);
        _harness.MessagesTo(DemoAccounts.RequestChannel).Should().ContainSingle().Which.Kind.Should().Be(SymNotificationKind.Announce);
        run.Current.Notifications.Single().Destinations.Should().Equal(new SlackChannelName(DemoAccounts.RequestChannel));
    }

    [Fact]
    public async Task Approve_ByTheRequester_IsIgnored()
    {
        HarnessRun run = await RequestAsync(_accounts.Alice);

        SymActionResult result = await run.ApproveAsync(_accounts.Alice);

        result.Status.Should().Be(SymActionStatus.Ignored);
        run.AssertState(SymRunState.Pending).AssertStrategyCalls("escalate", 0);
        _accounts.Aws.AccountAssignments.Should().BeEmpty();
    }

    [Fact]
    public async Task Request_FlowWithoutRequestChannelVar_IsReportedWithAHint()
    {
        DemoAccounts accounts = DemoAccounts.Create();
        accounts.Builder.Services.PostConfigure<Sym.Sdk.Flows.FlowOptions>(AwsSsoAccessFlow.Name, o => o.Vars.Remove(AwsSsoAccessFlow.RequestChannelVar));
        await using SymFlowHarness harness = accounts.CreateHarness();

        await harness.RequestAsync(accounts.Alice, target: "prod-admin", duration: OneHour, reason: "x");

        SymRunError error = harness.Errors.Should().ContainSingle().Subject.Error;
        error.Code.Should().Be("AwsSsoAccess:MISSING_VAR");
        error.Message.Should().Contain("request_channel");
    }

    // Grant: the assignment goes IN_PROGRESS → SUCCEEDED on the virtual clock

    [Fact]
    public async Task Approve_CreatesTheAssignment_InProgressThenSucceededOnTheVirtualClock()
    {
        HarnessRun run = await RequestAsync(_accounts.Alice);

        SymActionResult result = await run.ApproveAsync(_accounts.Bob);

        // Between the approval and the grant the strategy polled Identity Center while the assignment was IN_PROGRESS,
        // and the step moved the virtual clock to each poll.
        string[] escalating = [.. run.Timeline
            .SkipWhile(static e => e.Text != "step approve by bob@example.com: applied")
            .TakeWhile(static e => !e.Text.StartsWith("step escalate", StringComparison.Ordinal))
            .Where(static e => e.Actor == "clock" || e.Text.Contains("Status", StringComparison.Ordinal))
            .Select(static e => $"{e.Elapsed} {e.Text}")];
        escalating.Should().Equal(
            "00:00:00 clock +1s while escalating",
            "00:00:01 aws: sso:DescribeAccountAssignmentCreationStatus",
            "00:00:01 clock +1s while escalating",
            "00:00:02 aws: sso:DescribeAccountAssignmentCreationStatus",
            "00:00:02 clock +1s while escalating",
            "00:00:03 aws: sso:DescribeAccountAssignmentCreationStatus");
        run.Steps.Where(static s => s.Outcome == SymAuditOutcome.Applied).Select(s => (s.Step, s.Timestamp - _harness.StartedAt)).Should().Equal(
            [("request", TimeSpan.Zero), ("approve", TimeSpan.Zero), ("escalate", TimeSpan.FromSeconds(3))],
            "the run was escalating, not yet granted, for those three seconds");
        result.IsApplied.Should().BeTrue();
        run.AssertState(SymRunState.Active).AssertStrategyCalls("escalate", 1).AssertNoErrors();
        _accounts.HasProductionAdmin(_accounts.AliceId).Should().BeTrue();
        _harness.Elapsed.Should().Be(TimeSpan.FromSeconds(3), "the assignment took its latency on the virtual clock, polled every second");
        run.Current.EscalatedAt.Should().Be(_harness.StartedAt + TimeSpan.FromSeconds(3));
        StrategyOutput output = run.Current.Outputs["escalate"];
        output.Data["principal_id"].Should().Be(_accounts.AliceId);
        output.Data["account_id"].Should().Be(DemoAccounts.ProductionAccount);
        output.Data["permission_set_arn"].Should().Be(DemoAccounts.AdminPermissionSet);
    }

    // Expiry: the assignment is deleted

    [Fact]
    public async Task Expiry_DeletesTheAssignment()
    {
        HarnessRun run = await RequestAsync(_accounts.Alice);
        await ApproveAsync(run);

        await AdvanceAsync(OneHour - TimeSpan.FromMinutes(1));
        bool assignedBeforeExpiry = _accounts.HasProductionAdmin(_accounts.AliceId);
        await AdvanceAsync(TimeSpan.FromMinutes(1));

        assignedBeforeExpiry.Should().BeTrue();
        run.AssertState(SymRunState.Ended).AssertStrategyCalls("deescalate", 1).AssertNoErrors();
        _accounts.Aws.AccountAssignments.Should().BeEmpty();
        run.StrategyCalls.Single(c => c.Step == "deescalate").Output!.IsNoOp.Should().BeFalse();
        _harness.AssertMessageTo("alice@example.com", "access expired");
    }

    [Fact]
    public async Task Revoke_ByTheApprover_DeletesTheAssignmentEarly()
    {
        HarnessRun run = await RequestAsync(_accounts.Alice);
        await ApproveAsync(run);

        SymActionResult result = await run.RevokeAsync(_accounts.Bob, "done early");

        result.IsApplied.Should().BeTrue();
        run.AssertState(SymRunState.Ended);
        _accounts.HasProductionAdmin(_accounts.AliceId).Should().BeFalse();
        (await AdvanceAsync(OneHour)).Should().Be(0, "the scheduled expiry was cancelled");
    }

    // Failures

    [Fact]
    public async Task Approve_AssignmentFails_IsReportedAndTheRunErrors()
    {
        _accounts.Aws.FailNextAssignment("Received a 404 status error: Not supported account.");
        HarnessRun run = await RequestAsync(_accounts.Alice);

        await ApproveAsync(run);

        run.AssertState(SymRunState.Errored);
        SymRunError error = run.Errors.Should().ContainSingle().Subject;
        error.Step.Should().Be("escalate");
        error.Code.Should().Be(AwsErrorCodes.SsoAssignmentFailed);
        error.Message.Should().Contain("FAILED").And.Contain("Not supported account");
        _harness.Errors.Should().ContainSingle().Which.Error.Code.Should().Be(AwsErrorCodes.SsoAssignmentFailed);
        _harness.MessagesTo("#sym-errors").Should().ContainSingle();
        _harness.AssertMessageTo("alice@example.com", "Access could not be granted");
        StrategyCall compensation = run.StrategyCalls.Should().HaveCount(2).And.Subject.Last();
        compensation.DeescalateType.Should().Be("compensate");
        compensation.Output.Should().Be(StrategyOutput.AlreadyRevoked());
        _accounts.Aws.AccountAssignments.Should().BeEmpty();
    }

    [Fact]
    public async Task Expiry_DeletionFailsOnce_IsReportedAndRetriedUntilDeleted()
    {
        HarnessRun run = await RequestAsync(_accounts.Alice);
        await ApproveAsync(run);
        _accounts.Aws.FailNextAssignment("Throttled by a concurrent operation.");

        await AdvanceAsync(OneHour);
        SymRunState afterFailure = run.State;
        bool stillAssigned = _accounts.HasProductionAdmin(_accounts.AliceId);
        await AdvanceAsync(OneHour);

        afterFailure.Should().Be(SymRunState.Deescalating);
        stillAssigned.Should().BeTrue("the deletion FAILED");
        run.AssertState(SymRunState.Ended).AssertStrategyCalls("deescalate", 2);
        _harness.Errors.Should().ContainSingle().Which.Error.Code.Should().Be(AwsErrorCodes.SsoAssignmentFailed);
        _accounts.HasProductionAdmin(_accounts.AliceId).Should().BeFalse();
    }

    // No-ops

    [Fact]
    public async Task Approve_AlreadyAssigned_IsANoOpGrant()
    {
        await AssignAsync(_accounts.AliceId);
        HarnessRun run = await RequestAsync(_accounts.Alice);

        await ApproveAsync(run);

        run.AssertState(SymRunState.Active).AssertNoErrors();
        run.Current.Outputs["escalate"].Should().Be(StrategyOutput.AlreadyGranted());
        _accounts.Aws.AccountAssignments.Should().ContainSingle();
        run.Timeline.Should().NotContain(e => e.Text.Contains("sso:CreateAccountAssignment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expiry_AssignmentAlreadyRemoved_IsANoOpRevoke()
    {
        HarnessRun run = await RequestAsync(_accounts.Alice);
        await ApproveAsync(run);
        AccountAssignment existing = _accounts.Aws.AccountAssignments.Single();
        await _accounts.Aws.SsoAdmin.DeleteAccountAssignmentAsync(existing);

        await AdvanceAsync(OneHour);

        run.AssertState(SymRunState.Ended).AssertNoErrors();
        run.Current.Outputs["deescalate"].Should().Be(StrategyOutput.AlreadyRevoked());
    }

    // Identity: the Identity Store user by email

    [Fact]
    public async Task Request_ByUserNotInTheIdentityStore_IsRefusedWithAClearMessage()
    {
        SymActionResult result = await _harness.SubmitAsync(new AccessRequest
        {
            Flow = AwsSsoAccessFlow.Name, Requester = _accounts.Carol, Target = "prod-admin", Duration = OneHour, Reason = "audit",
        });

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Run.Should().BeNull();
        result.Message.Should().Be(
            "You have no AWS IAM Identity Center user for carol@example.com, so access cannot be granted. Ask IT to provision one, then request again.");
        _harness.MessagesTo(_accounts.Carol).Should().ContainSingle().Which.Message.Should().Be(result.Message);
        _harness.MessagesTo(DemoAccounts.RequestChannel).Should().BeEmpty();
        _harness.Runs.Should().BeEmpty();
    }

    [Fact]
    public async Task Approve_IdentityStoreDown_IsReportedTheRunErrorsAndNothingIsAssigned()
    {
        HarnessRun run = await RequestAsync(_accounts.Alice);
        _accounts.Aws.Faults.FailNext(1, "identitystore:GetUserId");

        await ApproveAsync(run);

        run.AssertState(SymRunState.Errored);
        run.Errors.Should().ContainSingle().Which.Step.Should().Be("escalate");
        _harness.FiredFaults.Should().ContainSingle();
        run.Current.Outputs["deescalate"].Should().Be(StrategyOutput.AlreadyRevoked(), "the compensation found the user and nothing to delete");
        _accounts.Aws.AccountAssignments.Should().BeEmpty();
    }

    [Fact]
    public async Task Approve_RequesterNotInTheIdentityStore_StrategyFailsWithAClearIdentityNotFound()
    {
        await using SymFlowHarness harness = UncheckedHarness(out DemoAccounts accounts);
        HarnessRun run = await harness.RequestAsync(accounts.Carol, target: "prod-admin", duration: OneHour, reason: "x");

        await run.ApproveAsync(accounts.Bob);

        SymRunError error = run.Errors[0];
        error.Step.Should().Be("escalate");
        error.Code.Should().Be(SymErrorCodes.IdentityNotFound);
        error.Message.Should().Contain("carol@example.com");
        harness.AssertMessageTo("carol@example.com", "Access could not be granted");
        run.State.Should().NotBe(SymRunState.Active);
        accounts.Aws.AccountAssignments.Should().BeEmpty();
    }

    [Fact]
    public async Task Approve_RequesterNotInTheIdentityStore_CompensationIsANoOpAndTheRunErrors()
    {
        await using SymFlowHarness harness = UncheckedHarness(out DemoAccounts accounts);
        HarnessRun run = await harness.RequestAsync(accounts.Carol, target: "prod-admin", duration: OneHour, reason: "x");

        await run.ApproveAsync(accounts.Bob);

        run.AssertState(SymRunState.Errored);
        run.Errors.Should().ContainSingle().Which.Code.Should().Be(SymErrorCodes.IdentityNotFound);
        run.Current.Outputs["deescalate"].Should().Be(StrategyOutput.AlreadyRevoked());
    }

    // The story Program.cs tells, as a person reads it

    [Fact]
    public async Task Story_Transcript_MatchesSnapshot()
    {
        HarnessRun run = await RequestAsync(_accounts.Alice);
        await run.ApproveAsync(_accounts.Alice);
        await ApproveAsync(run);
        await AdvanceAsync(OneHour);

        run.AssertState(SymRunState.Ended);
        _harness.GetTranscript().MatchSnapshot();
    }

    /// <summary>The demo accounts with a flow that skips the sample's request-time Identity Store check, to test the strategy's own.</summary>
    private static SymFlowHarness UncheckedHarness(out DemoAccounts accounts)
    {
        accounts = DemoAccounts.Create();
        return accounts.CreateHarness<UncheckedFlow>();
    }
}

/// <summary>The sample's approvers without its request-time Identity Store check.</summary>
public sealed class UncheckedFlow : Sym.Sdk.Flows.FlowImplementation
{
    public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(new SlackChannelName(DemoAccounts.RequestChannel));
}
