using Sym.Sdk.Integrations.Aws.Credentials;

namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>
/// Everything <see cref="AwsSigV4Signer.Sign"/> needs to sign one request with AWS Signature Version 4.
/// </summary>
/// <example>
/// <code>
/// AwsSigningResult signed = AwsSigV4Signer.Sign(new AwsSigningRequest
/// {
///     Method = "POST",
///     Path = "/",
///     Headers = [new("Host", "sso.us-east-1.amazonaws.com"), new("Content-Type", "application/x-amz-json-1.1")],
///     Body = body,
///     Credentials = credentials,
///     Region = "us-east-1",
///     Service = "sso",
///     Timestamp = timeProvider.GetUtcNow(),
/// });
/// </code>
/// </example>
internal sealed record AwsSigningRequest
{
    /// <summary>The HTTP method, for example <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>
    /// The path exactly as it goes on the wire (already percent-encoded once, for example
    /// <c>/2015-03-31/functions/arn%3Aaws%3Alambda/invocations</c>), without the query. Empty means <c>/</c>.
    /// </summary>
    public required string Path { get; init; }

    /// <summary>The query exactly as it goes on the wire, without the leading <c>?</c>. The default value is empty.</summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>
    /// The headers to sign, in order; a name may appear more than once (its values are joined with commas, in this
    /// order). Include <c>Host</c>. <c>X-Amz-Date</c> and, for session credentials, <c>X-Amz-Security-Token</c> are
    /// signed even when absent here; <see cref="AwsSigningResult.AddedHeaders"/> then lists them for the request.
    /// </summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The body bytes, hashed unless <see cref="PayloadHash"/> is set. The default value is empty.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// A precomputed payload hash (lowercase hex SHA-256 of the body, or <c>UNSIGNED-PAYLOAD</c>), or
    /// <see langword="null"/> to hash <see cref="Body"/>. The default value is <see langword="null"/>.
    /// </summary>
    public string? PayloadHash { get; init; }

    /// <summary>The credentials to sign with.</summary>
    public required AwsCredentials Credentials { get; init; }

    /// <summary>The signing region, for example <c>us-east-1</c>.</summary>
    public required string Region { get; init; }

    /// <summary>The signing service name, for example <c>iam</c>, <c>sso</c>, <c>identitystore</c> or <c>lambda</c>.</summary>
    public required string Service { get; init; }

    /// <summary>The signing time (converted to UTC, whole seconds).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>
    /// Whether the path is normalized (dot segments and empty segments removed) and URI-encoded again for the canonical
    /// request, as every AWS service except Amazon S3 requires (a <c>%3A</c> on the wire becomes <c>%253A</c>). Set it to
    /// <see langword="false"/> for S3, whose canonical path is the wire path as is. The default value is
    /// <see langword="true"/>.
    /// </summary>
    public bool DoubleEncodePath { get; init; } = true;
}
