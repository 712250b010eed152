using Sym.Sdk.Integrations.Aws.Strategies;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing.Aws;

namespace Sym.Sdk.Integrations.Tests.Aws.Strategies;

public sealed class AwsIamGroupStrategyTests
{
    private static readonly AccessTarget Admins = StrategyEvents.Target("aws_iam_group", ("iam_group", "admins"));

    [Fact]
    public async Task EscalateAsync_NotMember_AddsUserToGroup()
    {
        var aws = new FakeAws().AddIamGroup("admins", "bob").AddIamUser("alice@example.com");
        var strategy = new AwsIamGroupStrategy(aws.Iam);

        StrategyOutput? output = await strategy.EscalateAsync(Admins.Id, StrategyEvents.For("escalate", Admins));

        output!.IsNoOp.Should().BeFalse();
        output.Data["iam_group"].Should().Be("admins");
        aws.IamGroupMembers("admins").Should().Equal("alice@example.com", "bob");
    }

    [Fact]
    public async Task EscalateAsync_AlreadyMember_IsNoOpAlreadyGranted()
    {
        var aws = new FakeAws().AddIamGroup("admins", "alice@example.com");

        StrategyOutput? output = await new AwsIamGroupStrategy(aws.Iam).EscalateAsync(Admins.Id, StrategyEvents.For("escalate", Admins));

        output.Should().Be(StrategyOutput.AlreadyGranted());
        aws.IamGroupMembers("admins").Should().Equal("alice@example.com");
    }

    [Fact]
    public async Task DeescalateAsync_Member_RemovesUser()
    {
        var aws = new FakeAws().AddIamGroup("admins", "alice@example.com", "bob");

        StrategyOutput? output = await new AwsIamGroupStrategy(aws.Iam).DeescalateAsync(Admins.Id, StrategyEvents.For("deescalate", Admins));

        output!.IsNoOp.Should().BeFalse();
        aws.IamGroupMembers("admins").Should().Equal("bob");
    }

    [Fact]
    public async Task DeescalateAsync_NeverEscalated_IsNoOpAlreadyRevoked()
    {
        var aws = new FakeAws().AddIamGroup("admins", "bob");

        StrategyOutput? output = await new AwsIamGroupStrategy(aws.Iam).DeescalateAsync(Admins.Id, StrategyEvents.For("deescalate", Admins));

        output.Should().Be(StrategyOutput.AlreadyRevoked());
        aws.IamGroupMembers("admins").Should().Equal("bob");
    }

    [Fact]
    public async Task EscalateAsync_UnknownIamUser_FailsWithNoSuchEntityAndChangesNothing()
    {
        var aws = new FakeAws().AddIamGroup("admins", "bob");

        Func<Task> act = async () => await new AwsIamGroupStrategy(aws.Iam).EscalateAsync(Admins.Id, StrategyEvents.For("escalate", Admins));

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(AwsErrorCodes.IamNoSuchEntity);
        aws.IamGroupMembers("admins").Should().Equal("bob");
    }

    [Fact]
    public async Task EscalateAsync_TargetWithoutGroupSetting_FailsWithMissingSetting()
    {
        var aws = new FakeAws();
        AccessTarget bare = StrategyEvents.Target("aws_iam_group");

        Func<Task> act = async () => await new AwsIamGroupStrategy(aws.Iam).EscalateAsync(bare.Id, StrategyEvents.For("escalate", bare));

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SymErrorCodes.MissingTargetSetting);
    }

    [Fact]
    public async Task EscalateAsync_StoredIdentity_UsesItInsteadOfEmail()
    {
        var aws = new FakeAws().AddIamGroup("admins").AddIamUser("alice");
        User requester = StrategyEvents.Requester.WithIdentity(new UserIdentity { Service = "aws_iam", UserId = "alice" });

        await new AwsIamGroupStrategy(aws.Iam).EscalateAsync(Admins.Id, StrategyEvents.For("escalate", Admins, requester));

        aws.IamGroupMembers("admins").Should().Equal("alice");
    }

    [Fact]
    public async Task EscalateAsync_InjectedFault_Propagates()
    {
        var aws = new FakeAws().AddIamGroup("admins").AddIamUser("alice@example.com");
        aws.Faults.FailNext(1, "iam:AddUserToGroup");

        Func<Task> act = async () => await new AwsIamGroupStrategy(aws.Iam).EscalateAsync(Admins.Id, StrategyEvents.For("escalate", Admins));

        await act.Should().ThrowAsync<Sym.Sdk.Testing.Faults.InjectedFaultException>();
        aws.IamGroupMembers("admins").Should().BeEmpty();
    }
}
