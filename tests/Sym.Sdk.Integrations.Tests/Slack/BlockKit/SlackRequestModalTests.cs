using System.Text.Json;
using System.Text.Json.Nodes;
using Snapshooter.Xunit;
using Sym.Sdk.Forms;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Integrations.Slack;

namespace Sym.Sdk.Integrations.Tests.Slack.BlockKit;

public sealed class SlackRequestModalTests
{
    private static readonly SlackRequestModalOptions Options = new()
    {
        Title = "Request access",
        PrivateMetadata = """{"flow":"custom_access"}""",
        Targets = [new AccessTarget { Name = "my-target-1", Label = "My Target 1" }, new AccessTarget { Name = "my-target-2" }],
    };

    private static readonly PromptField[] Fields =
    [
        new() { Name = "reason", Type = FieldType.String, Label = "Why do you need access?" },
        new() { Name = "duration", Type = FieldType.Duration, AllowedValues = [new("30m"), new("1h"), new("1d")], Default = "1h" },
        new() { Name = "environment", Type = FieldType.String, AllowedValues = [new("prod", "Production"), new("stage", "Staging")], Default = "stage" },
        new() { Name = "ticket_count", Type = FieldType.Int, Required = false },
        new() { Name = "urgent", Type = FieldType.Bool, Label = "Urgent" },
        new() { Name = "approver", Type = FieldType.SlackUser, Required = false },
        new() { Name = "watchers", Type = FieldType.SlackUserList, Required = false },
        new() { Name = "hosts", Type = FieldType.StrList, Required = false },
        new() { Name = "ports", Type = FieldType.IntList, Required = false },
        new() { Name = "internal_only", Type = FieldType.String, Visible = false },
    ];

    [Fact]
    public void Build_FlowFields_Snapshot()
    {
        JsonObject view = SlackRequestModal.Build(Fields, Options);

        Snapshot.Match(view.ToJsonString(SnapshotJson.Options));
    }

    [Fact]
    public void Build_FlowFields_MapsEachTypeToItsElementWithBlockIdFieldName()
    {
        JsonObject view = SlackRequestModal.Build(Fields, Options);

        var elements = view["blocks"]!.AsArray().Select(b => (b!["block_id"]!.GetValue<string>(), b["element"]!["type"]!.GetValue<string>(),
            b["element"]!["action_id"]!.GetValue<string>(), b["optional"]!.GetValue<bool>()));
        elements.Should().Equal(
            ("target", "static_select", "target", false),
            ("reason", "plain_text_input", "reason", false),
            ("duration", "static_select", "duration", false),
            ("environment", "static_select", "environment", false),
            ("ticket_count", "number_input", "ticket_count", true),
            ("urgent", "checkboxes", "urgent", true),
            ("approver", "users_select", "approver", true),
            ("watchers", "multi_users_select", "watchers", true),
            ("hosts", "plain_text_input", "hosts", true),
            ("ports", "plain_text_input", "ports", true));
        view["callback_id"]!.GetValue<string>().Should().Be("sym_request");
    }

    [Fact]
    public void Build_DurationWithoutAllowedValues_OffersOptionDurations()
    {
        JsonObject view = SlackRequestModal.Build([new PromptField { Name = "duration", Type = FieldType.Duration }],
            new SlackRequestModalOptions { Durations = [TimeSpan.FromMinutes(15), TimeSpan.FromHours(2)] });

        view["blocks"]![0]!["element"]!["options"]!.AsArray().Select(o => (o!["value"]!.GetValue<string>(), o["text"]!["text"]!.GetValue<string>()))
            .Should().Equal(("15m", "15 minutes"), ("2h", "2 hours"));
    }

    [Fact]
    public void Parse_FixtureSubmission_ReadsTargetDurationAndReason()
    {
        string json = File.ReadAllText(TestPaths.Fixture("slack", "view-submission.json"));
        var submission = (SlackViewSubmission)SlackPayloads.ParseInteractionJson(json);
        PromptField[] fields =
        [
            new() { Name = "reason", Type = FieldType.String },
            new() { Name = "duration", Type = FieldType.Duration, AllowedValues = [new("30m"), new("1h")] },
        ];

        SlackFormResult result = SlackRequestModal.Parse(submission, fields, Options);

        result.IsValid.Should().BeTrue();
        result.Target!.Name.Should().Be("my-target-1");
        EventFields values = result.ToEventFields();
        values.Reason.Should().Be("Fix ticket 123");
        values.Duration.Should().Be(TimeSpan.FromHours(1));
        values.Target!.Label.Should().Be("My Target 1");
    }

