using System.Text.Json;
using Sym.Sdk.Serialization;
using Sym.Sdk.Tests.Serialization;

namespace Sym.Sdk.Tests.Model;

/// <summary>
/// The field accessors, run over both kinds of <see cref="EventFields"/>: built in code from JSON elements, and parsed
/// from an event (raw bytes, scalars read without a DOM, values built on demand).
/// </summary>
public abstract class EventFieldsTests
{
    protected abstract EventFields Fields(string json, AccessTarget? target = null);

    [Fact]
    public void WellKnownFields_AreTyped()
    {
        EventFields fields = Fields("""{"reason":"deploy","duration":3600,"target_id":"t-1"}""");

        fields.Reason.Should().Be("deploy");
        fields.Duration.Should().Be(TimeSpan.FromHours(1));
        fields.TargetId.Should().Be("t-1");
    }

    [Fact]
    public void TargetId_FallsBackToTargetsId()
    {
        var target = new AccessTarget { Name = "admins", Srn = Srn.Parse("sym:access_target:lambda_access:latest:e6a9") };

        Fields("{}", target).TargetId.Should().Be("e6a9");
        Fields("{}", new AccessTarget { Name = "admins" }).TargetId.Should().Be("admins");
        Fields("{}").TargetId.Should().BeNull();
        Fields("{}", target).Target.Should().BeSameAs(target);
    }

    [Fact]
    public void Absent_AndNull_ReadAsNullOrEmpty()
    {
        EventFields fields = Fields("""{"n":null}""");

        fields.GetString("n").Should().BeNull();
        fields.GetInt64("n").Should().BeNull();
        fields.GetBoolean("n").Should().BeNull();
        fields.GetDuration("n").Should().BeNull();
        fields.GetStringList("n").Should().BeEmpty();
        fields.GetInt64List("n").Should().BeEmpty();
        fields.GetString("absent").Should().BeNull();
        fields.GetInt64("absent").Should().BeNull();
        fields.GetBoolean("absent").Should().BeNull();
        fields.GetDuration("absent").Should().BeNull();
        fields.GetStringList("absent").Should().BeEmpty();
        fields.Reason.Should().BeNull();
        fields.Duration.Should().BeNull();
    }

    [Fact]
    public void TypedAccessors_ReadMatchingValues()
    {
        EventFields fields = Fields("""{"s":"x","i":42,"b":true,"f":false,"d":"1mo","sl":["U1","U2"],"il":[1,2,3]}""");

        fields.GetString("s").Should().Be("x");
        fields.GetInt64("i").Should().Be(42);
        fields.GetBoolean("b").Should().BeTrue();
        fields.GetBoolean("f").Should().BeFalse();
        fields.GetDuration("d").Should().Be(TimeSpan.FromDays(30));
        fields.GetDuration("i").Should().Be(TimeSpan.FromSeconds(42));
        fields.GetStringList("sl").Should().Equal("U1", "U2");
        fields.GetInt64List("il").Should().Equal(1L, 2L, 3L);
    }

    [Theory]
    [InlineData("""{"v":1}""", "string")]
    [InlineData("""{"v":"1"}""", "int")]
    [InlineData("""{"v":1.5}""", "int")]
    [InlineData("""{"v":"true"}""", "bool")]
    [InlineData("""{"v":1}""", "bool")]
    [InlineData("""{"v":"soon"}""", "duration")]
    [InlineData("""{"v":-5}""", "duration")]
    [InlineData("""{"v":true}""", "duration")]
    [InlineData("""{"v":"a"}""", "str_list")]
    [InlineData("""{"v":["a",1]}""", "str_list")]
    [InlineData("""{"v":[1,"a"]}""", "int_list")]
    [InlineData("""{"v":[1.5]}""", "int_list")]
    [InlineData("""{"v":5}""", "int_list")]
    public void TypedAccessors_WrongType_ThrowInvalidFieldNamingTheField(string json, string kind)
    {
        EventFields fields = Fields(json);
        Action act = kind switch
        {
            "string" => () => fields.GetString("v"),
            "int" => () => fields.GetInt64("v"),
            "bool" => () => fields.GetBoolean("v"),
            "duration" => () => fields.GetDuration("v"),
            "str_list" => () => fields.GetStringList("v"),
            _ => () => fields.GetInt64List("v"),
        };

        SymException ex = act.Should().Throw<SymException>().Which;
        ex.ErrorCode.Should().Be(SymErrorCodes.InvalidField);
        ex.Message.Should().Contain("Field 'v'");
    }

