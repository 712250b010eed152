using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sym.Sdk.Serialization;

namespace Sym.Sdk.Tests.Serialization;

public sealed partial class SymEventJsonInvalidInputTests
{
    /// <summary>Edits of the escalate fixture: a JSON pointer-ish dotted path, and the new value (absent = remove).</summary>
    public static TheoryData<string, string?, string> Edits => new()
    {
        { "event", null, "$.event" },
        { "event", "\"escalate\"", "$.event" },
        { "event", "null", "$.event" },
        { "event.type", null, "$.event.type" },
        { "event.type", "5", "$.event.type" },
        { "event.type", "\"\"", "$.event.type" },
        { "event.type", "null", "$.event.type" },
        { "event.timestamp", null, "$.event.timestamp" },
        { "event.timestamp", "\"yesterday\"", "$.event.timestamp" },
        { "event.timestamp", "1648221719", "$.event.timestamp" },
        { "event.srn", "5", "$.event.srn" },
        { "event.template", "{}", "$.event.template" },
        { "event.channel", "[]", "$.event.channel" },
        { "actor", null, "$.actor" },
        { "actor", "null", "$.actor" },
        { "actor", "[]", "$.actor" },
        { "actor.username", null, "$.actor.username" },
        { "actor.username", "null", "$.actor.username" },
        { "actor.username", "42", "$.actor.username" },
        { "actor.user", "true", "$.actor.user" },
        { "actor.name", "{}", "$.actor.name" },
        { "actor.identity", "\"slack\"", "$.actor.identity" },
        { "actor.identity.service", null, "$.actor.identity.service" },
        { "actor.identity.user_id", "7", "$.actor.identity.user_id" },
        { "actor.identity.external_id", "[]", "$.actor.identity.external_id" },
        { "run", "\"run\"", "$.run" },
        { "run.srn", "1", "$.run.srn" },
        { "run.parent", "{}", "$.run.parent" },
        { "run.flow", "false", "$.run.flow" },
        { "run.actors", "[]", "$.run.actors" },
        { "run.actors.request", "[]", "$.run.actors.request" },
        { "run.actors.request.username", null, "$.run.actors.request.username" },
        { "run.actors.request.identity.service", "1", "$.run.actors.request.identity.service" },
        { "run.actors.request.identity.service", null, "$.run.actors.request.identity.service" },
        { "meta", "[]", "$.meta" },
        { "meta.schema_version", "\"4\"", "$.meta.schema_version" },
        { "meta.schema_version", "4.5", "$.meta.schema_version" },
        { "meta.schema_version", "99999999999", "$.meta.schema_version" },
        { "id", "7", "$.id" },
        { "fields", "[]", "$.fields" },
        { "fields.target", "\"lambda_access\"", "$.fields.target" },
        { "fields.target.name", null, "$.fields.target.name" },
        { "fields.target.name", "null", "$.fields.target.name" },
        { "fields.target.type", "1", "$.fields.target.type" },
        { "fields.target.label", "[]", "$.fields.target.label" },
        { "fields.target.srn", "{}", "$.fields.target.srn" },
        { "fields.target.settings", "[]", "$.fields.target.settings" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Parse_WrongOrMissingPart_ThrowsInvalidEventNamingThePath(string member, string? value, string expectedPath)
    {
        string json = Edit(SymEventFixtures.Read("escalate-v4.json"), member, value);

        AssertInvalid(json, expectedPath);
    }

    [Theory]
    [InlineData("", "$")]
    [InlineData("   ", "$")]
    [InlineData("[]", "$")]
    [InlineData("\"event\"", "$")]
    [InlineData("null", "$")]
    [InlineData("{", "$")]
    [InlineData("{\"id\": ", "$.id")]
    [InlineData("{\"id\": \"e1\", ", "$")]
    [InlineData("{\"run\": {\"actors\": {\"request\": {\"identity\": {\"service\": ", "$.run.actors.request.identity.service")]
    [InlineData("{\"weird key\": [1, ", "$['weird key']")]
    [InlineData("{\"state\": {\"errors\": [tru]}}", "$.state")]
    [InlineData("{\"id\": \"e1\",}", "$")]
    [InlineData("{\"id\": 'e1'}", "$.id")]
    [InlineData("{/* comment */}", "$")]
    [InlineData("{\"event\": {\"type\": \"x\", \"timestamp\": \"2024-01-01\"}, \"actor\": {\"username\": \"a\"}} {}", "$")]
    [InlineData("{\"event\": {\"type\": \"\\ud800\", \"timestamp\": \"2024-01-01\"}, \"actor\": {\"username\": \"a\"}}", "$.event.type")]
    [InlineData("{\"\\ud800\": 1}", "$")]
    [InlineData("{\"run\": {\"actors\": {\"\\ud800\": {}}}}", "$.run.actors")]
    [InlineData("{\"event\": {\"type\": \"x\", \"timestamp\": \"2024-01-01\"}, \"actor\": {\"username\": \"a\"}, \"fields\": {\"\\udc00\": 1}}", "$.fields")]
    [InlineData("{\"event\": {\"type\": \"x\", \"timestamp\": \"2024-01-01\"}, \"actor\": {\"username\": \"a\"}, \"fields\": {\"target\": {\"name\": \"\\udc00\"}}}", "$.fields.target.name")]
    [InlineData("{\"event\": {\"type\": \"x\", \"timestamp\": \"2024-01-01\"}, \"actor\": {\"username\": \"a\"}, \"fields\": {\"x\": {\"y\": [\"\\udc00\"]}}}", "$.fields.x")]
    [InlineData("{\"event\": {\"type\": \"x\", \"timestamp\": \"2024-01-01\"}, \"actor\": {\"username\": \"a\"}, \"fields\": {\"x\": {\"\\ud800\": 1}}}", "$.fields.x")]
    [InlineData("{\"event\": {\"type\": \"x\", \"timestamp\": \"2024-01-01\"}, \"actor\": {\"username\": \"a\"}, \"fields\": {\"target\": {\"name\": \"a\", \"extra\": \"\\ud800\"}}}", "$.fields.target.extra")]
    [InlineData("{\"event\": {\"type\": \"x\", \"timestamp\": \"2024-01-01\"}, \"actor\": {\"username\": \"a\"}, \"fields\": {\"target\": {\"name\": \"a\", \"settings\": {\"k\": \"\\ud800\"}}}}", "$.fields.target.settings.k")]
    [InlineData("{\"event\": {\"type\": \"x\", \"timestamp\": \"2024-01-01\"}, \"actor\": {\"username\": \"a\"}, \"fields\": {\"target\": {\"name\": \"a\", \"settings\": {\"k\": [\"\\ud800\"]}}}}", "$.fields.target.settings.k")]
    [InlineData("{\"event\": {\"type\": \"x\", \"timestamp\": \"2024-01-01\"}, \"actor\": {\"username\": \"a\"}, \"fields\": {\"target\": {\"name\": \"a\", \"srn\": \"\\ud800\"}}}", "$.fields.target.srn")]
    public void Parse_MalformedDocument_ThrowsInvalidEventNamingThePath(string json, string expectedPath)
    {
        AssertInvalid(json, expectedPath);
    }

    [Fact]
    public void Parse_InvalidUtf8_ThrowsInvalidEvent()
    {
        byte[] utf8 = SymEventFixtures.ReadBytes("escalate-v4.json");
        int at = Encoding.UTF8.GetString(utf8).IndexOf("Sym User", StringComparison.Ordinal);
        utf8[at] = 0xC3; // a lead byte followed by an ASCII byte

        SymException error = FluentActions.Invoking(() => SymEventJson.Parse(utf8)).Should().Throw<SymException>().Which;

        error.ErrorCode.Should().Be(SymEventJson.InvalidEventErrorCode);
        PathOf(error).Should().Be("$");
    }

    [Fact]
    public void Parse_InvalidEvent_CarriesHintAndInnerJsonError()
    {
        SymException error = FluentActions.Invoking(() => SymEventJson.Parse("{\"id\": ")).Should().Throw<SymException>().Which;

        error.Hint.Should().NotBeNullOrEmpty();
        error.InnerException.Should().BeAssignableTo<System.Text.Json.JsonException>();
        error.GetType().Should().Be<SymException>();
    }

    internal static string PathOf(SymException error) => PathInMessage().Match(error.Message) is { Success: true } m
        ? m.Groups["path"].Value
        : throw new InvalidOperationException($"No path in: {error.Message}");

    private static void AssertInvalid(string json, string expectedPath)
    {
        SymException error = FluentActions.Invoking(() => SymEventJson.Parse(json)).Should().Throw<SymException>().Which;
        error.ErrorCode.Should().Be(SymEventJson.InvalidEventErrorCode);
        PathOf(error).Should().Be(expectedPath, error.Message);

        SymException fromBytes = FluentActions.Invoking(() => SymEventJson.Parse(Encoding.UTF8.GetBytes(json))).Should().Throw<SymException>().Which;
        fromBytes.Message.Should().Be(error.Message);
    }

    private static string Edit(string json, string member, string? value)
    {
        JsonNode root = JsonNode.Parse(json)!;
        string[] parts = member.Split('.');
        JsonObject parent = root.AsObject();
        foreach (string part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        if (value is null)
        {
            parent.Remove(parts[^1]).Should().BeTrue($"{member} should exist in the fixture");
        }
        else
        {
            parent[parts[^1]] = value == "null" ? null : JsonNode.Parse(value);
        }

        return root.ToJsonString();
    }

    [GeneratedRegex(@"(?:invalid|not valid JSON) at (?<path>\$.*?): ")]
    private static partial Regex PathInMessage();
}
