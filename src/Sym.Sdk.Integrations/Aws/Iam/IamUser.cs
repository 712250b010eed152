namespace Sym.Sdk.Integrations.Aws.Iam;

/// <summary>An IAM user as <c>GetGroup</c> lists it.</summary>
public sealed record IamUser
{
    /// <summary>The user's name.</summary>
    public required string UserName { get; init; }

    /// <summary>The user's stable id (<c>AIDA…</c>), if returned.</summary>
    public string? UserId { get; init; }

    /// <summary>The user's ARN, if returned.</summary>
    public string? Arn { get; init; }
}
