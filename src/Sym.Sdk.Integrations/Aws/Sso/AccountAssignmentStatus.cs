namespace Sym.Sdk.Integrations.Aws.Sso;

/// <summary>The state of an account assignment operation: IN_PROGRESS, then SUCCEEDED or FAILED.</summary>
/// <param name="Value">The wire value.</param>
public readonly record struct AccountAssignmentStatus(string Value)
{
    /// <summary>Still running (<c>IN_PROGRESS</c>).</summary>
    public static AccountAssignmentStatus InProgress { get; } = new("IN_PROGRESS");

    /// <summary>Done (<c>SUCCEEDED</c>).</summary>
    public static AccountAssignmentStatus Succeeded { get; } = new("SUCCEEDED");

    /// <summary>Failed; see <see cref="AccountAssignmentOperation.FailureReason"/> (<c>FAILED</c>).</summary>
    public static AccountAssignmentStatus Failed { get; } = new("FAILED");

    /// <summary>Whether the operation has finished, one way or the other.</summary>
    public bool IsCompleted => this != InProgress;

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
