using Sym.Sdk.Requests;

namespace Sym.Sdk.Tests.Requests;

public sealed class RequestDestinationTests
{
    [Theory]
    [InlineData("C0123456789")]
    [InlineData("G01ABCDEF")]
    [InlineData("D024BE91L")]
    public void SlackChannelId_Valid_IsKept(string id)
    {
        new SlackChannelId(id).ChannelId.Should().Be(id);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("C")]
    [InlineData("U0123456789")]
    [InlineData("Cgeneral")]
    [InlineData("c0123456789")]
    [InlineData("C01 23")]
    [InlineData("#general")]
    public void SlackChannelId_Invalid_Throws(string id)
    {
        Action act = () => _ = new SlackChannelId(id);

        act.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("sym-requests", "sym-requests")]
    [InlineData("#sym-requests", "sym-requests")]
    public void SlackChannelName_StripsHash(string input, string expected)
    {
        new SlackChannelName(input).ChannelName.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("two words")]
    [InlineData("##double")]
    public void SlackChannelName_Invalid_Throws(string name)
    {
        Action act = () => _ = new SlackChannelName(name);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SlackChannelName_TooLong_Throws()
    {
        Action act = () => _ = new SlackChannelName(new string('a', SlackChannelName.MaxLength + 1));

        act.Should().Throw<ArgumentException>();
        new SlackChannelName(new string('a', SlackChannelName.MaxLength)).ChannelName.Should().HaveLength(80);
    }

    [Theory]
    [InlineData("U0123456789")]
    [InlineData("W0123456789")]
    public void SlackUser_Valid_HasMention(string id)
    {
        var user = new SlackUser(id);

        user.UserId.Should().Be(id);
        user.Mention.Should().Be($"<@{id}>");
    }

    [Theory]
    [InlineData("")]
    [InlineData("U")]
    [InlineData("C0123456789")]
    [InlineData("alice@acme.com")]
    [InlineData("u0123")]
    [InlineData("U01-23")]
    public void SlackUser_Invalid_Throws(string id)
    {
        Action act = () => _ = new SlackUser(id);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Destinations_DefaultToNoSelfApprovalAndNoTimeout()
    {
        var channel = new SlackChannelId("C01");

        channel.AllowSelf.Should().BeFalse();
        channel.Timeout.Should().BeNull();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Timeout_NotPositive_Throws(int seconds)
    {
        Action act = () => _ = new SlackChannelId("C01") { Timeout = TimeSpan.FromSeconds(seconds) };

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Timeout");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void SlackUserGroup_OneToSevenUsers_IsAccepted(int count)
    {
        var group = new SlackUserGroup(Users(count));

        group.Users.Should().HaveCount(count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void SlackUserGroup_OutsideOneToSeven_Throws(int count)
    {
        Action act = () => _ = new SlackUserGroup(Users(count));

        act.Should().Throw<ArgumentException>().WithMessage($"*got {count}*");
    }

    [Fact]
    public void SlackUserGroup_NullUser_Throws()
    {
        Action act = () => _ = new SlackUserGroup([new SlackUser("U1"), null!]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SlackUserGroup_GroupAllowSelf_OverridesMembers()
    {
        SlackUser permissive = new("U1") { AllowSelf = true };
        SlackUser strict = new("U2");

        var denying = new SlackUserGroup([permissive, strict]);
        var allowing = new SlackUserGroup([permissive, strict]) { AllowSelf = true };

        denying.Users.Should().OnlyContain(u => !u.AllowSelf);
        allowing.Users.Should().OnlyContain(u => u.AllowSelf);
        (denying with { AllowSelf = true }).Users.Should().OnlyContain(u => u.AllowSelf);
        allowing.Users.Select(u => u.UserId).Should().Equal("U1", "U2");
    }

    [Fact]
    public void SlackUserGroup_Equality_IsByMembersAndSettings()
    {
        var a = new SlackUserGroup([new SlackUser("U1"), new SlackUser("U2")]);
        var b = new SlackUserGroup([new SlackUser("U1"), new SlackUser("U2")]);
        var c = new SlackUserGroup([new SlackUser("U2"), new SlackUser("U1")]);

        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.Should().NotBe(c);
        a.Should().NotBe(b with { AllowSelf = true });
    }

    [Fact]
    public void Fallback_Defaults_ContinueOnDeliveryFailureNotOnTimeout()
    {
        var fallback = new RequestDestinationFallback([new SlackChannelName("a"), new SlackUser("U1")]);

        fallback.ContinueOnDeliveryFailure.Should().BeTrue();
        fallback.ContinueOnTimeout.Should().BeFalse();
        fallback.Destinations.Should().HaveCount(2);
    }

    [Fact]
    public void Fallback_FewerThanTwo_Throws()
    {
        Action act = () => _ = new RequestDestinationFallback([new SlackChannelName("a")]);

        act.Should().Throw<ArgumentException>().WithMessage("*at least two*");
    }

    [Fact]
    public void Fallback_NestedOrNull_Throws()
    {
        var inner = new RequestDestinationFallback([new SlackChannelName("a"), new SlackChannelName("b")]);

        Action nested = () => _ = new RequestDestinationFallback([inner, new SlackChannelName("c")]);
        Action withNull = () => _ = new RequestDestinationFallback([new SlackChannelName("c"), null!]);

        nested.Should().Throw<ArgumentException>();
        withNull.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Fallback_Equality_IsByDestinationsAndFlags()
    {
        var a = new RequestDestinationFallback([new SlackChannelName("a"), new SlackUser("U1")]);
        var b = new RequestDestinationFallback([new SlackChannelName("a"), new SlackUser("U1")]);

        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.Should().NotBe(b with { ContinueOnTimeout = true });
        a.Should().NotBe(new RequestDestinationFallback([new SlackUser("U1"), new SlackChannelName("a")]));
    }

    public static TheoryData<RequestDestination, string> Described => new()
    {
        { new SlackChannelName("#sym-requests") { AllowSelf = true, Timeout = TimeSpan.FromMinutes(5) }, "#sym-requests" },
        { new SlackChannelId("C0123ABC"), "<#C0123ABC>" },
        { new SlackUser("U0123ABC") { AllowSelf = true }, "<@U0123ABC>" },
        { new SlackUserGroup([new SlackUser("U1"), new SlackUser("U2")]), "<@U1>, <@U2>" },
        { SlackUserLookup.ByEmail("alice@example.com"), "alice@example.com" },
        { SlackUserLookup.ByName("@alice"), "@alice" },
        { new RequestDestinationFallback([new SlackChannelName("oncall"), new SlackUser("U1"), new SlackChannelId("C2")]), "#oncall, then <@U1>, then <#C2>" },
    };

    [Theory]
    [MemberData(nameof(Described))]
    public void ToString_EveryDestination_IsTheWordsAPersonReadsNotARecordDump(RequestDestination destination, string expected)
    {
        destination.ToString().Should().Be(expected);
        $"The request could not be delivered to {destination}.".Should().Be($"The request could not be delivered to {expected}.");
    }

    [Fact]
    public void ToString_EveryDestinationType_IsCoveredAbove()
    {
        IEnumerable<Type> described = Described.Select(static row => row[0].GetType()).Distinct();

        typeof(RequestDestination).Assembly.GetExportedTypes().Where(static t => t.IsSubclassOf(typeof(RequestDestination)))
            .Should().BeEquivalentTo(described, "a new destination type needs its words tested here");
    }

    private static IEnumerable<SlackUser> Users(int count) =>
        Enumerable.Range(1, count).Select(i => new SlackUser($"U{i}"));
}
