using Sym.Sdk.Testing.Harness.Internal;

namespace Sym.Sdk.Testing.Tests.Harness.Internal;

public sealed class MemberSnapshotsTests
{
    [Fact]
    public void Capture_ThenTheLiveMembersChange_TheSnapshotKeepsWhatWasThere()
    {
        var live = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal) { ["g1"] = ["a", "b"] };

        KeyValuePair<string, string[]>[] snapshot = MemberSnapshots.Capture(live);
        live["g1"].Add("c");
        live["g2"] = ["x"];

        snapshot.Should().ContainSingle().Which.Key.Should().Be("g1");
        snapshot[0].Value.Should().BeEquivalentTo(["a", "b"]);
    }

    [Fact]
    public void Restore_AfterMembersGroupsAddedAndDropped_LiveHoldsExactlyTheSnapshotRefillingItsOwnSets()
    {
        var live = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal) { ["g1"] = ["a"], ["g2"] = ["b"] };
        KeyValuePair<string, string[]>[] snapshot = MemberSnapshots.Capture(live);
        HashSet<string> g1 = live["g1"];
        g1.Add("c");
        g1.Remove("a");
        live.Remove("g2");
        live["g3"] = ["d"];

        MemberSnapshots.Restore(live, snapshot, static members => new HashSet<string>(members, StringComparer.Ordinal));

        live.Keys.Should().BeEquivalentTo(["g1", "g2"]);
        live["g1"].Should().BeSameAs(g1, "a group that still exists is refilled in place").And.BeEquivalentTo(["a"]);
        live["g2"].Should().BeEquivalentTo(["b"]);
        snapshot.Select(static g => g.Key).Should().Equal("g1", "g2");
        live["g2"].Add("e");
        snapshot[1].Value.Should().Equal("b");
    }

    [Fact]
    public void Restore_IntoALiveDictionaryWithACaseInsensitiveComparer_RemovesOnlyTheKeysTheSnapshotLacks()
    {
        var live = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase) { ["Admins"] = ["bob"] };
        KeyValuePair<string, string[]>[] snapshot = MemberSnapshots.Capture(live);
        live["auditors"] = ["carol"];

        MemberSnapshots.Restore(live, snapshot, static members => [.. members]);

        live.Should().ContainSingle().Which.Key.Should().Be("Admins");
        live["admins"].Should().Equal("bob");
    }
}
