using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Slack;

namespace Sym.Sdk.Integrations.Tests.Slack.Verification;

public sealed class SlackRequestVerifierTests
{
    private static readonly Vector Official = Vector.Load();

    [Fact]
    public void Verify_OfficialVectorWithClockPinned_IsValid()
    {
        var verifier = new SlackRequestVerifier(Official.Secret, Official.ClockAt(0));

        SlackVerificationResult result = verifier.Verify(Official.Timestamp, Official.Signature, Official.Body);

        result.Status.Should().Be(SlackVerificationStatus.Valid);
        result.IsValid.Should().BeTrue();
    }

    [Fact]
    public void Verify_OfficialVectorWithRealClock_IsStale()
    {
        var verifier = new SlackRequestVerifier(Official.Secret);

        SlackVerificationResult result = verifier.Verify(Official.Timestamp, Official.Signature, Official.Body);

        result.Status.Should().Be(SlackVerificationStatus.Stale);
        result.IsValid.Should().BeFalse();
    }

    [Theory]
    [InlineData(300, SlackVerificationStatus.Valid)]
    [InlineData(-300, SlackVerificationStatus.Valid)]
    [InlineData(301, SlackVerificationStatus.Stale)]
    [InlineData(-301, SlackVerificationStatus.Future)]
    public void Verify_ClockSkew_RejectedBeyond300Seconds(int clockOffsetSeconds, SlackVerificationStatus expected)
    {
        var verifier = new SlackRequestVerifier(Official.Secret, Official.ClockAt(clockOffsetSeconds));

        verifier.Verify(Official.Timestamp, Official.Signature, Official.Body).Status.Should().Be(expected);
    }

    public static TheoryData<string?, string?, SlackVerificationStatus> BadHeaders() => new()
    {
        { null, Official.Signature, SlackVerificationStatus.MissingTimestamp },
        { "", Official.Signature, SlackVerificationStatus.MissingTimestamp },
        { Official.Timestamp, null, SlackVerificationStatus.MissingSignature },
        { Official.Timestamp, "", SlackVerificationStatus.MissingSignature },
        { "15314206l8", Official.Signature, SlackVerificationStatus.MalformedTimestamp },
        { "-1531420618", Official.Signature, SlackVerificationStatus.MalformedTimestamp },
        { " 1531420618", Official.Signature, SlackVerificationStatus.MalformedTimestamp },
        { "1531420618.5", Official.Signature, SlackVerificationStatus.MalformedTimestamp },
        { "99999999999999999999999", Official.Signature, SlackVerificationStatus.MalformedTimestamp },
        { Official.Timestamp, "garbage", SlackVerificationStatus.MalformedSignature },
        { Official.Timestamp, "v1=" + Official.Signature[3..], SlackVerificationStatus.MalformedSignature },
        { Official.Timestamp, Official.Signature[3..], SlackVerificationStatus.MalformedSignature },
        { Official.Timestamp, Official.Signature[..^1], SlackVerificationStatus.MalformedSignature },
        { Official.Timestamp, Official.Signature + "0", SlackVerificationStatus.MalformedSignature },
        { Official.Timestamp, "v0=" + Official.Signature[3..].ToUpperInvariant(), SlackVerificationStatus.MalformedSignature },
        { Official.Timestamp, Official.Signature[..^1] + "g", SlackVerificationStatus.MalformedSignature },
        { Official.Timestamp, Official.Signature[..^1] + (Official.Signature[^1] == '0' ? "1" : "0"), SlackVerificationStatus.Mismatch },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void Verify_BadHeader_RejectedWithReason(string? timestamp, string? signature, SlackVerificationStatus expected)
    {
        var verifier = new SlackRequestVerifier(Official.Secret, Official.ClockAt(0));

        SlackVerificationResult result = verifier.Verify(timestamp, signature, Official.Body);

        result.Status.Should().Be(expected);
        result.IsValid.Should().BeFalse();
        result.Reason.Should().NotBeNullOrWhiteSpace().And.NotContain(Official.Secret);
    }

    [Fact]
    public void Verify_BodyChangedByOneByte_Mismatch()
    {
        var verifier = new SlackRequestVerifier(Official.Secret, Official.ClockAt(0));
        byte[] body = [.. Official.Body];
        body[body.Length / 2] ^= 0x01;

        verifier.Verify(Official.Timestamp, Official.Signature, body).Status.Should().Be(SlackVerificationStatus.Mismatch);
    }

    [Fact]
    public void Verify_OtherTimestampWithSameSignature_Mismatch()
    {
        var verifier = new SlackRequestVerifier(Official.Secret, Official.ClockAt(0));

        verifier.Verify("1531420619", Official.Signature, Official.Body).Status.Should().Be(SlackVerificationStatus.Mismatch);
    }

    [Fact]
    public void Verify_WrongSecret_Mismatch()
    {
        var verifier = new SlackRequestVerifier("another-secret", Official.ClockAt(0));

        verifier.Verify(Official.Timestamp, Official.Signature, Official.Body).Status.Should().Be(SlackVerificationStatus.Mismatch);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2000)]
    [InlineData(5000)]
    [InlineData(1 << 20)]
    public void Verify_BodiesAroundTheStackLimit_MatchAReferenceHmac(int size)
    {
        byte[] body = new byte[size];
        new Random(size).NextBytes(body);
        const string ts = "1531420618";
        byte[] basestring = [.. "v0:1531420618:"u8, .. body];
        string signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), basestring));
        var verifier = new SlackRequestVerifier("s3cret", Official.ClockAt(0));

        verifier.Verify(ts, signature, body).Status.Should().Be(SlackVerificationStatus.Valid);
    }

    [Fact]
    public void Constructor_EmptySecret_Throws()
    {
        Action act = () => _ = new SlackRequestVerifier("");

        act.Should().Throw<ArgumentException>();
    }

    private sealed record Vector(string Secret, string Timestamp, byte[] Body, string Signature)
    {
        public static Vector Load()
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("slack", "signing-vector.json")));
            JsonElement r = doc.RootElement;
            return new Vector(r.GetProperty("signing_secret").GetString()!, r.GetProperty("timestamp").GetString()!,
                Encoding.UTF8.GetBytes(r.GetProperty("body").GetString()!), r.GetProperty("expected_signature").GetString()!);
        }

        public FakeTimeProvider ClockAt(int offsetSeconds) =>
            new(DateTimeOffset.FromUnixTimeSeconds(long.Parse(Timestamp, System.Globalization.CultureInfo.InvariantCulture) + offsetSeconds));
    }
}
