using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Okta;

namespace Sym.Sdk.Integrations.Tests.Okta;

/// <summary>Overlapping runs of one requester for one Okta group, on the engine with FakeOkta: the membership stays until the last run ends.</summary>
public sealed class OktaGroupStrategyOverlapTests
{
    [Theory]
    [MemberData(nameof(OverlappingRuns.Durations), MemberType = typeof(OverlappingRuns))]
    public async Task Deescalate_TwoActiveRunsOfOneRequesterAndGroup_KeepsTheMembershipUntilTheLastRunEnds(int firstSeconds, int secondSeconds)
    {
        var okta = new FakeOkta();
        OktaUser alice = okta.AddUser("alice@example.com", "Alice", "Ng");
        OktaGroup admins = okta.AddGroup("prod-admins");
        await using SymFlowHarness harness = SymFlowHarness.Create<OverlapFlow, OktaGroupStrategy>(OverlappingRuns.Flow,
            OverlappingRuns.Definition(new Dictionary<string, string> { [OktaGroupStrategy.GroupIdSetting] = admins.Id }), b => b.Use(okta));

        await OverlappingRuns.PlayAsync(harness, firstSeconds, secondSeconds, () => okta.IsMember(admins.Id, alice.Id));

        harness.Runs.Select(static r => r.Current.Outputs["escalate"].Message).Should().Equal(
            [$"Added Okta user {alice.Id} to group {admins.Id}.", "already granted"], "the second grant found the membership in place");
        okta.Calls.Count(c => c.StartsWith("okta.RemoveUserFromGroup", StringComparison.Ordinal)).Should().Be(1);
    }
}
