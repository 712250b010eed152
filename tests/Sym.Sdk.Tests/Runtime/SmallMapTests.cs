using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Tests.Runtime;

public sealed class SmallMapTests
{
    [Fact]
    public void With_NewKey_AppendsInOrderAndLeavesTheSourceUnchanged()
    {
        SmallMap<int> one = SmallMap<int>.Of("request", 1);
        IReadOnlyDictionary<string, int> two = SmallMap<int>.With(one, "approve", 2);

        two.Should().Equal(new Dictionary<string, int> { ["request"] = 1, ["approve"] = 2 });
        two.Keys.Should().Equal("request", "approve");
        two.Values.Should().Equal(1, 2);
        one.Should().ContainSingle().Which.Key.Should().Be("request");
    }

    [Fact]
    public void With_ExistingKey_ReplacesInPlace()
    {
        IReadOnlyDictionary<string, int> map = SmallMap<int>.With(SmallMap<int>.With(SmallMap<int>.Of("a", 1), "b", 2), "a", 3);
        map.Keys.Should().Equal("a", "b");
        map["a"].Should().Be(3);
        map.Count.Should().Be(2);
    }

    [Fact]
    public void With_FromAnyDictionary_CopiesAndSets()
    {
        var source = new Dictionary<string, int>(StringComparer.Ordinal) { ["a"] = 1, ["b"] = 2 };
        SmallMap<int>.With(source, "b", 5).Should().Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 5 });
        SmallMap<int>.With(source, "c", 3).Keys.Should().Equal("a", "b", "c");
        SmallMap<int>.From(source).Should().Equal(source);
    }

    [Fact]
    public void Lookups_AreOrdinalAndMissingKeysFailLikeADictionary()
    {
        SmallMap<string> map = SmallMap<string>.Of("approve", "x");
        map.ContainsKey("approve").Should().BeTrue();
        map.ContainsKey("Approve").Should().BeFalse();
        map.TryGetValue("deny", out string? missing).Should().BeFalse();
        missing.Should().BeNull();
        FluentActions.Invoking(() => map["deny"]).Should().Throw<KeyNotFoundException>();
        FluentActions.Invoking(() => map.ContainsKey(null!)).Should().Throw<ArgumentNullException>();
    }
}
