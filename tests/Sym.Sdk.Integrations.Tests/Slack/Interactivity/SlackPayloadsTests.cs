using System.Text;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Integrations.Slack;

namespace Sym.Sdk.Integrations.Tests.Slack.Interactivity;

public sealed class SlackPayloadsTests
{
    private static string Fixture(string name) => File.ReadAllText(TestPaths.Fixture("slack", name));

    private static string Form(string json) => "payload=" + Uri.EscapeDataString(json);

    [Fact]
    public void ParseSlashCommand_Fixture_ReadsEveryField()
    {
        SlackSlashCommand command = SlackPayloads.ParseSlashCommand(Encoding.UTF8.GetBytes(Fixture("slash-command.form").TrimEnd('\r', '\n')));

        command.Should().BeEquivalentTo(new SlackSlashCommand
        {
            Command = "/sym", Text = "req", UserId = "W111", UserName = "primary-owner", ChannelId = "C111", ChannelName = "sym-requests",
            TeamId = "T111", TeamDomain = "workspace-domain", ApiAppId = "A111", TriggerId = "111.222.valid",
            ResponseUrl = new Uri("https://hooks.slack.com/commands/T111/111/xxxx"),
        });
    }

    [Theory]
    [InlineData("text=req&user_id=U1", "'command'")]
    [InlineData("command=%2Fsym&text=req", "'user_id'")]
    [InlineData("command=%2Fsym&user_id=", "'user_id'")]
    [InlineData("", "'command'")]
    public void ParseSlashCommand_MissingField_ThrowsInvalidPayloadNamingIt(string form, string named)
    {
        Action act = () => SlackPayloads.ParseSlashCommand(form);

        act.Should().Throw<SymException>().Where(e => e.ErrorCode == SlackErrorCodes.InvalidPayload).WithMessage($"*{named}*");
    }

    [Fact]
    public void ParseInteraction_BlockActionsFixture_ReadsActionAndMessage()
    {
        SlackInteraction interaction = SlackPayloads.ParseInteraction(Form(Fixture("block-actions.json")));

        SlackBlockActions actions = interaction.Should().BeOfType<SlackBlockActions>().Subject;
        actions.User.Should().Be(new SlackInteractionUser("W111", "primary-owner", "T111"));
        actions.TeamId.Should().Be("T111");
        actions.TriggerId.Should().Be("111.222.valid");
        actions.Message.Should().Be(new SlackMessageRef("C111", "111.222"));
        actions.ResponseUrl.Should().Be(new Uri("https://hooks.slack.com/actions/T111/111/random-value"));
        SlackAction action = actions.Actions.Should().ContainSingle().Subject;
        action.Should().BeEquivalentTo(new SlackAction
        {
            ActionId = "approve", BlockId = "request-actions", Type = "button", Value = "run-id-goes-here", ActionTs = "1596530385.194939",
        });
    }

    [Fact]
    public void ParseInteraction_ViewSubmissionFixture_ReadsViewAndState()
    {
        SlackInteraction interaction = SlackPayloads.ParseInteraction(Encoding.UTF8.GetBytes(Form(Fixture("view-submission.json"))));

        SlackViewSubmission submission = interaction.Should().BeOfType<SlackViewSubmission>().Subject;
        submission.ViewId.Should().Be("V111");
        submission.CallbackId.Should().Be("request-modal");
        submission.PrivateMetadata.Should().Be("{\"flow\":\"custom_access\"}");
        submission.Hash.Should().Be("156772938.1827394");
        submission.StateValues.GetProperty("reason").GetProperty("reason").GetProperty("value").GetString().Should().Be("Fix ticket 123");
    }

    [Fact]
    public void ParseInteraction_OtherType_KeepsRaw()
    {
        SlackInteraction interaction = SlackPayloads.ParseInteractionJson("""{"type":"view_closed","user":{"id":"U1"},"view":{"id":"V1"}}""");

        interaction.GetType().Should().Be<SlackInteraction>();
        interaction.Type.Should().Be("view_closed");
        interaction.Raw.GetProperty("view").GetProperty("id").GetString().Should().Be("V1");
    }

    [Theory]
    [InlineData("nothing=here", "'payload'")]
    [InlineData("payload=", "'payload'")]
    [InlineData("payload=%7Bnot%20json", "not JSON")]
    [InlineData("payload=%5B1%2C2%5D", "not a JSON object")]
    [InlineData("payload=%7B%22user%22%3A%7B%22id%22%3A%22U1%22%7D%7D", "'type'")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%7D", "'user'")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%7D%7D", "'user.id'")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%7D", "'actions'")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%2C%22actions%22%3A%5B%7B%7D%5D%7D", "'actions[0].action_id'")]
    [InlineData("payload=%7B%22type%22%3A%22view_submission%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%7D", "'view'")]
    [InlineData("payload=%7B%22type%22%3A%22view_submission%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%2C%22view%22%3A%7B%7D%7D", "'view.id'")]
    public void ParseInteraction_Malformed_ThrowsInvalidPayloadNamingWhatIsWrong(string form, string named)
    {
        Action act = () => SlackPayloads.ParseInteraction(form);

        act.Should().Throw<SymException>().Where(e => e.ErrorCode == SlackErrorCodes.InvalidPayload).WithMessage($"*{named}*");
    }

    [Fact]
    public void ParseInteraction_NotUtf8_ThrowsInvalidPayload()
    {
        Action act = () => SlackPayloads.ParseInteraction(new byte[] { 0x70, 0xff, 0xfe });

        act.Should().Throw<SymException>().Where(e => e.ErrorCode == SlackErrorCodes.InvalidPayload);
    }
}
