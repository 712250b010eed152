namespace Sym.Sdk.Integrations.Aws.Signing;

/// <summary>The outcome of <see cref="AwsSigV4Signer.Sign"/>: every intermediate of Signature Version 4 and the header to send.</summary>
public sealed record AwsSigningResult
{
    /// <summary>The canonical request that was hashed.</summary>
    public required string CanonicalRequest { get; init; }

    /// <summary>The string to sign.</summary>
    public required string StringToSign { get; init; }

    /// <summary>The signature, lowercase hex.</summary>
    public required string Signature { get; init; }

    /// <summary>The value of the <c>Authorization</c> header.</summary>
    public required string Authorization { get; init; }

    /// <summary>The signed header names, lowercase, <c>;</c>-separated.</summary>
    public required string SignedHeaders { get; init; }

    /// <summary>The credential scope, <c>date/region/service/aws4_request</c>.</summary>
    public required string CredentialScope { get; init; }

    /// <summary>The signing time as <c>yyyyMMddTHHmmssZ</c> (the <c>X-Amz-Date</c> value).</summary>
    public required string AmzDate { get; init; }

    /// <summary>The payload hash used in the canonical request.</summary>
    public required string PayloadHash { get; init; }

    /// <summary>
    /// Headers that were signed but were not in <see cref="AwsSigningRequest.Headers"/> (<c>X-Amz-Date</c>,
    /// <c>X-Amz-Security-Token</c>): add them to the request, with <c>Authorization</c>.
    /// </summary>
    public required IReadOnlyList<KeyValuePair<string, string>> AddedHeaders { get; init; }
}
