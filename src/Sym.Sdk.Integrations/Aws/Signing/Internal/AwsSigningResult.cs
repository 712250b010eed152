using Sym.Sdk.Integrations.Aws.Signing.Internal;

namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>The outcome of <see cref="AwsSigV4Signer.Sign"/>: every intermediate of Signature Version 4 and the header to send.</summary>
/// <remarks>
/// <see cref="Authorization"/> is computed by <see cref="AwsSigV4Signer.Sign"/>; every other property is materialized on
/// first read from what was signed (the header names and values are captured at signing, so later changes to the
/// request's header list do not show here). Reading them from several threads is safe.
/// </remarks>
internal sealed class AwsSigningResult
{
    private readonly AwsSigningRequest _request;
    private readonly CanonicalHeaders.Entry[] _headers;
    private readonly int _headerCount;
    private readonly Sha256Bytes _payloadHash;
    private readonly Sha256Bytes _canonicalHash;
    private readonly Range _scope;
    private readonly Range _signedHeaders;
    private readonly bool _hadDate;
    private readonly bool _hadToken;
    private string? _payloadHashText;
    private string? _canonicalRequest;
    private string? _stringToSign;
    private string? _signature;
    private string? _signedHeadersText;
    private string? _credentialScope;
    private IReadOnlyList<KeyValuePair<string, string>>? _addedHeaders;

    internal AwsSigningResult(
        AwsSigningRequest request, CanonicalHeaders.Entry[] headers, int headerCount, string amzDate, string? payloadHashText,
        Sha256Bytes payloadHash, Sha256Bytes canonicalHash, string authorization, Range scope, Range signedHeaders, bool hadDate,
        bool hadToken)
    {
        _request = request;
        _headers = headers;
        _headerCount = headerCount;
        AmzDate = amzDate;
        _payloadHashText = payloadHashText;
        _payloadHash = payloadHash;
        _canonicalHash = canonicalHash;
        Authorization = authorization;
        _scope = scope;
        _signedHeaders = signedHeaders;
        _hadDate = hadDate;
        _hadToken = hadToken;
    }

    /// <summary>The canonical request that was hashed.</summary>
    public string CanonicalRequest =>
        _canonicalRequest ??= AwsSigV4Signer.CanonicalRequest(_request, _headers.AsSpan(0, _headerCount), PayloadHash);

    /// <summary>The string to sign.</summary>
    public string StringToSign => _stringToSign ??= AwsSigV4Signer.StringToSign(AmzDate, Authorization.AsSpan()[_scope], _canonicalHash);

    /// <summary>The signature, lowercase hex.</summary>
    public string Signature => _signature ??= Authorization[^(Sha256Bytes.Length * 2)..];

    /// <summary>The value of the <c>Authorization</c> header.</summary>
    public string Authorization { get; }

    /// <summary>The signed header names, lowercase, <c>;</c>-separated.</summary>
    public string SignedHeaders => _signedHeadersText ??= Authorization[_signedHeaders];

    /// <summary>The credential scope, <c>date/region/service/aws4_request</c>.</summary>
    public string CredentialScope => _credentialScope ??= Authorization[_scope];

    /// <summary>The signing time as <c>yyyyMMddTHHmmssZ</c> (the <c>X-Amz-Date</c> value).</summary>
    public string AmzDate { get; }

    /// <summary>The payload hash used in the canonical request.</summary>
    public string PayloadHash => _payloadHashText ??= Convert.ToHexStringLower(_payloadHash);

    /// <summary>
    /// Headers that were signed but were not in <see cref="AwsSigningRequest.Headers"/> (<c>X-Amz-Date</c>,
    /// <c>X-Amz-Security-Token</c>): add them to the request, with <c>Authorization</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> AddedHeaders => _addedHeaders ??= CreateAddedHeaders();

    private KeyValuePair<string, string>[] CreateAddedHeaders()
    {
        string? token = _hadToken ? null : _request.Credentials.SessionToken;
        return (_hadDate, token) switch
        {
            (true, null) => [],
            (false, null) => [new("X-Amz-Date", AmzDate)],
            (true, _) => [new("X-Amz-Security-Token", token)],
            (false, _) => [new("X-Amz-Date", AmzDate), new("X-Amz-Security-Token", token)],
        };
    }
}