    [Fact]
    public void InvalidField_LongValue_IsTruncatedInMessage()
    {
        EventFields fields = Fields($$"""{"v":"{{new string('x', 500)}}"}""");

        Action act = () => fields.GetInt64("v");

        act.Should().Throw<SymException>().Which.Message.Length.Should().BeLessThan(200);
    }

    [Fact]
    public void Dictionary_ExposesRawValues()
    {
        EventFields fields = Fields("""{"a":1,"b":"x"}""");

        fields.Count.Should().Be(2);
        fields.Keys.Should().BeEquivalentTo("a", "b");
        fields.ContainsKey("a").Should().BeTrue();
        fields["b"].GetString().Should().Be("x");
        fields.Values.Should().HaveCount(2);
        fields.Select(kv => kv.Key).Should().BeEquivalentTo("a", "b");
        EventFields.Empty.Count.Should().Be(0);
    }

    [Fact]
    public void Constructor_NullValues_Throws()
    {
        Action act = () => _ = new EventFields(null!);

        act.Should().Throw<ArgumentNullException>();
    }
}

public sealed class CodeBuiltEventFieldsTests : EventFieldsTests
{
    protected override EventFields Fields(string json, AccessTarget? target = null)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty p in doc.RootElement.EnumerateObject())
        {
            values[p.Name] = p.Value.Clone();
        }

        return new EventFields(values, target);
    }
}

public sealed class ParsedEventFieldsTests : EventFieldsTests
{
    protected override EventFields Fields(string json, AccessTarget? target = null)
    {
        EventFields parsed = SymEventJson.Parse(SymEventJsonTests.Minimal(fields: json)).Fields;
        return target is null ? parsed : new EventFields(parsed.Store, target);
    }

    [Fact]
    public void Parsed_RepeatedName_LastValueWinsEverywhere()
    {
        EventFields fields = Fields("""{"a":1,"b":"x","a":2}""");

        fields.Count.Should().Be(2);
        fields.Keys.Should().Equal("b", "a");
        fields.GetInt64("a").Should().Be(2);
        fields["a"].GetInt64().Should().Be(2);
        fields.Select(kv => kv.Value.GetRawText()).Should().Equal("\"x\"", "2");
        fields.Values.Should().HaveCount(2);
    }

    [Fact]
    public void Parsed_ValuesAreTheDocumentsOwn()
    {
        EventFields fields = Fields("""{"n": { "deep": [1, {"x": null}] }, "s": "caf\u00e9"}""");

        fields["n"].GetRawText().Should().Be("""{ "deep": [1, {"x": null}] }""");
        fields["n"].GetProperty("deep")[0].GetInt32().Should().Be(1);
        fields.GetString("s").Should().Be("café");
        fields["s"].GetString().Should().Be("café");
    }

    [Fact]
    public void Parsed_ConcurrentReaders_SeeTheSameValues()
    {
        EventFields fields = Fields("""{"a":[1,2,3],"b":{"c":"d"},"e":"f"}""");

        string[][] seen = Enumerable.Range(0, 16).AsParallel().WithDegreeOfParallelism(8)
            .Select(_ => fields.Select(kv => kv.Key + "=" + kv.Value.GetRawText()).ToArray())
            .ToArray();

        seen.Should().AllSatisfy(s => s.Should().Equal("a=[1,2,3]", "b={\"c\":\"d\"}", "e=\"f\""));
    }

    [Fact]
    public void Parsed_Missing_KeyThrowsAndTryGetIsFalse()
    {
        EventFields fields = Fields("""{"a":1}""");

        fields.TryGetValue("b", out _).Should().BeFalse();
        fields.ContainsKey("b").Should().BeFalse();
        FluentActions.Invoking(() => fields["b"]).Should().Throw<KeyNotFoundException>().WithMessage("*'b'*");
    }
}