    [Fact]
    public void Parse_EveryFieldType_RoundTripsToWireValues()
    {
        string state = """
            {
              "target": { "target": { "type": "static_select", "selected_option": { "value": "my-target-2" } } },
              "reason": { "reason": { "type": "plain_text_input", "value": "  Deploy hotfix  " } },
              "duration": { "duration": { "type": "static_select", "selected_option": { "value": "1d" } } },
              "environment": { "environment": { "type": "static_select", "selected_option": { "value": "prod" } } },
              "ticket_count": { "ticket_count": { "type": "number_input", "value": "-3" } },
              "urgent": { "urgent": { "type": "checkboxes", "selected_options": [ { "value": "true" } ] } },
              "approver": { "approver": { "type": "users_select", "selected_user": "U200" } },
              "watchers": { "watchers": { "type": "multi_users_select", "selected_users": ["U11", "W22"] } },
              "hosts": { "hosts": { "type": "plain_text_input", "value": "db-1\n\n db-2 \n" } },
              "ports": { "ports": { "type": "plain_text_input", "value": "5432\n6432" } }
            }
            """;

        SlackFormResult result = Parse(state);

        result.Errors.Should().BeEmpty();
        result.Target!.Name.Should().Be("my-target-2");
        var wire = result.Values.ToDictionary(kv => kv.Key, kv => kv.Value.GetRawText());
        wire.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["reason"] = "\"Deploy hotfix\"",
            ["duration"] = "86400",
            ["environment"] = "\"prod\"",
            ["ticket_count"] = "-3",
            ["urgent"] = "true",
            ["approver"] = "\"U200\"",
            ["watchers"] = """["U11","W22"]""",
            ["hosts"] = """["db-1","db-2"]""",
            ["ports"] = "[5432,6432]",
        });
    }

    [Fact]
    public void Parse_OptionalFieldsEmptyAndCheckboxUnticked_OmitsThemAndReadsFalse()
    {
        string state = """
            {
              "target": { "target": { "selected_option": { "value": "my-target-1" } } },
              "reason": { "reason": { "value": "x" } },
              "duration": { "duration": { "selected_option": { "value": "30m" } } },
              "environment": { "environment": { "selected_option": { "value": "stage" } } },
              "ticket_count": { "ticket_count": { "value": null } },
              "urgent": { "urgent": { "selected_options": [] } },
              "approver": { "approver": { "selected_user": null } }
            }
            """;

        SlackFormResult result = Parse(state);

        result.IsValid.Should().BeTrue();
        result.Values.Keys.Should().BeEquivalentTo("reason", "duration", "environment", "urgent");
        result.Values["urgent"].GetBoolean().Should().BeFalse();
    }

    [Fact]
    public void Parse_InvalidSubmission_ErrorsResponseNamesEachBlock()
    {
        string state = """
            {
              "target": { "target": { "selected_option": { "value": "not-a-target" } } },
              "reason": { "reason": { "value": "   " } },
              "duration": { "duration": { "selected_option": { "value": "1mo" } } },
              "environment": { "environment": { "selected_option": { "value": "dev" } } },
              "ticket_count": { "ticket_count": { "value": "3.5" } },
              "approver": { "approver": { "selected_user": "not-a-user" } },
              "ports": { "ports": { "value": "80\nhttp" } }
            }
            """;

        SlackFormResult result = Parse(state);

        result.IsValid.Should().BeFalse();
        result.Values.Keys.Should().BeEquivalentTo(["urgent"], "only valid fields have values");
        using JsonDocument response = JsonDocument.Parse(result.ToErrorResponse());
        response.RootElement.GetProperty("response_action").GetString().Should().Be("errors");
        response.RootElement.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString())
            .Should().BeEquivalentTo(new Dictionary<string, string?>
            {
                ["target"] = "Choose one of the listed targets.",
                ["reason"] = "Why do you need access? is required.",
                ["duration"] = "Choose one of the listed durations.",
                ["environment"] = "Choose one of the listed options.",
                ["ticket_count"] = "ticket_count must be a whole number.",
                ["approver"] = "Choose a user.",
                ["ports"] = "'http' is not a whole number.",
            });
        Action act = () => result.ToEventFields();
        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Parse_EmptyState_RequiredFieldsAndTargetReported()
    {
        SlackFormResult result = SlackRequestModal.ParseState(default, Fields, Options);

        result.Errors.Keys.Should().BeEquivalentTo("target", "reason", "duration", "environment");
        result.ToErrorResponse().Should().StartWith("""{"response_action":"errors","errors":{""");
    }

    private static SlackFormResult Parse(string state)
    {
        using JsonDocument doc = JsonDocument.Parse(state);
        return SlackRequestModal.ParseState(doc.RootElement.Clone(), Fields, Options);
    }
}
