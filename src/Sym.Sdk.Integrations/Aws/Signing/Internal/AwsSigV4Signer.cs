using Sym.Sdk.Integrations.Aws.Signing.Internal;

namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>
/// Signs requests with AWS Signature Version 4 (<c>AWS4-HMAC-SHA256</c>), returning every intermediate so a signature
/// can be checked step by step. For <see cref="HttpClient"/> use <see cref="AwsSigV4Handler"/>, which calls this.
/// </summary>
/// <remarks>
/// Checked against AWS's published SigV4 test suite: every case whose files agree with themselves matches exactly.
/// The signing key is derived once per day, secret, region and service and cached; a request then costs one SHA-256 of
/// the body, one of the canonical request (built on the stack) and one HMAC.
/// Only the <c>Authorization</c> header is materialized eagerly: the canonical request, the string to sign and the other
/// intermediates of <see cref="AwsSigningResult"/> are built on first read.
/// </remarks>
internal static class AwsSigV4Signer
{
    /// <summary>The algorithm name, <c>AWS4-HMAC-SHA256</c>.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The payload hash of an empty body (lowercase hex SHA-256 of nothing).</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The payload hash to send when the body is deliberately not signed.</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private const int StackChars = 1024;
    private const string CredentialPrefix = Algorithm + " Credential=";
    private const string SignedHeadersPrefix = ", SignedHeaders=";
    private const string SignaturePrefix = ", Signature=";
    private const string ScopeTerminator = "aws4_request";

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
        ArgumentNullException.ThrowIfNull(request.Query);
        ArgumentException.ThrowIfNullOrEmpty(request.Region);
        ArgumentException.ThrowIfNullOrEmpty(request.Service);
        ArgumentNullException.ThrowIfNull(request.Headers);
        ArgumentNullException.ThrowIfNull(request.Credentials);

        string amzDate = FormatAmzDate(request.Timestamp);
        ReadOnlySpan<char> date = amzDate.AsSpan(0, 8);

        var payloadHash = default(Sha256Bytes);
        string? payloadHashText = request.PayloadHash ?? (request.Body.IsEmpty ? EmptyPayloadHash : null);
        Span<char> payloadHex = stackalloc char[Sha256Bytes.Length * 2];
        if (payloadHashText is null)
        {
            SigV4Hashing.Sha256(request.Body.Span, payloadHash);
            Convert.TryToHexStringLower(payloadHash, payloadHex, out _);
        }

        CanonicalHeaders.Entry[] entries = CanonicalHeaders.Prepare(
            request.Headers, amzDate, request.Credentials.SessionToken, out int count, out bool hadDate, out bool hadToken);
        ReadOnlySpan<CanonicalHeaders.Entry> headers = entries.AsSpan(0, count);

