namespace Sym.Sdk.Integrations.Aws.Credentials;

/// <summary>Which role <see cref="AssumeRoleAwsCredentialsProvider"/> assumes, and how it refreshes.</summary>
public sealed class AwsAssumeRoleOptions
{
    /// <summary>The role's ARN, for example <c>arn:aws:iam::123456789012:role/sym-runtime</c>. Required.</summary>
    public string RoleArn { get; set; } = string.Empty;

    /// <summary>The session name CloudTrail records. The default value is <c>sym-sdk</c>.</summary>
    public string RoleSessionName { get; set; } = "sym-sdk";

    /// <summary>The external id the role's trust policy requires, or <see langword="null"/>. The default value is <see langword="null"/>.</summary>
    public string? ExternalId { get; set; }

    /// <summary>How long each session lasts, 15 minutes to 12 hours. The default value is one hour.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long before expiry the session is renewed. The default value is five minutes.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);
}
