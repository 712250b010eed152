using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Integrations.Aws.Strategies;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing.Aws;

namespace Sym.Sdk.Integrations.Tests.Aws.Strategies;

public sealed class AwsSsoStrategyTests
{
    private const string PermissionSet = "arn:aws:sso:::permissionSet/ssoins-fake/ps-admin";
    private static readonly AccessTarget Prod = StrategyEvents.Target(
        "aws_sso_permission_set", ("permission_set_arn", PermissionSet), ("account_id", "123456789012"));

    private readonly FakeTimeProvider _time = AwsTestClients.Clock();
    private readonly FakeAws _aws;
    private readonly string _aliceId;

    public AwsSsoStrategyTests()
    {
        _aws = new FakeAws(_time);
        _aliceId = _aws.AddIdentityStoreUser("alice", "alice@example.com");
    }

    private AwsSsoStrategy Strategy(AwsOptions? options = null) =>
        new(_aws.SsoAdmin, _aws.IdentityStore, Options.Create(options ?? _aws.CreateOptions()), _time);

    private Task<StrategyOutput?> RunAsync(Func<ValueTask<StrategyOutput?>> step) => AwsClock.RunAsync(_time, step().AsTask());

    [Fact]
    public async Task EscalateAsync_NewAssignment_WaitsUntilSucceededAndRecordsIt()
    {
        StrategyOutput? output = await RunAsync(() => Strategy().EscalateAsync(Prod.Id, StrategyEvents.For("escalate", Prod)));

        output!.IsNoOp.Should().BeFalse();
        output.Data["principal_id"].Should().Be(_aliceId);
        output.Data["account_id"].Should().Be("123456789012");
        output.Data["request_id"].Should().NotBeNullOrEmpty();
        _aws.HasAccountAssignment("123456789012", PermissionSet, _aliceId).Should().BeTrue();
    }

