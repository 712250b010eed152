using Sym.Sdk.Integrations.Slack.Internal;

namespace Sym.Sdk.Integrations.Tests.Slack.Internal;

public sealed class SlackErrorTextTests
{
    [Fact]
    public void For_ASymException_IsItsCodeMessageAndHint()
    {
        var ex = new SymException("Slack:CHANNEL_NOT_FOUND", "The channel #sym-requests does not exist", "Create it, or invite the app to it.");

        SlackErrorText.For(ex).Should().Be("Slack:CHANNEL_NOT_FOUND: The channel #sym-requests does not exist. Create it, or invite the app to it.");
    }

    [Fact]
    public void For_AnyOtherException_IsItsMessageRedactedWithoutItsTypeName()
    {
        var ex = new InvalidOperationException("Slack refused token xoxb-1234567890-abcdefghij");

        string text = SlackErrorText.For(ex);

        text.Should().NotContain(nameof(InvalidOperationException)).And.NotContain("xoxb-1234567890").And.StartWith("Slack refused token");
    }
}
