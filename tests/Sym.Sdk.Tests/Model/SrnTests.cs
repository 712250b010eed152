using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sym.Sdk.Tests.Model;

public sealed class SrnTests
{
    // text, org, model, type, slug, version, identifier, canonical text
    public static TheoryData<string, string, string, string?, string, string, string?, string> Valid => new()
    {
        { "sym:flow:lambda_access:1.0.0", "sym", "flow", null, "lambda_access", "1.0.0", null, "sym:flow:lambda_access:1.0.0" },
        { "sym:template:approval:1.0.0", "sym", "template", null, "approval", "1.0.0", null, "sym:template:approval:1.0.0" },
        { "sym:run:lambda_access:1.0.0:ff30a212-24d9-459c-8784-de275042b083", "sym", "run", null, "lambda_access", "1.0.0", "ff30a212-24d9-459c-8784-de275042b083", "sym:run:lambda_access:1.0.0:ff30a212-24d9-459c-8784-de275042b083" },
        { "sym:event-spec:approval:1.0.0:escalate", "sym", "event-spec", null, "approval", "1.0.0", "escalate", "sym:event-spec:approval:1.0.0:escalate" },
        { "healthy-health:access_target:okta_group:admins:latest", "healthy-health", "access_target", "okta_group", "admins", "latest", null, "healthy-health:access_target:okta_group:admins:latest" },
        { "acme:access_strategy:okta:prod:2.10.3:abc", "acme", "access_strategy", "okta", "prod", "2.10.3", "abc", "acme:access_strategy:okta:prod:2.10.3:abc" },
        // Real wire data: typed models without their type component.
        { "sym:access_target:lambda_access:latest:e6a92881-cb49-4580-bb17-56c581a596a2", "sym", "access_target", null, "lambda_access", "latest", "e6a92881-cb49-4580-bb17-56c581a596a2", "sym:access_target:lambda_access:latest:e6a92881-cb49-4580-bb17-56c581a596a2" },
        { "sym:user:2dba7476-a43d-4eb4-ac4b-bdc33b83fca0:latest", "sym", "user", null, "2dba7476-a43d-4eb4-ac4b-bdc33b83fca0", "latest", null, "sym:user:2dba7476-a43d-4eb4-ac4b-bdc33b83fca0:latest" },
        { "org:user:normal:2dba7476-a43d-4eb4-ac4b-bdc33b83fca0:latest", "org", "user", "normal", "2dba7476-a43d-4eb4-ac4b-bdc33b83fca0", "latest", null, "org:user:normal:2dba7476-a43d-4eb4-ac4b-bdc33b83fca0:latest" },
        // Lower-cased except the version and identifier.
        { "ACME:Access_Target:Okta_Group:Admins:latest:ID-Upper", "acme", "access_target", "okta_group", "admins", "latest", "ID-Upper", "acme:access_target:okta_group:admins:latest:ID-Upper" },
        { "Sym:FLOW:My-Flow:10.20.30", "sym", "flow", null, "my-flow", "10.20.30", null, "sym:flow:my-flow:10.20.30" },
        // "latest" is a valid slug: a typed model whose last two parts are versions is <type>:<slug>:<version>.
        { "acme:secret:aws:latest:1.0.0", "acme", "secret", "aws", "latest", "1.0.0", null, "acme:secret:aws:latest:1.0.0" },
        { "acme:log_destination:kinesis:audit:latest", "acme", "log_destination", "kinesis", "audit", "latest", null, "acme:log_destination:kinesis:audit:latest" },
        { "acme:secrets:aws:main:latest", "acme", "secrets", "aws", "main", "latest", null, "acme:secrets:aws:main:latest" },
        { "acme:integration:slack:main:latest", "acme", "integration", "slack", "main", "latest", null, "acme:integration:slack:main:latest" },
    };

