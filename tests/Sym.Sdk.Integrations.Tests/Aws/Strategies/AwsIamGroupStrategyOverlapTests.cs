using Sym.Sdk.Integrations.Aws.Strategies;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Aws;

namespace Sym.Sdk.Integrations.Tests.Aws.Strategies;

/// <summary>Overlapping runs of one requester for one IAM group, on the engine with FakeAws: the membership stays until the last run ends.</summary>
public sealed class AwsIamGroupStrategyOverlapTests
{
    [Theory]
    [MemberData(nameof(OverlappingRuns.Durations), MemberType = typeof(OverlappingRuns))]
    public async Task Deescalate_TwoActiveRunsOfOneRequesterAndGroup_KeepsTheMembershipUntilTheLastRunEnds(int firstSeconds, int secondSeconds)
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder();
        var aws = new FakeAws(builder.Time);
        aws.AddIamUser("alice@example.com").AddIamGroup("prod-admins");
        builder.AddFlow<OverlapFlow, AwsIamGroupStrategy>(OverlappingRuns.Flow,
            OverlappingRuns.Definition(new Dictionary<string, string> { [AwsIamGroupStrategy.GroupSetting] = "prod-admins" }));
        await using SymFlowHarness harness = builder.Use(aws).Build();

        await OverlappingRuns.PlayAsync(harness, firstSeconds, secondSeconds, () => aws.IamGroupMembers("prod-admins").Contains("alice@example.com"));

        aws.IamGroupMembers("prod-admins").Should().BeEmpty();
    }
}
