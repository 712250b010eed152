using System.Text.Json;
using Sym.Sdk.Flows;
using Sym.Sdk.Forms;
using Sym.Sdk.Runtime;
using Sym.Sdk.Tests.Runtime;

namespace Sym.Sdk.Tests.Flows;

public sealed class RequestValidatorTests
{
    private static EngineHarness Harness() => EngineHarness.Create(o =>
    {
        o.Fields.Add(new PromptFieldOptions { Name = "ticket", Type = "int" });
        o.Fields.Add(new PromptFieldOptions { Name = "env", Type = "string", AllowedValues = { "staging", "prod" } });
        o.Fields.Add(new PromptFieldOptions { Name = "urgent", Type = "bool", Required = false });
        o.Fields.Add(new PromptFieldOptions { Name = "buddy", Type = "slack_user", Required = false });
        o.Fields.Add(new PromptFieldOptions { Name = "tags", Type = "str_list", Required = false, AllowedValues = { "db", "net" } });
        o.AllowedSources.Add("slack");
        o.AllowedSources.Add("api");
    });

    private static AccessRequest Valid(Dictionary<string, JsonElement>? fields = null) => EngineHarness.NewRequest() with
    {
        Fields = fields ?? new Dictionary<string, JsonElement>
        {
            ["ticket"] = SymFieldValue.Int(42),
            ["env"] = SymFieldValue.String("prod"),
        },
    };

    private static async Task<SymRequestValidationException> InvalidAsync(EngineHarness h, AccessRequest request)
    {
        Func<Task> act = () => h.Engine.RequestAsync(request);
        SymRequestValidationException ex = (await act.Should().ThrowAsync<SymRequestValidationException>()).Which;
        ex.ErrorCode.Should().Be(SymErrorCodes.InvalidRequest);
        h.Store.RunCount.Should().Be(0, "an invalid request creates nothing");
        (await h.AuditAsync()).Should().BeEmpty();
        h.Notifier.Records.Should().BeEmpty();
        return ex;
    }

    [Fact]
    public async Task RequestAsync_ValidFields_CreatesRunWithTypedFields()
    {
        using EngineHarness h = Harness();
        SymActionResult result = await h.Engine.RequestAsync(Valid(new()
        {
            ["ticket"] = SymFieldValue.Int(42), ["env"] = SymFieldValue.String("prod"), ["urgent"] = SymFieldValue.Bool(true),
            ["buddy"] = SymFieldValue.String("U0BUDDY"), ["tags"] = SymFieldValue.StringList(["db"]),
        }));

        result.Status.Should().Be(SymActionStatus.Applied);
        EventFields fields = result.Run!.Fields;
        fields.GetInt64("ticket").Should().Be(42);
        fields.GetString("env").Should().Be("prod");
        fields.GetBoolean("urgent").Should().BeTrue();
        fields.GetStringList("tags").Should().Equal("db");
        fields.Reason.Should().Be("incident 42");
        fields.Duration.Should().Be(TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task RequestAsync_MissingRequiredField_IsInvalidAndNamesTheField()
    {
        using EngineHarness h = Harness();
        SymRequestValidationException ex = await InvalidAsync(h, Valid(new() { ["env"] = SymFieldValue.String("prod") }));
        ex.Errors.Should().ContainSingle(e => e.Field == "ticket").Which.Message.Should().Be("ticket is required.");
    }

    [Fact]
    public async Task RequestAsync_MissingLabelledField_MessageNamesItByItsLabel()
    {
        using EngineHarness h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "ticket", Type = "string", Label = "Ticket number" }));

        SymRequestValidationException ex = await InvalidAsync(h, EngineHarness.NewRequest() with { Fields = new Dictionary<string, JsonElement>() });

