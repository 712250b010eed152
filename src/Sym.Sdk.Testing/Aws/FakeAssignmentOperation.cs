using Sym.Sdk.Integrations.Aws.Sso;

namespace Sym.Sdk.Testing.Aws;

/// <summary>One account assignment creation or deletion inside <see cref="FakeAws"/>.</summary>
internal sealed class FakeAssignmentOperation
{
    public required string RequestId { get; init; }

    public required AccountAssignmentKind Kind { get; init; }

    public required AccountAssignment Assignment { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset CompletesAt { get; init; }

    public string? FailureReason { get; init; }

    public bool Applied { get; set; }

    /// <summary>A copy, so a snapshot of the fake's world and the live world never share an operation.</summary>
    public FakeAssignmentOperation Copy() => new()
    {
        RequestId = RequestId,
        Kind = Kind,
        Assignment = Assignment,
        CreatedAt = CreatedAt,
        CompletesAt = CompletesAt,
        FailureReason = FailureReason,
        Applied = Applied,
    };

    public AccountAssignmentOperation Snapshot(DateTimeOffset now) => new()
    {
        Status = now < CompletesAt
            ? AccountAssignmentStatus.InProgress
            : FailureReason is null ? AccountAssignmentStatus.Succeeded : AccountAssignmentStatus.Failed,
        RequestId = RequestId,
        FailureReason = now < CompletesAt ? null : FailureReason,
        CreatedDate = CreatedAt,
        AccountId = Assignment.AccountId,
        PermissionSetArn = Assignment.PermissionSetArn,
        PrincipalId = Assignment.PrincipalId,
        PrincipalType = Assignment.PrincipalType,
    };
}
