using Sym.Sdk.Integrations.Slack.BlockKit;
using System.Text.Json.Nodes;
using Snapshooter;
using Snapshooter.Xunit;
using Sym.Sdk.Integrations.Slack;

namespace Sym.Sdk.Integrations.Tests.Slack.BlockKit;

public sealed class SlackApprovalMessageTests
{
    private static readonly SlackApprovalRequest Request = new()
    {
        RunId = "run-42",
        Requester = "<@U100>",
        Target = "Prod DB (read-only)",
        Duration = TimeSpan.FromHours(4),
        Reason = "Investigate <INC-7> & fix",
        FlowLabel = "Database access",
        Fields = [new("Ticket", "INC-7"), new("Urgent", "yes")],
    };

    private static string Json(SlackMessage message) =>
        new JsonObject { ["text"] = message.Text, ["blocks"] = JsonNode.Parse(SlackBlock.ToJson(message.Blocks!))!.AsArray() }.ToJsonString(SnapshotJson.Options);

    [Fact]
    public void Request_Snapshot()
    {
        Snapshot.Match(Json(SlackApprovalMessage.Request(Request)));
    }

    [Fact]
    public void Request_Buttons_CarryRunIdWithSymActionIds()
    {
        SlackMessage message = SlackApprovalMessage.Request(Request);

        JsonObject actions = JsonNode.Parse(SlackBlock.ToJson(message.Blocks!))!.AsArray().OfType<JsonObject>().Single(b => (string?)b["type"] == "actions");
        actions["block_id"]!.GetValue<string>().Should().Be(SlackApprovalMessage.ActionsBlockId);
        JsonArray buttons = actions["elements"]!.AsArray();
        buttons.Select(b => (b!["action_id"]!.GetValue<string>(), b["value"]!.GetValue<string>(), (string?)b["style"]))
            .Should().Equal(("sym_approve", "run-42", "primary"), ("sym_deny", "run-42", "danger"), ("sym_cancel", "run-42", null));
    }

    [Fact]
    public void Request_CancelButton_AsksForConfirmationWithinSlacksLimits()
    {
        SlackMessage message = SlackApprovalMessage.Request(Request);

        JsonObject cancel = JsonNode.Parse(SlackBlock.ToJson(message.Blocks!))!.AsArray().OfType<JsonObject>().Single(b => (string?)b["type"] == "actions")["elements"]!.AsArray()
            .OfType<JsonObject>().Single(b => (string?)b["action_id"] == SlackApprovalMessage.CancelActionId);
        JsonObject confirm = cancel["confirm"]!.AsObject();
        confirm["title"]!["text"]!.GetValue<string>().Should().Be("Cancel this request?").And.HaveLength(20);
        confirm["text"]!["text"]!.GetValue<string>().Should().Contain("Only the requester").And.Match(t => t.Length <= 300);
        confirm["confirm"]!["text"]!.GetValue<string>().Length.Should().BeLessThanOrEqualTo(30);
        confirm["deny"]!["text"]!.GetValue<string>().Should().Be("Keep it");
    }

    [Fact]
    public void Request_UserFields_ShowMentionsAndEverythingElseEscaped_Snapshot()
    {
        SlackApprovalRequest request = Request with
        {
            Fields = [new("On call", "U0123ABC"), new("Reviewers", "U1AAA, W2BBB"), new("Ticket", "<@U0EVIL>")],
            UserFieldLabels = new HashSet<string>(StringComparer.Ordinal) { "On call", "Reviewers" },
        };

        string json = Json(SlackApprovalMessage.Request(request));

        json.Should().Contain(@"*On call*\n<@U0123ABC>").And.Contain(@"*Reviewers*\n<@U1AAA>, <@W2BBB>")
            .And.Contain(@"*Ticket*\n&lt;@U0EVIL&gt;", "only user fields become mentions");
        Snapshot.Match(json);
    }

    [Theory]
    [InlineData("U0123", "<@U0123>")]
    [InlineData("W0123, U0456", "<@W0123>, <@U0456>")]
    [InlineData("<!channel>", "&lt;!channel&gt;")]
    [InlineData("U0123>, <!here", "U0123&gt;, &lt;!here")]
    [InlineData("U0123|everyone", "U0123|everyone")]
    [InlineData("<https://evil.example|click>", "&lt;https://evil.example|click&gt;")]
    [InlineData("u0123", "u0123")]
    [InlineData("C0123", "C0123")]
    [InlineData("U0123 *bold*", "U0123 *bold*")]
    [InlineData("U0123, ,", "<@U0123>")]
    [InlineData(" , ", "–")]
    public void Mentions_CraftedValue_OnlyWellFormedUserIdsBecomeMentions(string value, string expected)
    {
        SlackApprovalMessage.Mentions(value).Should().Be(expected);
    }

    [Fact]
    public void Request_UserText_IsEscaped()
    {
        string json = JsonNode.Parse(SlackBlock.ToJson(SlackApprovalMessage.Request(Request).Blocks!))!.ToJsonString(SnapshotJson.Options);

        json.Should().Contain("Investigate &lt;INC-7&gt; &amp; fix").And.NotContain("<INC-7>");
    }

    public static TheoryData<string, SlackApprovalOutcome, string> Outcomes() => new()
    {
        { "approved", SlackApprovalOutcome.ApprovedBy("<@U200>"), ":white_check_mark: Approved by <@U200>" },
        { "denied", SlackApprovalOutcome.DeniedBy("<@U200>", "Use the replica"), ":x: Denied by <@U200>: Use the replica" },
        { "expired", SlackApprovalOutcome.Expired(), ":hourglass: Expired without a decision" },
        { "revoked", SlackApprovalOutcome.RevokedBy("<@U300>"), ":no_entry: Access revoked by <@U300>" },
        { "cancelled", SlackApprovalOutcome.CancelledBy("<@U100>"), ":no_entry_sign: Cancelled by <@U100>" },
        {
            "extended", SlackApprovalOutcome.ExtendedTo(new DateTimeOffset(2026, 11, 26, 18, 30, 0, TimeSpan.Zero), "<@U200>"),
            $":arrow_forward: Access extended to <!date^{new DateTimeOffset(2026, 11, 26, 18, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds()}^{{date_short_pretty}} at {{time}}|2026-11-26 18:30 UTC> by <@U200>"
        },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Decided_Outcome_RemovesButtonsAndSaysWhatHappened(string name, SlackApprovalOutcome outcome, string status)
    {
        SlackMessage message = SlackApprovalMessage.Decided(Request, outcome);

        JsonNode.Parse(SlackBlock.ToJson(message.Blocks!))!.AsArray().OfType<JsonObject>().Should().NotContain(b => (string?)b["type"] == "actions");
        JsonObject context = JsonNode.Parse(SlackBlock.ToJson(message.Blocks!))!.AsArray().OfType<JsonObject>().Single(b => (string?)b["type"] == "context");
        context["elements"]![0]!["text"]!.GetValue<string>().Should().Be(status);
        message.Text.Should().Contain(name);
        Snapshot.Match(Json(message), SnapshotNameExtension.Create(name));
    }

    [Fact]
    public void Request_MissingRunId_Throws()
    {
        Action act = () => SlackApprovalMessage.Request(Request with { RunId = " " });

        act.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(30 * 60, "30 minutes")]
    [InlineData(3600, "1 hour")]
    [InlineData(86400 * 2, "2 days")]
    [InlineData(86400 * 30, "1 month")]
    [InlineData(45, "45 seconds")]
    public void Describe_Duration_ReadsNaturally(int seconds, string expected)
    {
        SlackApprovalMessage.Describe(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
    }
}
