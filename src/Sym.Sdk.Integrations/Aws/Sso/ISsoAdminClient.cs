namespace Sym.Sdk.Integrations.Aws.Sso;

/// <summary>
/// IAM Identity Center account assignments (the <c>sso</c> admin API). Creation and deletion are asynchronous: they
/// return an IN_PROGRESS operation to poll, which <see cref="SsoAdminClientExtensions.WaitForAccountAssignmentAsync"/>
/// does. Errors are <see cref="SymException"/>s coded <c>AWSSSO:…</c>.
/// </summary>
public interface ISsoAdminClient
{
    /// <summary>Starts assigning a permission set to a principal on an account (<c>CreateAccountAssignment</c>).</summary>
    /// <param name="assignment">The assignment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The started operation (usually IN_PROGRESS).</returns>
    Task<AccountAssignmentOperation> CreateAccountAssignmentAsync(AccountAssignment assignment, CancellationToken cancellationToken = default);

    /// <summary>Starts removing an assignment (<c>DeleteAccountAssignment</c>).</summary>
    /// <param name="assignment">The assignment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The started operation (usually IN_PROGRESS).</returns>
    Task<AccountAssignmentOperation> DeleteAccountAssignmentAsync(AccountAssignment assignment, CancellationToken cancellationToken = default);

    /// <summary>Reads a creation's state (<c>DescribeAccountAssignmentCreationStatus</c>).</summary>
    /// <param name="instanceArn">The Identity Center instance ARN.</param>
    /// <param name="requestId">The operation's <see cref="AccountAssignmentOperation.RequestId"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation now.</returns>
    Task<AccountAssignmentOperation> DescribeAccountAssignmentCreationStatusAsync(string instanceArn, string requestId, CancellationToken cancellationToken = default);

    /// <summary>Reads a deletion's state (<c>DescribeAccountAssignmentDeletionStatus</c>).</summary>
    /// <param name="instanceArn">The Identity Center instance ARN.</param>
    /// <param name="requestId">The operation's <see cref="AccountAssignmentOperation.RequestId"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation now.</returns>
    Task<AccountAssignmentOperation> DescribeAccountAssignmentDeletionStatusAsync(string instanceArn, string requestId, CancellationToken cancellationToken = default);

    /// <summary>The assignments of a permission set on an account (<c>ListAccountAssignments</c>, every page).</summary>
    /// <param name="instanceArn">The Identity Center instance ARN.</param>
    /// <param name="accountId">The account id.</param>
    /// <param name="permissionSetArn">The permission set ARN.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The assignments.</returns>
    IAsyncEnumerable<AccountAssignment> ListAccountAssignmentsAsync(
        string instanceArn, string accountId, string permissionSetArn, CancellationToken cancellationToken = default);
}
