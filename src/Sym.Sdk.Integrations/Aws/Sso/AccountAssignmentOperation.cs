namespace Sym.Sdk.Integrations.Aws.Sso;

/// <summary>
/// An account assignment creation or deletion as Identity Center reports it
/// (<c>AccountAssignmentCreationStatus</c>/<c>AccountAssignmentDeletionStatus</c>).
/// </summary>
public sealed record AccountAssignmentOperation
{
    /// <summary>The operation's state.</summary>
    public required AccountAssignmentStatus Status { get; init; }

    /// <summary>The operation's id, to poll with <c>Describe…Status</c>.</summary>
    public required string RequestId { get; init; }

    /// <summary>Why the operation failed, when <see cref="Status"/> is FAILED.</summary>
    public string? FailureReason { get; init; }

    /// <summary>When the operation was created, if reported.</summary>
    public DateTimeOffset? CreatedDate { get; init; }

    /// <summary>The account id, if reported.</summary>
    public string? AccountId { get; init; }

    /// <summary>The permission set ARN, if reported.</summary>
    public string? PermissionSetArn { get; init; }

    /// <summary>The principal id, if reported.</summary>
    public string? PrincipalId { get; init; }

    /// <summary>The principal type, if reported.</summary>
    public AwsPrincipalType? PrincipalType { get; init; }
}
