using Sym.Sdk.Requests;

namespace Sym.Sdk.Tests.Requests;

public sealed class NotificationTests
{
    [Fact]
    public void To_OneDestination_WithTimeout()
    {
        var notification = Notification.To(new SlackChannelName("approvals"), TimeSpan.FromMinutes(30));

        notification.Destinations.Should().ContainSingle().Which.Should().Be(new SlackChannelName("approvals"));
        notification.Timeout.Should().Be(TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void Constructor_NoDestination_Throws()
    {
        Action act = () => _ = new Notification([]);

        act.Should().Throw<ArgumentException>().WithMessage("*at least one destination*");
    }

    [Fact]
    public void Constructor_TwoSlackDestinations_Throws()
    {
        Action act = () => _ = new Notification([new SlackChannelName("a"), new SlackUser("U1")]);

        act.Should().Throw<ArgumentException>().WithMessage("*at most one Slack destination; got 2*");
    }

    [Fact]
    public void Constructor_NullDestination_Throws()
    {
        Action act = () => _ = new Notification([null!]);
        Action actTo = () => Notification.To(null!);

        act.Should().Throw<ArgumentException>();
        actTo.Should().Throw<ArgumentNullException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public void Constructor_NonPositiveTimeout_Throws(int seconds)
    {
        Action act = () => Notification.To(new SlackChannelName("a"), TimeSpan.FromSeconds(seconds));

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Constructor_CopiesDestinations()
    {
        var list = new List<RequestDestination> { new SlackChannelName("a") };
        var notification = new Notification(list);

        list.Add(new SlackUser("U1"));

        notification.Destinations.Should().ContainSingle();
    }

    [Fact]
    public void Equality_IsByDestinationsAndTimeout()
    {
        var a = Notification.To(new SlackChannelName("a"), TimeSpan.FromMinutes(5));

        a.Should().Be(Notification.To(new SlackChannelName("a"), TimeSpan.FromMinutes(5)));
        a.GetHashCode().Should().Be(Notification.To(new SlackChannelName("a"), TimeSpan.FromMinutes(5)).GetHashCode());
        a.Should().NotBe(Notification.To(new SlackChannelName("a")));
        a.Should().NotBe(Notification.To(new SlackChannelName("b"), TimeSpan.FromMinutes(5)));
    }
}
