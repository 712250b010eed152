using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sym.Sdk.Integrations.Aws.Credentials;
using Sym.Sdk.Integrations.Aws.Signing.Internal;
using Sym.Sdk.Integrations.Aws.Signing;

namespace Sym.Sdk.Benchmarks;

/// <summary>
/// Signing a typical 1 KB JSON request (POST, five headers, session credentials) with <see cref="AwsSigV4Signer"/>.
/// The baseline is bare hashing with the framework's one-shot APIs: SHA-256 of the body plus an HMAC chain of two
/// (what any signer must at least do: hash the body, hash the canonical request, HMAC the string to sign).
/// <c>Sign…</c> returns what the handler needs (the Authorization header); <c>…AndReadEveryIntermediate</c> also
/// materializes the canonical request, string to sign and the rest, as a caller debugging a signature would.
/// </summary>
[MemoryDiagnoser]
public class SigV4Benchmarks
{
    private AwsSigningRequest _request = null!;
    private byte[] _body = null!;
    private byte[] _key = null!;
    private byte[] _stringToSign = null!;
    private byte[] _canonicalRequest = null!;
    private IncrementalHash _sha = null!;
    private IncrementalHash _hmac = null!;

    [GlobalSetup]
    public void Setup()
    {
        var json = new StringBuilder("{\"InstanceArn\":\"arn:aws:sso:::instance/ssoins-1234567890abcdef\",\"Items\":[");
        while (json.Length < 1000)
        {
            json.Append("{\"PrincipalId\":\"90676b5c-e031-70b5-9e2c-1f3f62d1a2b3\"},");
        }

        json.Length--;
        json.Append("]}");
        _body = Encoding.UTF8.GetBytes(json.ToString().PadRight(1024));
        _request = new AwsSigningRequest
        {
            Method = "POST",
            Path = "/",
            Headers =
            [
                new("Host", "sso.us-east-1.amazonaws.com"),
                new("Content-Type", "application/x-amz-json-1.1"),
                new("X-Amz-Target", "SWBExternalService.CreateAccountAssignment"),
                new("X-Amz-Date", "20251125T221500Z"),
                new("User-Agent", "sym-sdk/0.1"),
            ],
            Body = _body,
            Credentials = new AwsCredentials("ASIAEXAMPLEEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", new string('t', 400)),
            Region = "us-east-1",
            Service = "sso",
            Timestamp = new DateTimeOffset(2025, 11, 25, 22, 15, 0, TimeSpan.Zero),
        };
        _key = RandomNumberGenerator.GetBytes(32);
        _stringToSign = new byte[150];
        _canonicalRequest = Encoding.UTF8.GetBytes(AwsSigV4Signer.Sign(_request).CanonicalRequest);
        _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sha.Dispose();
        _hmac.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int HashBodyAndTwoHmacs()
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(_body, hash);
        Span<byte> first = stackalloc byte[32];
        Span<byte> second = stackalloc byte[32];
        HMACSHA256.HashData(_key, _stringToSign, first);
        HMACSHA256.HashData(_key, first, second);
        return second[0] + hash[0];
    }

    /// <summary>The floor for this signer: the same three primitives on reused hashers, with no canonicalization at all.</summary>
    [Benchmark]
    public int FloorHashBodyHashCanonicalHmacOnReusedHashers()
    {
        Span<byte> hash = stackalloc byte[32];
        _sha.AppendData(_body);
        _sha.GetHashAndReset(hash);
        _sha.AppendData(_canonicalRequest);
        _sha.GetHashAndReset(hash);
        _hmac.AppendData(_stringToSign);
        _hmac.GetHashAndReset(hash);
        return hash[0];
    }

    [Benchmark]
    public string Sign1KbJsonWithSessionToken() => AwsSigV4Signer.Sign(_request).Authorization;

    [Benchmark]
    public int Sign1KbJsonAndReadEveryIntermediate()
    {
        AwsSigningResult result = AwsSigV4Signer.Sign(_request);
        return result.CanonicalRequest.Length + result.StringToSign.Length + result.Signature.Length + result.SignedHeaders.Length
            + result.CredentialScope.Length + result.PayloadHash.Length + result.AddedHeaders.Count;
    }
}