        var canonical = new CharBuffer(stackalloc char[StackChars]);
        var authorization = new CharBuffer(stackalloc char[512]);
        try
        {
            Range signedNames = WriteCanonicalRequest(ref canonical, request, headers, payloadHashText is null ? payloadHex : payloadHashText);
            var canonicalHash = default(Sha256Bytes);
            SigV4Hashing.Sha256Utf8(canonical.Written, canonicalHash);

            // The Authorization header holds the scope, the signed names and the signature: build it once and let the
            // result slice the rest out of it (and out of the string to sign, rebuilt on demand) when asked.
            authorization.Append(CredentialPrefix);
            authorization.Append(request.Credentials.AccessKeyId);
            authorization.Append('/');
            int scopeStart = authorization.Length;
            AppendScope(ref authorization, date, request.Region, request.Service);
            int scopeEnd = authorization.Length;
            authorization.Append(SignedHeadersPrefix);
            int signedStart = authorization.Length;
            authorization.Append(canonical.Written[signedNames]);
            int signedEnd = authorization.Length;
            authorization.Append(SignaturePrefix);

            byte[] key = SigningKeyCache.Get(request.Credentials.SecretAccessKey, date, request.Region, request.Service);
            Span<byte> mac = stackalloc byte[Sha256Bytes.Length];
            var stringToSign = new CharBuffer(stackalloc char[256]);
            try
            {
                AppendStringToSign(ref stringToSign, amzDate, authorization.Written[scopeStart..scopeEnd], canonicalHash);
                SigV4Hashing.HmacSha256Utf8(key, stringToSign.Written, mac);
            }
            finally
            {
                stringToSign.Dispose();
            }

            Convert.TryToHexStringLower(mac, authorization.AppendSpan(mac.Length * 2), out _);

            return new AwsSigningResult(
                request, entries, count, amzDate, payloadHashText, payloadHash, canonicalHash,
                authorization.Written.ToString(), scopeStart..scopeEnd, signedStart..signedEnd, hadDate, hadToken);
        }
        finally
        {
            authorization.Dispose();
            canonical.Dispose();
        }
    }

    /// <summary>The lowercase hex SHA-256 of a body, as the payload hash of a canonical request.</summary>
    /// <param name="body">The body.</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string HashPayload(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return EmptyPayloadHash;
        }

        var hash = default(Sha256Bytes);
        SigV4Hashing.Sha256(body, hash);
        return Convert.ToHexStringLower(hash);
    }

    internal static string CanonicalRequest(AwsSigningRequest request, ReadOnlySpan<CanonicalHeaders.Entry> headers, string payloadHash)
    {
        var canonical = new CharBuffer(stackalloc char[StackChars]);
        try
        {
            WriteCanonicalRequest(ref canonical, request, headers, payloadHash);
            return canonical.Written.ToString();
        }
        finally
        {
            canonical.Dispose();
        }
    }

    internal static string StringToSign(string amzDate, ReadOnlySpan<char> scope, ReadOnlySpan<byte> canonicalHash)
    {
        var buffer = new CharBuffer(stackalloc char[256]);
        try
        {
            AppendStringToSign(ref buffer, amzDate, scope, canonicalHash);
            return buffer.Written.ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <returns>Where the signed header names are in <paramref name="canonical"/>.</returns>
    private static Range WriteCanonicalRequest(
        ref CharBuffer canonical, AwsSigningRequest request, ReadOnlySpan<CanonicalHeaders.Entry> headers, ReadOnlySpan<char> payloadHash)
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
        int signedEnd = canonical.Length;
        canonical.Append('\n');
        canonical.Append(payloadHash);
        return signedStart..signedEnd;
    }

    private static void AppendScope(ref CharBuffer buffer, ReadOnlySpan<char> date, string region, string service)
    {
        buffer.Append(date);
        buffer.Append('/');
        buffer.Append(region);
        buffer.Append('/');
        buffer.Append(service);
        buffer.Append('/');
        buffer.Append(ScopeTerminator);
    }

    private static void AppendStringToSign(ref CharBuffer buffer, string amzDate, scoped ReadOnlySpan<char> scope, scoped ReadOnlySpan<byte> canonicalHash)
    {
        buffer.Append(Algorithm);
        buffer.Append('\n');
        buffer.Append(amzDate);
        buffer.Append('\n');
        buffer.Append(scope);
        buffer.Append('\n');
        Convert.TryToHexStringLower(canonicalHash, buffer.AppendSpan(canonicalHash.Length * 2), out _);
    }

    /// <summary><c>yyyyMMdd'T'HHmmss'Z'</c> in UTC, written digit by digit (a custom format string costs more than the hashing).</summary>
    private static string FormatAmzDate(DateTimeOffset timestamp) =>
        string.Create(16, timestamp.UtcDateTime, static (span, utc) =>
        {
            Digits(span[..4], utc.Year);
            Digits(span.Slice(4, 2), utc.Month);
            Digits(span.Slice(6, 2), utc.Day);
            span[8] = 'T';
            Digits(span.Slice(9, 2), utc.Hour);
            Digits(span.Slice(11, 2), utc.Minute);
            Digits(span.Slice(13, 2), utc.Second);
            span[15] = 'Z';
        });

    private static void Digits(Span<char> destination, int value)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
