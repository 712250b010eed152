using System.Security.Cryptography;
using System.Text;
using Sym.Sdk.Integrations.Aws.Credentials;
using Sym.Sdk.Integrations.Aws.Signing;
using Sym.Sdk.Integrations.Aws.Signing.Internal;

namespace Sym.Sdk.Integrations.Tests.Aws.Signing;

public sealed class AwsSigV4SignerTests
{
    private static readonly AwsCredentials Keys = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private static AwsSigningRequest Request(string path, string query = "", bool doubleEncode = true, AwsCredentials? credentials = null) => new()
    {
        Method = "GET",
        Path = path,
        Query = query,
        Headers = [new("Host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z")],
        Credentials = credentials ?? Keys,
        Region = "us-east-1",
        Service = "service",
        Timestamp = new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero),
        DoubleEncodePath = doubleEncode,
    };

    private static string CanonicalUri(AwsSigningResult result) => result.CanonicalRequest.Split('\n')[1];

    private static string CanonicalQuery(AwsSigningResult result) => result.CanonicalRequest.Split('\n')[2];

    [Fact]
    public void Sign_LambdaArnPath_EncodesTheWirePathAgain()
    {
        AwsSigningResult result = AwsSigV4Signer.Sign(Request("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations"));

        CanonicalUri(result).Should().Be("/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A1%253Afunction%253Af/invocations");
    }

    [Fact]
    public void Sign_S3Mode_KeepsTheWirePathAsIs()
    {
        AwsSigningResult result = AwsSigV4Signer.Sign(Request("/bucket/a%3Ab//c/./d", doubleEncode: false));

        CanonicalUri(result).Should().Be("/bucket/a%3Ab//c/./d");
    }

    [Theory]
    [InlineData("/example/..", "/")]
    [InlineData("/example1/example2/../..", "/")]
    [InlineData("/./", "/")]
    [InlineData("//example//", "/example/")]
    [InlineData("/./example", "/example")]
    [InlineData("/example space/", "/example%20space/")]
    [InlineData("", "/")]
    public void Sign_DefaultMode_NormalizesThePath(string path, string expected)
    {
        CanonicalUri(AwsSigV4Signer.Sign(Request(path))).Should().Be(expected);
    }

    [Theory]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("a=x%2fy", "a=x%2Fy")]
    [InlineData("a=x y&a=X", "a=X&a=x%20y")]
    [InlineData("flag", "flag=")]
    [InlineData("a=1+2", "a=1%2B2")]
    [InlineData("%E1%88%B4=bar", "%E1%88%B4=bar")]
    public void Sign_Query_IsDecodedReencodedAndSorted(string query, string expected)
    {
        CanonicalQuery(AwsSigV4Signer.Sign(Request("/", query))).Should().Be(expected);
    }

    [Fact]
    public void Sign_SessionCredentialsWithoutTokenHeader_SignsAndReportsTheAddedHeader()
    {
        AwsSigningResult result = AwsSigV4Signer.Sign(Request("/", credentials: new AwsCredentials("AKIDEXAMPLE", "secret", "tok  en")) with
        {
            Headers = [new("Host", "example.amazonaws.com")],
        });

        result.SignedHeaders.Should().Be("host;x-amz-date;x-amz-security-token");
        result.CanonicalRequest.Should().Contain("x-amz-date:20150830T123600Z\nx-amz-security-token:tok en\n");
        result.AddedHeaders.Should().Equal(
            new KeyValuePair<string, string>("X-Amz-Date", "20150830T123600Z"),
            new KeyValuePair<string, string>("X-Amz-Security-Token", "tok  en"));
    }

    [Fact]
    public void Sign_PrecomputedPayloadHash_IsUsedInsteadOfHashingTheBody()
    {
        AwsSigningResult result = AwsSigV4Signer.Sign(Request("/") with { Body = "ignored"u8.ToArray(), PayloadHash = AwsSigV4Signer.UnsignedPayload });

        result.CanonicalRequest.Should().EndWith("\nUNSIGNED-PAYLOAD");
        result.PayloadHash.Should().Be("UNSIGNED-PAYLOAD");
    }

    [Theory]
    [InlineData(2024, 1, 5, 3, 4, 5, "20240105T030405Z")]
    [InlineData(1999, 12, 31, 23, 59, 59, "19991231T235959Z")]
    public void Sign_Timestamp_FormatsAmzDateInUtc(int year, int month, int day, int hour, int minute, int second, string expected)
    {
        // Given in UTC+02:00, so the date must be converted, not just printed.
        var local = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(2));
        AwsSigningResult result = AwsSigV4Signer.Sign(Request("/") with { Headers = [new("Host", "example.amazonaws.com")], Timestamp = local });

        result.AmzDate.Should().Be(expected);
        result.CredentialScope.Should().StartWith(expected[..8] + "/");
    }

    [Fact]
    public void Sign_SameSecretsAlternatingServices_EachUsesItsOwnKey()
    {
        AwsSigningResult service = AwsSigV4Signer.Sign(Request("/"));
        AwsSigningResult other = AwsSigV4Signer.Sign(Request("/") with { Service = "other" });
        AwsSigningResult serviceAgain = AwsSigV4Signer.Sign(Request("/"));

        other.Signature.Should().Be(Oracle(Keys.SecretAccessKey, "20150830", "other", other.StringToSign));
        serviceAgain.Signature.Should().Be(service.Signature);
    }

    [Fact]
    public void Sign_DifferentSecrets_UseDifferentCachedKeys()
    {
        AwsSigningResult first = AwsSigV4Signer.Sign(Request("/"));
        AwsSigningResult other = AwsSigV4Signer.Sign(Request("/", credentials: new AwsCredentials("AKIDEXAMPLE", "another-secret")));
        AwsSigningResult again = AwsSigV4Signer.Sign(Request("/"));

        other.Signature.Should().NotBe(first.Signature);
        again.Signature.Should().Be(first.Signature);
    }

    [Fact]
    public void Sign_LongNonAsciiCanonicalRequest_HashesAndSignsItsUtf8Bytes()
    {
        // Longer than every stack buffer and chunk, with multi-byte characters straddling chunk boundaries.
        string value = string.Concat(Enumerable.Repeat("ä€😀 x", 900));
        AwsSigningResult result = AwsSigV4Signer.Sign(Request("/") with
        {
            Headers = [new("Host", "example.amazonaws.com"), new("X-Amz-Meta", value)],
            Body = Encoding.UTF8.GetBytes(value),
        });

        result.CanonicalRequest.Length.Should().BeGreaterThan(4000);
        result.StringToSign.Split('\n')[^1].Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(result.CanonicalRequest))));
        result.PayloadHash.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value))));
        result.Signature.Should().Be(Oracle(Keys.SecretAccessKey, "20150830", "service", result.StringToSign));
    }

    [Fact]
    public void Sign_HeaderListChangedAfterSigning_ResultStillDescribesWhatWasSigned()
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "example.amazonaws.com") };
        AwsSigningResult result = AwsSigV4Signer.Sign(Request("/") with { Headers = headers });

        headers.Add(new("X-Amz-Target", "late"));
        headers[0] = new("Host", "other.example.com");

        result.CanonicalRequest.Should().Contain("host:example.amazonaws.com\n").And.NotContain("late");
        result.SignedHeaders.Should().Be("host;x-amz-date");
        result.StringToSign.Split('\n')[^1].Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(result.CanonicalRequest))));
    }

    [Fact]
    public void Sign_ServicesDaysAndThreadsInterleaved_EverySignatureMatchesAnIndependentHmac()
    {
        // Exercises the key cache (per secret, region, service and day) and the per-thread hashers together.
        string[] services = ["iam", "sso", "identitystore", "lambda"];
        AwsCredentials[] credentials = [Keys, new("AKIDOTHER", "another-secret")];
        var inputs = (from day in Enumerable.Range(0, 3) from service in services from c in credentials select (day, service, c)).ToArray();

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, inputs.Length * 20, i =>
        {
            (int day, string service, AwsCredentials c) = inputs[i % inputs.Length];
            DateTimeOffset time = new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero).AddDays(day);
            AwsSigningResult result = AwsSigV4Signer.Sign(Request("/") with
            {
                Headers = [new("Host", "example.amazonaws.com")],
                Credentials = c,
                Service = service,
                Timestamp = time,
                Body = Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"),
            });

            if (result.Signature != Oracle(c.SecretAccessKey, time.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), service, result.StringToSign))
            {
                failures.Add($"{day}/{service}/{c.AccessKeyId}");
            }
        });

        failures.Should().BeEmpty();
    }

    private static string Oracle(string secret, string date, string service, string stringToSign)
    {
        byte[] key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (string part in new[] { date, "us-east-1", service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    [Fact]
    public void SigningKeyCache_Derive_MatchesAwsDocumentedExample()
    {
        // AWS's "Examples of how to derive a signing key" (iam, us-east-1, 20120215).
        byte[] key = SigningKeyCache.Derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");

        Convert.ToHexStringLower(key).Should().Be("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    [Fact]
    public void Sign_BlankHeaderName_Throws()
    {
        Action act = () => AwsSigV4Signer.Sign(Request("/") with { Headers = [new(" ", "x")] });

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void AwsCredentials_ToString_HidesSecretAndToken()
    {
        string text = new AwsCredentials("AKIDEXAMPLE", "super-secret", "session-token").ToString();

        text.Should().Contain("AKIDEXAMPLE").And.NotContain("super-secret").And.NotContain("session-token");
    }
}
