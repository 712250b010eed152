using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sym.Sdk.Integrations.Aws.Signing.Internal;

namespace Sym.Sdk.Integrations.Aws.Signing;

/// <summary>
/// Signs requests with AWS Signature Version 4 (<c>AWS4-HMAC-SHA256</c>), returning every intermediate so a signature
/// can be checked step by step. For <see cref="HttpClient"/> use <see cref="AwsSigV4Handler"/>, which calls this.
/// </summary>
/// <remarks>
/// Passes AWS's published SigV4 test suite. The signing key is derived once per day, region, service and secret and
/// cached; a typical request costs one SHA-256 of the body, one of the canonical request and two HMACs.
/// </remarks>
public static class AwsSigV4Signer
{
    /// <summary>The algorithm name, <c>AWS4-HMAC-SHA256</c>.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The payload hash of an empty body (lowercase hex SHA-256 of nothing).</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The payload hash to send when the body is deliberately not signed.</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private const int StackChars = 1024;

    /// <summary>Signs a request.</summary>
    /// <param name="request">What to sign.</param>
    /// <returns>The canonical request, the string to sign, the signature and the <c>Authorization</c> header value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The method, region or service is empty, or a header name is blank.</exception>
    public static AwsSigningResult Sign(AwsSigningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Method);
        ArgumentNullException.ThrowIfNull(request.Path);
        ArgumentException.ThrowIfNullOrEmpty(request.Region);
        ArgumentException.ThrowIfNullOrEmpty(request.Service);
        ArgumentNullException.ThrowIfNull(request.Headers);
        ArgumentNullException.ThrowIfNull(request.Credentials);

        DateTime utc = request.Timestamp.UtcDateTime;
        Span<char> amzDateChars = stackalloc char[16];
        utc.TryFormat(amzDateChars, out _, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string amzDate = amzDateChars.ToString();
        ReadOnlySpan<char> date = amzDateChars[..8];

        string payloadHash = request.PayloadHash ?? HashHex(request.Body.Span);
        CanonicalHeaders.Entry[] entries = CanonicalHeaders.Prepare(request.Headers, amzDate, request.Credentials.SessionToken, out int count);
        ReadOnlySpan<CanonicalHeaders.Entry> headers = entries.AsSpan(0, count);

        var canonical = new CharBuffer(stackalloc char[StackChars]);
        try
        {
            canonical.Append(request.Method);
            canonical.Append('\n');
            CanonicalUri.Append(ref canonical, request.Path, request.DoubleEncodePath);
            canonical.Append('\n');
            CanonicalQuery.Append(ref canonical, request.Query);
            canonical.Append('\n');
            CanonicalHeaders.AppendCanonical(ref canonical, headers);
            canonical.Append('\n');
            int signedStart = canonical.Length;
            CanonicalHeaders.AppendSignedNames(ref canonical, headers);
            string signedHeaders = canonical.Written[signedStart..].ToString();
            canonical.Append('\n');
            canonical.Append(payloadHash);

            Span<char> canonicalHash = stackalloc char[64];
            HashHex(canonical.Written, canonicalHash);

            string scope = string.Create(CultureInfo.InvariantCulture, $"{date}/{request.Region}/{request.Service}/aws4_request");
            string stringToSign = string.Create(CultureInfo.InvariantCulture, $"{Algorithm}\n{amzDate}\n{scope}\n{canonicalHash}");

            byte[] key = SigningKeyCache.Get(request.Credentials.SecretAccessKey, date, request.Region, request.Service);
            string signature = Signature(key, stringToSign);
            string authorization = string.Concat(
                Algorithm + " Credential=", request.Credentials.AccessKeyId, "/", scope + ", SignedHeaders=",
                signedHeaders, ", Signature=", signature);

            return new AwsSigningResult
            {
                CanonicalRequest = canonical.Written.ToString(),
                StringToSign = stringToSign,
                Signature = signature,
                Authorization = authorization,
                SignedHeaders = signedHeaders,
                CredentialScope = scope,
                AmzDate = amzDate,
                PayloadHash = payloadHash,
                AddedHeaders = AddedHeaders(request, amzDate),
            };
        }
        finally
        {
            canonical.Dispose();
        }
    }

    /// <summary>The lowercase hex SHA-256 of a body, as the payload hash of a canonical request.</summary>
    /// <param name="body">The body.</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string HashPayload(ReadOnlySpan<byte> body) => HashHex(body);

    private static string HashHex(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return EmptyPayloadHash;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void HashHex(ReadOnlySpan<char> text, Span<char> destination)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = max > 4096 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[4096];
        try
        {
            int length = Encoding.UTF8.GetBytes(text, utf8);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..length], hash);
            Convert.TryToHexStringLower(hash, destination, out _);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static string Signature(byte[] key, string stringToSign)
    {
        // The string to sign is ~150 ASCII characters; only an absurd region or service name needs the heap.
        Span<byte> utf8 = stringToSign.Length <= 170 ? stackalloc byte[512] : new byte[Encoding.UTF8.GetMaxByteCount(stringToSign.Length)];
        int length = Encoding.UTF8.GetBytes(stringToSign, utf8);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, utf8[..length], mac);
        return Convert.ToHexStringLower(mac);
    }

    private static IReadOnlyList<KeyValuePair<string, string>> AddedHeaders(AwsSigningRequest request, string amzDate)
    {
        bool hasDate = false;
        bool hasToken = false;
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            hasDate |= string.Equals(header.Key, "x-amz-date", StringComparison.OrdinalIgnoreCase);
            hasToken |= string.Equals(header.Key, "x-amz-security-token", StringComparison.OrdinalIgnoreCase);
        }

        string? token = request.Credentials.SessionToken;
        return (hasDate, hasToken || token is null) switch
        {
            (true, true) => [],
            (false, true) => [new("X-Amz-Date", amzDate)],
            (true, false) => [new("X-Amz-Security-Token", token!)],
            (false, false) => [new("X-Amz-Date", amzDate), new("X-Amz-Security-Token", token!)],
        };
    }
}
