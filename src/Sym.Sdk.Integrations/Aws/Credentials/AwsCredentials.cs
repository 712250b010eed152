namespace Sym.Sdk.Integrations.Aws.Credentials;

/// <summary>
/// AWS credentials: an access key id, its secret, and for temporary credentials a session token and an expiry.
/// <see cref="ToString"/> never shows the secret or the token.
/// </summary>
public sealed record AwsCredentials
{
    /// <summary>Creates credentials.</summary>
    /// <param name="accessKeyId">The access key id, for example <c>AKIDEXAMPLE</c>.</param>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <param name="sessionToken">The session token of temporary credentials, or <see langword="null"/>.</param>
    /// <param name="expiration">When temporary credentials expire, or <see langword="null"/> when they do not.</param>
    /// <exception cref="ArgumentException">The access key id or the secret is empty.</exception>
    public AwsCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null, DateTimeOffset? expiration = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
        Expiration = expiration;
    }

    /// <summary>The access key id.</summary>
    public string AccessKeyId { get; }

    /// <summary>The secret access key. Never log it.</summary>
    public string SecretAccessKey { get; }

    /// <summary>The session token of temporary credentials, or <see langword="null"/>. Never log it.</summary>
    public string? SessionToken { get; }

    /// <summary>When temporary credentials expire, or <see langword="null"/> when they do not (or it is unknown).</summary>
    public DateTimeOffset? Expiration { get; }

    /// <summary>Shows the access key id only.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() =>
        $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = {(SessionToken is null ? "none" : "***")}, Expiration = {Expiration?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "none"} }}";
}
