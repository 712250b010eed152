using Sym.Sdk.Integrations.Slack.BlockKit;

namespace Sym.Sdk.Integrations.Tests.Slack.BlockKit;

public sealed class SlackBlocksTests
{
    [Fact]
    public void ToJson_EveryModelledBlock_WritesSlacksShapeInOrder()
    {
        SlackBlock[] blocks =
        [
            new SlackHeaderBlock("Access request"),
            new SlackSectionBlock(SlackText.Markdown("*Target*")) { BlockId = "s", Fields = [SlackText.Markdown("a"), SlackText.Plain("b")] },
            new SlackContextBlock([SlackText.Markdown("ctx")]),
            new SlackDividerBlock(),
            new SlackActionsBlock(
            [
                new SlackButton("go", "Go", "run-1") { Style = SlackButtonStyle.Primary, Confirm = new SlackConfirmDialog("Sure?", "Really", "Yes", "No") },
                new SlackStaticSelect("pick", [new SlackOption("v1", "One")]) { Placeholder = "Pick…" },
            ]) { BlockId = "a" },
        ];

        string expected =
            "[{'type':'header','text':{'type':'plain_text','text':'Access request','emoji':true}},"
            + "{'type':'section','block_id':'s','text':{'type':'mrkdwn','text':'*Target*'},'fields':[{'type':'mrkdwn','text':'a'},{'type':'plain_text','text':'b','emoji':true}]},"
            + "{'type':'context','elements':[{'type':'mrkdwn','text':'ctx'}]},"
            + "{'type':'divider'},"
            + "{'type':'actions','block_id':'a','elements':["
            + "{'type':'button','action_id':'go','text':{'type':'plain_text','text':'Go','emoji':true},'style':'primary','value':'run-1',"
            + "'confirm':{'title':{'type':'plain_text','text':'Sure?','emoji':true},'text':{'type':'plain_text','text':'Really','emoji':true},"
            + "'confirm':{'type':'plain_text','text':'Yes','emoji':true},'deny':{'type':'plain_text','text':'No','emoji':true}}},"
            + "{'type':'static_select','action_id':'pick','placeholder':{'type':'plain_text','text':'Pick\\u2026','emoji':true},"
            + "'options':[{'text':{'type':'plain_text','text':'One','emoji':true},'value':'v1'}]}]}]";

        SlackBlock.ToJson(blocks).Should().Be(expected.Replace('\'', '"'));
    }

    [Fact]
    public void Plain_LongerThanTheLimit_IsCutWithAnEllipsis()
    {
        SlackText.Plain(new string('x', 80)).Text.Should().HaveLength(75).And.EndWith("…");
        SlackText.Plain("short").Text.Should().Be("short");
        new SlackHeaderBlock(new string('h', 200)).Text.Should().HaveLength(200, "the model keeps what it was given; the JSON is cut");
        SlackBlock.ToJson([new SlackHeaderBlock(new string('h', 200))]).Should().Contain(new string('h', 149) + "\\u2026").And.NotContain(new string('h', 150));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"block_id":"x"}""")]
    [InlineData("""{"type":3}""")]
    public void FromJson_NotABlock_ThrowsSayingWhatABlockIs(string json)
    {
        Action act = () => SlackBlock.FromJson(json);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("json");
    }

    [Fact]
    public void FromJson_ABlockTheModelLacks_IsSentAsGivenWithItsBlockId()
    {
        SlackBlock image = SlackBlock.FromJson("""{"type":"image","block_id":"img","image_url":"https://example.com/a.png","alt_text":"a"}""");

        image.BlockId.Should().Be("img");
        SlackBlock.ToJson([image]).Should().Be("""[{"type":"image","block_id":"img","image_url":"https://example.com/a.png","alt_text":"a"}]""");
    }

    [Fact]
    public void Escape_MrkdwnControlCharacters_AreEscaped() =>
        SlackText.Escape("<!channel> & <@U1>").Should().Be("&lt;!channel&gt; &amp; &lt;@U1&gt;");

    [Fact]
    public void SlackButton_NoActionId_Throws()
    {
        Action act = () => _ = new SlackButton(" ", "Go");

        act.Should().Throw<ArgumentException>();
    }
}
