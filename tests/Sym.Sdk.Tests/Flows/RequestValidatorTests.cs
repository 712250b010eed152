using System.Text.Json;
using Sym.Sdk.Flows;
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
        ex.ErrorCode.Should().Be("SymSDK:INVALID_REQUEST");
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
        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be("SymSDK:FLOW_NOT_FOUND");
    }
}
