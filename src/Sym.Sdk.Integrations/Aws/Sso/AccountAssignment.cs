namespace Sym.Sdk.Integrations.Aws.Sso;

/// <summary>A permission set assigned to a principal on an AWS account, in one IAM Identity Center instance.</summary>
public sealed record AccountAssignment
{
    /// <summary>The Identity Center instance ARN, <c>arn:aws:sso:::instance/ssoins-…</c>.</summary>
    public required string InstanceArn { get; init; }

    /// <summary>The 12-digit AWS account id (the assignment's target).</summary>
    public required string AccountId { get; init; }

    /// <summary>The permission set's ARN.</summary>
    public required string PermissionSetArn { get; init; }

    /// <summary>The Identity Store id of the user or group.</summary>
    public required string PrincipalId { get; init; }

    /// <summary>Whether <see cref="PrincipalId"/> is a user or a group. The default value is <see cref="AwsPrincipalType.User"/>.</summary>
    public AwsPrincipalType PrincipalType { get; init; } = AwsPrincipalType.User;
}