    public static TheoryData<string, string> Invalid => new()
    {
        { "", SrnFormatException.MissingComponent },
        { "sym", SrnFormatException.MissingComponent },
        { "sym:flow", SrnFormatException.MissingComponent },
        { "sym:flow:lambda_access", SrnFormatException.MissingComponent },
        { "sym::lambda_access:1.0.0", SrnFormatException.MissingComponent },
        { ":flow:lambda_access:1.0.0", SrnFormatException.MissingComponent },
        { "sym:flow:lambda_access:1.0.0:", SrnFormatException.TrailingSeparator },
        { "sym:flow:lambda_access:", SrnFormatException.TrailingSeparator },
        { ":", SrnFormatException.TrailingSeparator },
        { "sym:flow:lambda access:1.0.0", SrnFormatException.InvalidSlug },
        { "sym:flow:lambda.access:1.0.0", SrnFormatException.InvalidSlug },
        { "sy m:flow:x:1.0.0", SrnFormatException.InvalidSlug },
        { "sym:fl*w:x:1.0.0", SrnFormatException.InvalidSlug },
        { "acme:access_target:okta group:admins:latest", SrnFormatException.InvalidSlug },
        { "sym:flow:ünïcode:1.0.0", SrnFormatException.InvalidSlug },
        { "sym:flow:lambda_access:1.0", SrnFormatException.InvalidVersion },
        { "sym:flow:lambda_access:v1.0.0", SrnFormatException.InvalidVersion },
        { "sym:flow:lambda_access:1.0.0.0", SrnFormatException.InvalidVersion },
        { "sym:flow:lambda_access:1..0", SrnFormatException.InvalidVersion },
        { "sym:flow:lambda_access:LATEST", SrnFormatException.InvalidVersion },
        { "sym:flow:lambda_access:1.0.x", SrnFormatException.InvalidVersion },
        { "sym:flow:lambda_access:1.0.0.", SrnFormatException.InvalidVersion },
        { "acme:access_target:okta_group:admins:nope", SrnFormatException.InvalidVersion },
        { "sym:flow:okta:admins:1.0.0", SrnFormatException.TooManyComponents },
        { "sym:flow:a:b:1.0.0:id", SrnFormatException.TooManyComponents },
        { "acme:access_target:okta_group:admins:latest:id:extra", SrnFormatException.TooManyComponents },
        { "sym:run:x:1.0.0:id with space", SrnFormatException.InvalidIdentifier },
        { "sym:run:x:1.0.0:id\twith-tab", SrnFormatException.InvalidIdentifier },
        { "sym:run:x:1.0.0:id\u007Fdel", SrnFormatException.InvalidIdentifier },
        { "sym:run:x:1.0.0:no\u00A0break", SrnFormatException.InvalidIdentifier },
        { "sym:run:x:1.0.0:line\u2028sep", SrnFormatException.InvalidIdentifier },
        { "sym:run:x:1.0.0:c1\u0085control", SrnFormatException.InvalidIdentifier },
        { "sym:flow:caf\u00e9:1.0.0", SrnFormatException.InvalidSlug },
        { "sym:flow:a.b:1.0.0", SrnFormatException.InvalidSlug },
    };

