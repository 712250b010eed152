using Sym.Sdk.Integrations.Aws.Credentials;

namespace Sym.Sdk.Integrations.Aws;

/// <summary>
/// Settings for the AWS clients and strategies. Validated when the host starts.
/// </summary>
/// <remarks>
/// Credentials: <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/> when set, otherwise AWSSDK.Core's default
/// chain; with <see cref="AssumeRole"/> set, those credentials assume that role.
/// </remarks>
public sealed class AwsOptions
{
    /// <summary>The region of IAM Identity Center, Identity Store and Lambda. The default value is <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>A static access key id, or <see langword="null"/> for the default chain. The default value is <see langword="null"/>.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The secret for <see cref="AccessKeyId"/>. Never logged. The default value is <see langword="null"/>.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>The session token for temporary static keys. Never logged. The default value is <see langword="null"/>.</summary>
    public string? SessionToken { get; set; }

    /// <summary>A role to assume with the base credentials, or <see langword="null"/>. The default value is <see langword="null"/>.</summary>
    public AwsAssumeRoleOptions? AssumeRole { get; set; }

    /// <summary>
    /// The IAM Identity Center instance ARN (<c>arn:aws:sso:::instance/ssoins-…</c>) the SSO strategy assigns in.
    /// Required by <c>AwsSsoStrategy</c>. The default value is <see langword="null"/>.
    /// </summary>
    public string? SsoInstanceArn { get; set; }

    /// <summary>
    /// The Identity Store id (<c>d-…</c>) users are looked up in. Required by <c>AwsSsoStrategy</c>.
    /// The default value is <see langword="null"/>.
    /// </summary>
    public string? IdentityStoreId { get; set; }

    /// <summary>How often a pending account assignment is polled. The default value is two seconds.</summary>
    public TimeSpan AssignmentPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait for an account assignment before failing. The default value is five minutes.</summary>
    public TimeSpan AssignmentTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times a throttled or failed (5xx) call is retried. The default value is 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry delay when AWS names none; it grows exponentially with jitter. The default value is one second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}
