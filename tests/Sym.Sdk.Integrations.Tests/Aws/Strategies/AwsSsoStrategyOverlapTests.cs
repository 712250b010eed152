using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Integrations.Aws.Strategies;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Aws;

namespace Sym.Sdk.Integrations.Tests.Aws.Strategies;

/// <summary>
/// Overlapping runs of one requester for one permission set on one account, on the engine with FakeAws: the Identity
/// Center assignment stays until the last run ends.
/// </summary>
public sealed class AwsSsoStrategyOverlapTests
{
    private const string Account = "111122223333";
    private const string PermissionSet = "arn:aws:sso:::permissionSet/ssoins-fake/ps-admin";

    [Theory]
    [MemberData(nameof(OverlappingRuns.Durations), MemberType = typeof(OverlappingRuns))]
    public async Task Deescalate_TwoActiveRunsOfOneRequesterAndAssignment_KeepsTheAssignmentUntilTheLastRunEnds(int firstSeconds, int secondSeconds)
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder();
        var aws = new FakeAws(builder.Time);
        string alice = aws.AddIdentityStoreUser("alice", "alice@example.com");
        builder.AddFlow<OverlapFlow, AwsSsoStrategy>(OverlappingRuns.Flow, OverlappingRuns.Definition(new Dictionary<string, string>
        {
            [AwsSsoStrategy.AccountSetting] = Account,
            [AwsSsoStrategy.PermissionSetSetting] = PermissionSet,
        }));
        builder.Services.AddSymAws(o =>
        {
            o.SsoInstanceArn = aws.InstanceArn;
            o.IdentityStoreId = aws.IdentityStoreId;
            o.AssignmentPollInterval = TimeSpan.FromSeconds(1);
            o.AssignmentTimeout = TimeSpan.FromMinutes(1);
        });
        await using SymFlowHarness harness = builder.Use(aws).Build();

        await OverlappingRuns.PlayAsync(harness, firstSeconds, secondSeconds, () => aws.HasAccountAssignment(Account, PermissionSet, alice));

        aws.AccountAssignments.Should().BeEmpty();
    }
}
