using Sym.Sdk.Requests;
using SlackHelpers = Sym.Sdk.Integrations.Slack.Slack;

namespace Sym.Sdk.Integrations.Tests.Slack;

public sealed class SlackHelpersTests
{
    [Fact]
    public void User_Id_IsSlackUser()
    {
        SlackHelpers.User("U0123ABC", allowSelf: true, timeout: TimeSpan.FromMinutes(5))
            .Should().Be(new SlackUser("U0123ABC") { AllowSelf = true, Timeout = TimeSpan.FromMinutes(5) });
    }

    [Fact]
    public void User_Email_IsLookupByEmail()
    {
        var lookup = (SlackUserLookup)SlackHelpers.User(" alice@example.com ");

        (lookup.Email, lookup.Name).Should().Be(("alice@example.com", null));
    }

    [Theory]
    [InlineData("@alice")]
    [InlineData("alice")]
    public void User_Name_IsLookupByName(string text)
    {
        var lookup = (SlackUserLookup)SlackHelpers.User(text);

        (lookup.Email, lookup.Name).Should().Be((null, "alice"));
    }

    [Fact]
    public void User_SymUserWithSlackIdentity_IsSlackUser()
    {
        User user = new User { Username = "a@example.com" }.WithIdentity(new UserIdentity { Service = "slack", UserId = "W999" });

        SlackHelpers.User(user).Should().Be(new SlackUser("W999"));
    }

    [Fact]
    public void User_SymUserWithoutSlackIdentity_IsLookupByEmail()
    {
        ((SlackUserLookup)SlackHelpers.User(new User { Username = "a@example.com" })).Email.Should().Be("a@example.com");
    }

    [Theory]
    [InlineData("C0123ABC", typeof(SlackChannelId))]
    [InlineData("G0123ABC", typeof(SlackChannelId))]
    [InlineData("#sym-requests", typeof(SlackChannelName))]
    [InlineData("sym-requests", typeof(SlackChannelName))]
    [InlineData("#C0123ABC", typeof(SlackChannelName))]
    public void Channel_IdOrName_PicksTheDestination(string text, Type expected)
    {
        RequestDestination destination = SlackHelpers.Channel(text, allowSelf: true);

        destination.Should().BeOfType(expected);
        destination.AllowSelf.Should().BeTrue();
    }

    [Fact]
    public void Group_Ids_IsUserGroup()
    {
        SlackHelpers.Group("U1A", "U2B").Users.Select(u => u.UserId).Should().Equal("U1A", "U2B");
    }

    [Fact]
    public void Group_EightUsers_Throws()
    {
        Action act = () => SlackHelpers.Group([.. Enumerable.Range(1, 8).Select(i => $"U{i}X")]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Fallback_Destinations_KeepsOrderAndFlags()
    {
        RequestDestinationFallback fallback = SlackHelpers.Fallback([SlackHelpers.Channel("#a"), SlackHelpers.User("U1X")], continueOnTimeout: true);

        fallback.Destinations.Should().HaveCount(2);
        fallback.ContinueOnTimeout.Should().BeTrue();
        fallback.ContinueOnDeliveryFailure.Should().BeTrue();
    }

    [Theory]
    [InlineData("U123", "<@U123>")]
    [InlineData("S123", "<!subteam^S123>")]
    [InlineData("C123", "<#C123>")]
    [InlineData("someone", "someone")]
    public void Mention_Id_FormatsMarkup(string id, string expected)
    {
        SlackHelpers.Mention(id).Should().Be(expected);
    }

    [Fact]
    public void Mention_SymUser_UsesIdentityElseName()
    {
        User withId = new User { Username = "a@example.com" }.WithIdentity(new UserIdentity { Service = "slack", UserId = "U777" });

        SlackHelpers.Mention(withId).Should().Be("<@U777>");
        SlackHelpers.Mention(new User { Username = "b@example.com", FirstName = "Bo" }).Should().Be("Bo");
        SlackHelpers.Mention(new User { Username = "c@example.com" }).Should().Be("c@example.com");
    }
}