    [Fact]
    public async Task EscalateAsync_Returns_OnlyAfterTheAssignmentLatencyOnTheClock()
    {
        _aws.AssignmentLatency = TimeSpan.FromSeconds(10);
        DateTimeOffset start = _time.GetUtcNow();

        await RunAsync(() => Strategy().EscalateAsync(Prod.Id, StrategyEvents.For("escalate", Prod)));

        (_time.GetUtcNow() - start).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task EscalateAsync_AlreadyAssigned_IsNoOpAlreadyGranted()
    {
        await RunAsync(() => Strategy().EscalateAsync(Prod.Id, StrategyEvents.For("escalate", Prod)));

        StrategyOutput? again = await RunAsync(() => Strategy().EscalateAsync(Prod.Id, StrategyEvents.For("escalate", Prod)));

        again.Should().Be(StrategyOutput.AlreadyGranted());
        _aws.AccountAssignments.Should().ContainSingle();
    }

    [Fact]
    public async Task EscalateAsync_AssignmentFails_ThrowsAssignmentFailedAndGrantsNothing()
    {
        _aws.FailNextAssignment("Received a 404 status error: Not supported account.");

        Func<Task> act = () => RunAsync(() => Strategy().EscalateAsync(Prod.Id, StrategyEvents.For("escalate", Prod)));

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(AwsErrorCodes.SsoAssignmentFailed);
        error.Message.Should().Contain("Not supported account");
        _aws.AccountAssignments.Should().BeEmpty();
    }

    [Fact]
    public async Task EscalateAsync_SlowerThanTimeout_ThrowsAssignmentTimeout()
    {
        _aws.AssignmentLatency = TimeSpan.FromMinutes(10);

        Func<Task> act = () => RunAsync(() => Strategy().EscalateAsync(Prod.Id, StrategyEvents.For("escalate", Prod)));

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(AwsErrorCodes.SsoAssignmentTimeout);
    }

    [Fact]
    public async Task DeescalateAsync_Assigned_DeletesAndWaits()
    {
        await RunAsync(() => Strategy().EscalateAsync(Prod.Id, StrategyEvents.For("escalate", Prod)));

        StrategyOutput? output = await RunAsync(() => Strategy().DeescalateAsync(Prod.Id, StrategyEvents.For("deescalate", Prod)));

        output!.IsNoOp.Should().BeFalse();
        _aws.AccountAssignments.Should().BeEmpty();
    }

    [Fact]
    public async Task DeescalateAsync_DeletionFails_ThrowsAssignmentFailedAndKeepsTheAssignment()
    {
        await RunAsync(() => Strategy().EscalateAsync(Prod.Id, StrategyEvents.For("escalate", Prod)));
        _aws.FailNextAssignment("Permission set is being provisioned.");

        Func<Task> act = () => RunAsync(() => Strategy().DeescalateAsync(Prod.Id, StrategyEvents.For("deescalate", Prod)));

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(AwsErrorCodes.SsoAssignmentFailed);
        error.Message.Should().Contain("deletion").And.Contain("Permission set is being provisioned.");
        _aws.HasAccountAssignment("123456789012", PermissionSet, _aliceId).Should().BeTrue();
    }

    [Fact]
    public async Task DeescalateAsync_NeverEscalated_IsNoOpAlreadyRevoked()
    {
        StrategyOutput? output = await RunAsync(() => Strategy().DeescalateAsync(Prod.Id, StrategyEvents.For("deescalate", Prod)));

        output.Should().Be(StrategyOutput.AlreadyRevoked());
    }

    [Fact]
    public async Task EscalateAsync_UserNotInIdentityStore_ThrowsIdentityNotFound()
    {
        User stranger = new() { Username = "mallory@example.com" };

        Func<Task> act = () => RunAsync(() => Strategy().EscalateAsync(Prod.Id, StrategyEvents.For("escalate", Prod, stranger)));

        (await act.Should().ThrowAsync<IdentityNotFoundException>()).Which.Service.Should().Be("aws_sso");
        _aws.AccountAssignments.Should().BeEmpty();
    }

    [Fact]
    public async Task DeescalateAsync_UserNotInIdentityStore_IsNoOpAlreadyRevoked()
    {
        User stranger = new() { Username = "mallory@example.com" };

        StrategyOutput? output = await RunAsync(() => Strategy().DeescalateAsync(Prod.Id, StrategyEvents.For("deescalate", Prod, stranger)));

        output.Should().Be(StrategyOutput.AlreadyRevoked());
        _aws.AccountAssignments.Should().BeEmpty();
    }

    [Fact]
    public async Task EscalateAsync_SettingsFromIntegration_UsedWhenOptionsHaveNone()
    {
        var strategy = new Strategy
        {
            Type = "aws_sso",
            Integration = new Integration
            {
                Name = "aws",
                Type = "aws_sso",
                Settings = new Dictionary<string, string> { ["instance_arn"] = _aws.InstanceArn, ["identity_store_id"] = _aws.IdentityStoreId },
            },
        };
        var options = new AwsOptions { AssignmentPollInterval = TimeSpan.FromSeconds(1) };

        await RunAsync(() => Strategy(options).EscalateAsync(Prod.Id, StrategyEvents.For("escalate", Prod, strategy: strategy)));

        _aws.HasAccountAssignment("123456789012", PermissionSet, _aliceId).Should().BeTrue();
    }

    [Fact]
    public async Task EscalateAsync_NoInstanceConfigured_FailsWithMissingSetting()
    {
        Func<Task> act = () => RunAsync(() => Strategy(new AwsOptions { IdentityStoreId = "d-fake" }).EscalateAsync(Prod.Id, StrategyEvents.For("escalate", Prod)));

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(AwsErrorCodes.MissingSetting);
        error.Hint.Should().Contain("SsoInstanceArn");
    }

    [Fact]
    public async Task EscalateAsync_MissingAccountSetting_FailsBeforeCallingAws()
    {
        AccessTarget partial = StrategyEvents.Target("aws_sso_permission_set", ("permission_set_arn", PermissionSet));
        _aws.Faults.FailNext(1, "sso:");

        Func<Task> act = () => RunAsync(() => Strategy().EscalateAsync(partial.Id, StrategyEvents.For("escalate", partial)));

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SymErrorCodes.MissingTargetSetting);
        _aws.Faults.Fired.Should().BeEmpty();
    }
}