    [Theory]
    [InlineData("sym:run:x:1.0.0:café-über")]
    [InlineData("sym:run:x:1.0.0:a/b=c+d~e")]
    public void Parse_NonAsciiOrPunctuationIdentifier_IsKept(string text)
    {
        Srn.Parse(text).Identifier.Should().Be(text[(text.LastIndexOf(':') + 1)..]);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ValidText_ReadsEveryComponent(string text, string org, string model, string? type, string slug, string version, string? identifier, string canonical)
    {
        Srn srn = Srn.Parse(text);

        srn.Org.Should().Be(org);
        srn.Model.Should().Be(model);
        srn.Type.Should().Be(type);
        srn.Slug.Should().Be(slug);
        srn.Version.Should().Be(version);
        srn.Identifier.Should().Be(identifier);
        srn.ToString().Should().Be(canonical);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_CanonicalText_RoundTrips(string text, string org, string model, string? type, string slug, string version, string? identifier, string canonical)
    {
        _ = (text, org, model, type, slug, version, identifier);

        Srn parsed = Srn.Parse(canonical);
        Srn built = new(org, model, slug, version, type, identifier);

        parsed.ToString().Should().Be(canonical);
        built.Should().Be(parsed);
        built.ToString().Should().Be(canonical);
        Srn.Parse(built.ToString()).Should().Be(built);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_InvalidText_ThrowsTypedError(string text, string errorCode)
    {
        Action act = () => Srn.Parse(text);

        SrnFormatException ex = act.Should().Throw<SrnFormatException>().Which;
        ex.ErrorCode.Should().Be(errorCode);
        ex.Value.Should().Be(text);
        ex.Message.Should().Contain($"'{text}' is not a valid SRN");
        ex.Hint.Should().Contain("<org>:<model>[:<type>]:<slug>:<version>[:<identifier>]");
        ex.Should().BeAssignableTo<SymException>();
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_InvalidText_ReturnsFalseWithoutSrn(string text, string errorCode)
    {
        _ = errorCode;

        Srn.TryParse(text, out Srn? srn).Should().BeFalse();
        srn.Should().BeNull();
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Srn.TryParse(null, out Srn? srn).Should().BeFalse();
        srn.Should().BeNull();
    }

    [Fact]
    public void TryParse_ValidText_ReturnsSrn()
    {
        Srn.TryParse("sym:flow:x:latest", out Srn? srn).Should().BeTrue();
        srn!.Slug.Should().Be("x");
        srn.IsLatest.Should().BeTrue();
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull()
    {
        Action act = () => Srn.Parse(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Parse_ViaIParsable_UsesSameRules()
    {
        ParseGeneric<Srn>("sym:flow:x:1.0.0").ToString().Should().Be("sym:flow:x:1.0.0");
        TryParseGeneric<Srn>("sym:flow:x:1.0", out _).Should().BeFalse();

        static T ParseGeneric<T>(string s) where T : IParsable<T> => T.Parse(s, null);
        static bool TryParseGeneric<T>(string s, out T? value) where T : IParsable<T> => T.TryParse(s, null, out value);
    }

    [Theory]
    [InlineData("bad slug", "x", "1.0.0", null, null, SrnFormatException.InvalidSlug)]
    [InlineData("", "x", "1.0.0", null, null, SrnFormatException.MissingComponent)]
    [InlineData("acme", "x", "1.0", null, null, SrnFormatException.InvalidVersion)]
    [InlineData("acme", "x", "1.0.0", "okta", null, SrnFormatException.TooManyComponents)]
    [InlineData("acme", "x", "1.0.0", null, "a:b", SrnFormatException.InvalidIdentifier)]
    [InlineData("acme", "x", "1.0.0", null, "", SrnFormatException.InvalidIdentifier)]
    [InlineData("acme", "x y", "1.0.0", null, null, SrnFormatException.InvalidSlug)]
    public void Constructor_InvalidPart_ThrowsTypedError(string org, string slug, string version, string? type, string? identifier, string errorCode)
    {
        Action act = () => _ = new Srn(org, "flow", slug, version, type, identifier);

        act.Should().Throw<SrnFormatException>().Which.ErrorCode.Should().Be(errorCode);
    }

    [Fact]
    public void Constructor_TypeOnTypedModel_IsAccepted()
    {
        var srn = new Srn("Acme", "ACCESS_TARGET", "Admins", "latest", type: "Okta_Group");

        srn.ToString().Should().Be("acme:access_target:okta_group:admins:latest");
    }

    [Fact]
    public void Constructor_NullPart_ThrowsArgumentNull()
    {
        Action act = () => _ = new Srn("acme", "flow", null!, "1.0.0");

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void WithVersion_ValidVersion_ChangesOnlyVersion()
    {
        Srn srn = Srn.Parse("acme:access_target:okta_group:admins:latest:id");

        srn.WithVersion("1.2.3").ToString().Should().Be("acme:access_target:okta_group:admins:1.2.3:id");
        srn.ToString().Should().Be("acme:access_target:okta_group:admins:latest:id");
    }

    [Fact]
    public void WithVersion_InvalidVersion_ThrowsTypedError()
    {
        Srn srn = Srn.Parse("sym:flow:x:latest");

        Action act = () => srn.WithVersion("next");

        act.Should().Throw<SrnFormatException>().Which.ErrorCode.Should().Be(SrnFormatException.InvalidVersion);
    }

    [Fact]
    public void WithIdentifier_SetsAndClearsIdentifier()
    {
        Srn srn = Srn.Parse("sym:run:x:1.0.0");

        Srn withId = srn.WithIdentifier("abc");
        withId.ToString().Should().Be("sym:run:x:1.0.0:abc");
        withId.WithIdentifier(null).Should().Be(srn);
    }

    [Fact]
    public void Equality_IsByCanonicalText()
    {
        Srn a = Srn.Parse("ACME:Flow:X:1.0.0");
        Srn b = Srn.Parse("acme:flow:x:1.0.0");
        Srn c = Srn.Parse("acme:flow:x:1.0.1");

        (a == b).Should().BeTrue();
        a.Equals((object)b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        (a != c).Should().BeTrue();
        a.Equals(null).Should().BeFalse();
        (a == null).Should().BeFalse();
        ((Srn?)null == null).Should().BeTrue();
    }

    [Fact]
    public void TypedModels_ListsTheSevenTypedModels_AndCannotBeMutated()
    {
        Srn.TypedModels.Should().BeEquivalentTo(
            "access_strategy", "access_target", "user", "secret", "secrets", "integration", "log_destination");
        // A mutable set behind the read-only interface would let any caller change parsing for the whole process.
        Action mutate = () => ((ICollection<string>)Srn.TypedModels).Add("flow");
        mutate.Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void Json_RoundTripsAsString_WithSourceGeneratedContext()
    {
        var holder = new SrnHolder { Srn = Srn.Parse("sym:flow:lambda_access:1.0.0"), Missing = null };

        string json = JsonSerializer.Serialize(holder, SrnJsonContext.Default.SrnHolder);
        json.Should().Be("""{"Srn":"sym:flow:lambda_access:1.0.0","Missing":null}""");

        SrnHolder back = JsonSerializer.Deserialize(json, SrnJsonContext.Default.SrnHolder)!;
        back.Srn.Should().Be(holder.Srn);
        back.Missing.Should().BeNull();
    }

    [Fact]
    public void Json_InvalidSrn_ThrowsJsonExceptionWithTypedCause()
    {
        Action act = () => JsonSerializer.Deserialize("""{"Srn":"sym:flow:x:1.0"}""", SrnJsonContext.Default.SrnHolder);

        JsonException ex = act.Should().Throw<JsonException>().Which;
        ex.InnerException.Should().BeOfType<SrnFormatException>().Which.ErrorCode.Should().Be(SrnFormatException.InvalidVersion);
    }

    [Fact]
    public void Json_NonStringSrn_ThrowsJsonException()
    {
        Action act = () => JsonSerializer.Deserialize("""{"Srn":42}""", SrnJsonContext.Default.SrnHolder);

        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void Json_TopLevelSrn_WritesCanonicalString()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = SrnJsonContext.Default };

        JsonSerializer.Serialize(Srn.Parse("Sym:Flow:X:latest"), options).Should().Be("\"sym:flow:x:latest\"");
    }

    internal sealed class SrnHolder
    {
        public Srn? Srn { get; set; }

        public Srn? Missing { get; set; }
    }
}

[JsonSerializable(typeof(SrnTests.SrnHolder))]
[JsonSerializable(typeof(Srn))]
internal sealed partial class SrnJsonContext : JsonSerializerContext;