        ex.Errors.Should().ContainSingle(e => e.Field == "ticket").Which.Message.Should().Be("Ticket number is required.");
    }

    [Fact]
    public async Task RequestAsync_NoDurationWhereTheFormAlsoHasARequiredDurationField_ReportsTheDurationOnce()
    {
        using EngineHarness h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "duration", Type = "duration", Label = "For how long?" }));

        SymRequestValidationException ex = await InvalidAsync(h, EngineHarness.NewRequest() with { Duration = null });

        ex.Errors.Where(e => e.Field == "duration").Select(e => e.Message).Should().Equal("A positive duration is required.");
    }

    [Fact]
    public async Task RequestAsync_UnknownField_MessageNamesIt()
    {
        using EngineHarness h = Harness();

        SymRequestValidationException ex = await InvalidAsync(h, Valid(new()
        {
            ["ticket"] = SymFieldValue.Int(42), ["env"] = SymFieldValue.String("prod"), ["colour"] = SymFieldValue.String("blue"),
        }));

        ex.Errors.Should().ContainSingle().Which.Should().Be(new SymFieldError("colour", "'colour' is not a field of this flow."));
    }

    [Fact]
    public async Task RequestAsync_WrongType_IsInvalid()
    {
        using EngineHarness h = Harness();
        SymRequestValidationException ex = await InvalidAsync(h, Valid(new()
        {
            ["ticket"] = SymFieldValue.String("forty-two"), ["env"] = SymFieldValue.String("prod"), ["urgent"] = SymFieldValue.String("yes"),
            ["buddy"] = SymFieldValue.String("bob"),
        }));
        ex.Errors.Select(e => e.Field).Should().BeEquivalentTo(["ticket", "urgent", "buddy"]);
        ex.Message.Should().Contain("ticket: ticket should be an integer but is text.");
        ex.Errors.Select(e => e.Message).Should().BeEquivalentTo(
            ["ticket should be an integer but is text.", "urgent should be true or false but is text.", "buddy should be a Slack user id (U… or W…)."],
            "each message is a sentence that names its field, ready for the API's errors or the Slack modal");
    }

    [Fact]
    public async Task RequestAsync_ValueNotAllowed_IsInvalid()
    {
        using EngineHarness h = Harness();
        SymRequestValidationException ex = await InvalidAsync(h, Valid(new()
        {
            ["ticket"] = SymFieldValue.Int(1), ["env"] = SymFieldValue.String("dev"), ["tags"] = SymFieldValue.StringList(["db", "disk"]),
        }));
        ex.Errors.Should().HaveCount(2);
        ex.Errors.Single(e => e.Field == "env").Message.Should().Be("'dev' is not one of the allowed values (staging, prod).");
        ex.Errors.Single(e => e.Field == "tags").Message.Should().Contain("'disk'");
    }

    [Fact]
    public async Task RequestAsync_UnknownField_IsInvalid()
    {
        using EngineHarness h = Harness();
        var fields = new Dictionary<string, JsonElement> { ["ticket"] = SymFieldValue.Int(1), ["env"] = SymFieldValue.String("prod"), ["colour"] = SymFieldValue.String("red") };
        SymRequestValidationException ex = await InvalidAsync(h, Valid(fields));
        ex.Errors.Should().ContainSingle(e => e.Field == "colour");
    }

    [Theory]
    [InlineData(30, "'30m' is not an allowed duration (allowed: 1h, 4h).")]
    [InlineData(0, "A positive duration is required.")]
    public async Task RequestAsync_DurationNotAllowed_IsInvalid(int minutes, string message)
    {
        using EngineHarness h = Harness();
        SymRequestValidationException ex = await InvalidAsync(h, Valid() with { Duration = TimeSpan.FromMinutes(minutes) });
        ex.Errors.Should().ContainSingle(e => e.Field == "duration").Which.Message.Should().Be(message);
    }

    [Fact]
    public async Task RequestAsync_DurationOverMaximum_IsInvalid()
    {
        using var h = EngineHarness.Create(o =>
        {
            o.AllowedDurations.Clear();
            o.MaxDuration = "4h";
        });
        SymRequestValidationException ex = await InvalidAsync(h, EngineHarness.NewRequest(duration: TimeSpan.FromHours(5)));
        ex.Errors.Should().ContainSingle().Which.Message.Should().Be("'5h' is longer than the flow's maximum of 4h.");
        (await h.Engine.RequestAsync(EngineHarness.NewRequest(duration: TimeSpan.FromHours(3)))).IsApplied.Should().BeTrue();
    }

    [Fact]
    public async Task RequestAsync_DurationFromField_IsUsed()
    {
        using var h = EngineHarness.Create();
        SymActionResult result = await h.Engine.RequestAsync(EngineHarness.NewRequest() with
        {
            Duration = null, Fields = new Dictionary<string, JsonElement> { ["duration"] = SymFieldValue.String("4h") },
        });
        result.Run!.Duration.Should().Be(TimeSpan.FromHours(4));
    }

    [Theory]
    [InlineData(null, "A target is required.")]
    [InlineData("staging", "'staging' is not a target of this flow.")]
    public async Task RequestAsync_BadTarget_IsInvalid(string? target, string message)
    {
        using EngineHarness h = Harness();
        SymRequestValidationException ex = await InvalidAsync(h, Valid() with { Target = target });
        ex.Errors.Should().ContainSingle(e => e.Field == "target").Which.Message.Should().Be(message);
    }

    [Fact]
    public async Task RequestAsync_SourceNotAllowed_IsInvalid()
    {
        using EngineHarness h = Harness();
        SymRequestValidationException ex = await InvalidAsync(h, Valid() with { SourceChannel = "email" });
        ex.Errors.Should().ContainSingle(e => e.Field == "source");
    }

    [Fact]
    public async Task RequestAsync_GuestWithoutGuestInteraction_IsInvalid()
    {
        using EngineHarness h = Harness();
        SymRequestValidationException ex = await InvalidAsync(h, Valid() with { Requester = EngineHarness.Guest });
        ex.Errors.Should().ContainSingle(e => e.Field == "requester");
    }

    [Fact]
    public async Task RequestAsync_ManyProblems_ReportsEveryOne()
    {
        using EngineHarness h = Harness();
        SymRequestValidationException ex = await InvalidAsync(h, Valid(new()) with { Target = "nope", Duration = TimeSpan.FromDays(2), SourceChannel = "email" });
        ex.Errors.Select(e => e.Field).Should().Contain(["source", "target", "duration", "ticket", "env"]);
    }

    [Fact]
    public async Task RequestAsync_UnknownFlow_ThrowsNotFound()
    {
        using EngineHarness h = Harness();
        Func<Task> act = () => h.Engine.RequestAsync(Valid() with { Flow = "nope" });
        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(SymErrorCodes.FlowNotFound);
    }

    [Fact]
    public async Task RequestAsync_ReasonOverTheDefaultLimit_IsInvalidWithoutEchoingIt()
    {
        using EngineHarness h = Harness();
        string huge = new('x', 10 * 1024 * 1024);

        SymRequestValidationException ex = await InvalidAsync(h, Valid() with { Reason = huge });

        ex.Errors.Should().ContainSingle(e => e.Field == "reason").Which.Message.Should()
            .Be("reason may be at most 1000 characters long; it has 10485760.");
        ex.Message.Length.Should().BeLessThan(500, "an error never carries the value back");
    }

    [Fact]
    public async Task RequestAsync_ReasonAtTheDefaultLimit_IsAccepted()
    {
        using EngineHarness h = Harness();

        SymActionResult result = await h.Engine.RequestAsync(Valid() with { Reason = new string('x', PromptField.DefaultMaxLength) });

        result.Run!.Fields.Reason.Should().HaveLength(1000);
    }

    [Fact]
    public async Task RequestAsync_FieldWithItsOwnMaxLength_UsesIt()
    {
        using EngineHarness h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "ticket", Label = "Ticket", MaxLength = 8 }));

        SymRequestValidationException ex = await InvalidAsync(h, EngineHarness.NewRequest() with
        {
            Fields = new Dictionary<string, JsonElement> { ["ticket"] = SymFieldValue.String("INC-123456") },
        });

        ex.Errors.Should().ContainSingle().Which.Should().Be(new SymFieldError("ticket", "Ticket may be at most 8 characters long; it has 10."));
    }

    [Theory]
    [InlineData("a\\0b", "note", "Note may not contain control characters; it has the control character U+0000 at position 2.")]
    [InlineData("\\u001b[31mred", "note", "Note may not contain control characters; it has the control character U+001B at position 1.")]
    [InlineData("one\\ntwo", "note", "Note may not contain control characters; it has a line break at position 4.")]
    [InlineData("tab\\there", "note", "Note may not contain control characters; it has a tab at position 4.")]
    [InlineData("one\\r\\ntwo", "reason", "reason may not contain control characters other than line breaks; it has a carriage return (end lines with a line feed alone) at position 4.")]
    [InlineData("bell\\u0007", "reason", "reason may not contain control characters other than line breaks; it has the control character U+0007 at position 5.")]
    [InlineData("c1\\u0085", "note", "Note may not contain control characters; it has the control character U+0085 at position 3.")]
    public async Task RequestAsync_ControlCharacters_AreAFieldError(string escaped, string field, string message)
    {
        using EngineHarness h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "note", Label = "Note", Required = false }));
        string value = System.Text.RegularExpressions.Regex.Unescape(escaped);

        SymRequestValidationException ex = await InvalidAsync(h, EngineHarness.NewRequest() with
        {
            Reason = field == "reason" ? value : "ok",
            Fields = field == "note" ? new Dictionary<string, JsonElement> { ["note"] = SymFieldValue.String(value) } : null,
        });

        ex.Errors.Should().ContainSingle().Which.Should().Be(new SymFieldError(field, message));
    }

    [Fact]
    public async Task RequestAsync_LineFeedsInTheReason_AreAccepted()
    {
        using EngineHarness h = Harness();

        SymActionResult result = await h.Engine.RequestAsync(Valid() with { Reason = "INC-42\nreplication lag on db-3" });

        result.Run!.Fields.Reason.Should().Be("INC-42\nreplication lag on db-3");
    }

    [Fact]
    public async Task RequestAsync_FieldMadeMultiline_AcceptsLineFeeds_AndTheReasonMadeSingleLineRefusesThem()
    {
        using EngineHarness h = EngineHarness.Create(o =>
        {
            o.Fields[0].Multiline = false; // the harness's reason field
            o.Fields.Add(new PromptFieldOptions { Name = "steps", Multiline = true });
        });

        SymRequestValidationException ex = await InvalidAsync(h, EngineHarness.NewRequest(reason: "a\nb") with
        {
            Fields = new Dictionary<string, JsonElement> { ["steps"] = SymFieldValue.String("1. look\n2. fix") },
        });

        ex.Errors.Should().ContainSingle().Which.Field.Should().Be("reason");
    }

    [Fact]
    public async Task RequestAsync_ReasonWithoutAReasonField_GetsTheDefaultLimits()
    {
        using EngineHarness h = EngineHarness.Create(o => o.Fields.Clear());

        SymRequestValidationException tooLong = await InvalidAsync(h, EngineHarness.NewRequest(reason: new string('r', 1001)));
        SymRequestValidationException control = await InvalidAsync(h, EngineHarness.NewRequest(reason: "x\0"));

        tooLong.Errors.Should().ContainSingle().Which.Should().Be(new SymFieldError("reason", "The reason may be at most 1000 characters long; it has 1001."));
        control.Errors.Should().ContainSingle().Which.Field.Should().Be("reason");
    }

    [Fact]
    public async Task RequestAsync_ListOverItsItemLimit_IsInvalid()
    {
        using EngineHarness h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "hosts", Type = "str_list", MaxItems = 3 }));

        SymRequestValidationException ex = await InvalidAsync(h, EngineHarness.NewRequest() with
        {
            Fields = new Dictionary<string, JsonElement> { ["hosts"] = SymFieldValue.StringList(["a", "b", "c", "d"]) },
        });

        ex.Errors.Should().ContainSingle().Which.Message.Should().Be("hosts may have at most 3 items; it has 4.");
    }

    [Fact]
    public async Task RequestAsync_ListItemTooLongOrWithAControlCharacter_IsInvalid()
    {
        using EngineHarness h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "hosts", Type = "str_list", MaxLength = 5 }));

        SymRequestValidationException tooLong = await InvalidAsync(h, EngineHarness.NewRequest() with
        {
            Fields = new Dictionary<string, JsonElement> { ["hosts"] = SymFieldValue.StringList(["db-1", "db-100"]) },
        });
        SymRequestValidationException control = await InvalidAsync(h, EngineHarness.NewRequest() with
        {
            Fields = new Dictionary<string, JsonElement> { ["hosts"] = SymFieldValue.StringList(["db\u001b"]) },
        });

        tooLong.Errors.Should().ContainSingle().Which.Message.Should().Be("hosts may be at most 5 characters long; it has 6.");
        control.Errors.Should().ContainSingle().Which.Message.Should().Contain("U+001B");
    }

    [Theory]
    [InlineData("U0BUDDY\\n")]
    [InlineData("U0BU DDY")]
    [InlineData("U0<script>")]
    public async Task RequestAsync_SlackUserThatIsNotAnId_IsInvalid(string escaped)
    {
        using EngineHarness h = Harness();

        SymRequestValidationException ex = await InvalidAsync(h, Valid(new()
        {
            ["ticket"] = SymFieldValue.Int(42), ["env"] = SymFieldValue.String("prod"),
            ["buddy"] = SymFieldValue.String(System.Text.RegularExpressions.Regex.Unescape(escaped)),
        }));

        ex.Errors.Should().ContainSingle().Which.Should().Be(new SymFieldError("buddy", "buddy should be a Slack user id (U… or W…)."));
    }

    [Fact]
    public async Task RequestAsync_TextWithAnUnpairedSurrogateEscape_IsAFieldErrorNotACrash()
    {
        using EngineHarness h = EngineHarness.Create(o => o.Fields.Add(new PromptFieldOptions { Name = "note", Required = false }));
        JsonElement broken = JsonDocument.Parse("\"x\\ud800y\"").RootElement.Clone();

        SymRequestValidationException ex = await InvalidAsync(h, EngineHarness.NewRequest() with
        {
            Fields = new Dictionary<string, JsonElement> { ["note"] = broken },
        });

        ex.Errors.Should().ContainSingle().Which.Message.Should().Be("note is not valid text (it has an unpaired surrogate escape).");
    }

    [Fact]
    public async Task RequestAsync_ManyUnknownFields_EchoesTenNamesShortenedAndCountsTheRest()
    {
        using EngineHarness h = Harness();
        var fields = new Dictionary<string, JsonElement> { ["ticket"] = SymFieldValue.Int(42), ["env"] = SymFieldValue.String("prod") };
        fields[new string('k', 5000) + "\u001b"] = SymFieldValue.Int(1);
        for (int i = 0; i < 49; i++)
        {
            fields[$"extra{i}"] = SymFieldValue.Int(i);
        }

        SymRequestValidationException ex = await InvalidAsync(h, Valid(fields));

        ex.Errors.Should().HaveCount(11);
        ex.Errors[0].Field.Should().Be(new string('k', 40) + "…");
        ex.Errors[0].Message.Should().Be($"'{new string('k', 40)}…' is not a field of this flow.");
        ex.Errors[^1].Should().Be(new SymFieldError("fields", "The request has 40 more fields this flow does not have."));
    }

    [Fact]
    public async Task RequestAsync_UnknownTargetAndValue_AreEchoedShortenedWithoutControlCharacters()
    {
        using EngineHarness h = Harness();

        SymRequestValidationException ex = await InvalidAsync(h, Valid(new()
        {
            ["ticket"] = SymFieldValue.Int(42), ["env"] = SymFieldValue.String("\u001b]0;pwned\u0007"),
        }) with { Target = new string('t', 300) });

        ex.Errors.Single(e => e.Field == "target").Message.Should().Be($"'{new string('t', 40)}…' is not a target of this flow.");
        ex.Errors.Single(e => e.Field == "env").Message.Should().Contain("control character U+001B");
        ex.Message.Should().NotContain("\u001b");
    }

    [Fact]
    public async Task ApproveAsync_ReasonOverTheFlowsActionLimit_IsInvalidAndChangesNothing()
    {
        using EngineHarness h = EngineHarness.Create(o => o.MaxActionReasonLength = 20);
        SymRun run = await h.RequestAsync();

        Func<Task> act = () => h.Engine.ApproveAsync(run.Id, EngineHarness.Approver, new string('y', 21));

        (await act.Should().ThrowAsync<SymRequestValidationException>()).Which.Errors.Should().ContainSingle()
            .Which.Should().Be(new SymFieldError("reason", "The reason may be at most 20 characters long; it has 21."));
        SymRun after = await h.RunAsync(run.Id);
        after.Version.Should().Be(run.Version);
        after.State.Should().Be(SymRunState.Pending);
        (await h.AuditAsync(new() { RunId = run.Id })).Select(e => e.Step).Should().Equal("request");
    }

    [Theory]
    [InlineData("deny")]
    [InlineData("revoke")]
    [InlineData("extend")]
    public async Task Actions_ReasonWithAControlCharacter_IsInvalid(string action)
    {
        using EngineHarness h = EngineHarness.Create();
        SymRun run = action == "deny" ? await h.RequestAsync() : await h.ActiveRunAsync();
        const string reason = "ok\u001b[2J";

        Func<Task> act = action switch
        {
            "deny" => () => h.Engine.DenyAsync(run.Id, EngineHarness.Approver, reason),
            "revoke" => () => h.Engine.RevokeAsync(run.Id, EngineHarness.Requester, reason),
            _ => () => h.Engine.ExtendAsync(run.Id, EngineHarness.Requester, TimeSpan.FromHours(1), reason),
        };

        (await act.Should().ThrowAsync<SymRequestValidationException>()).Which.Errors.Should().ContainSingle()
            .Which.Message.Should().Be("The reason may not contain control characters other than line breaks; it has the control character U+001B at position 3.");
        (await h.RunAsync(run.Id)).Version.Should().Be(run.Version);
    }

    [Fact]
    public async Task ApproveAsync_MultiLineReason_IsAccepted()
    {
        using EngineHarness h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();

        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver, "checked INC-42\nok for an hour");

        result.IsApplied.Should().BeTrue();
    }
}
