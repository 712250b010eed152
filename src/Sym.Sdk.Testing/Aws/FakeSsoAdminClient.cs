using System.Runtime.CompilerServices;
using Sym.Sdk.Integrations.Aws.Internal;
using Sym.Sdk.Integrations.Aws.Sso;

namespace Sym.Sdk.Testing.Aws;

/// <summary>
/// <see cref="FakeAws"/>'s Identity Center: operations stay IN_PROGRESS for <see cref="FakeAws.AssignmentLatency"/> on
/// the fake's clock, then SUCCEED (or FAIL, see <see cref="FakeAws.FailNextAssignment"/>). Creating an existing
/// assignment and deleting a missing one succeed, as in AWS.
/// </summary>
internal sealed class FakeSsoAdminClient(FakeAws aws) : ISsoAdminClient
{
    public Task<AccountAssignmentOperation> CreateAccountAssignmentAsync(AccountAssignment assignment, CancellationToken cancellationToken = default) =>
        StartAsync(assignment, AccountAssignmentKind.Creation, "sso:CreateAccountAssignment", cancellationToken);

    public Task<AccountAssignmentOperation> DeleteAccountAssignmentAsync(AccountAssignment assignment, CancellationToken cancellationToken = default) =>
        StartAsync(assignment, AccountAssignmentKind.Deletion, "sso:DeleteAccountAssignment", cancellationToken);

    public Task<AccountAssignmentOperation> DescribeAccountAssignmentCreationStatusAsync(string instanceArn, string requestId, CancellationToken cancellationToken = default) =>
        DescribeAsync(instanceArn, requestId, AccountAssignmentKind.Creation, "sso:DescribeAccountAssignmentCreationStatus", cancellationToken);

    public Task<AccountAssignmentOperation> DescribeAccountAssignmentDeletionStatusAsync(string instanceArn, string requestId, CancellationToken cancellationToken = default) =>
        DescribeAsync(instanceArn, requestId, AccountAssignmentKind.Deletion, "sso:DescribeAccountAssignmentDeletionStatus", cancellationToken);

    public async IAsyncEnumerable<AccountAssignment> ListAccountAssignmentsAsync(
        string instanceArn, string accountId, string permissionSetArn, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceArn);
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentException.ThrowIfNullOrEmpty(permissionSetArn);
        cancellationToken.ThrowIfCancellationRequested();
        aws.Faults.ThrowIfFaulted("sso:ListAccountAssignments");
        List<AccountAssignment> matching;
        lock (aws.Gate)
        {
            CheckInstance(instanceArn);
            aws.SettleLocked();
            matching = [.. aws.Assignments.Where(a => a.AccountId == accountId && a.PermissionSetArn == permissionSetArn)];
        }

        foreach (AccountAssignment assignment in matching)
        {
            await Task.Yield();
            yield return assignment;
        }
    }

    private Task<AccountAssignmentOperation> StartAsync(AccountAssignment assignment, AccountAssignmentKind kind, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentException.ThrowIfNullOrEmpty(assignment.InstanceArn);
        ArgumentException.ThrowIfNullOrEmpty(assignment.AccountId);
        ArgumentException.ThrowIfNullOrEmpty(assignment.PermissionSetArn);
        ArgumentException.ThrowIfNullOrEmpty(assignment.PrincipalId);
        cancellationToken.ThrowIfCancellationRequested();
        aws.Faults.ThrowIfFaulted(operation);
        lock (aws.Gate)
        {
            CheckInstance(assignment.InstanceArn);
            if (assignment.PrincipalType == AwsPrincipalType.User && !aws.StoreUsers.ContainsKey(assignment.PrincipalId))
            {
                throw AwsErrors.Create(AwsErrors.Sso, AwsErrorKind.Other, "ValidationException",
                    $"Principal {assignment.PrincipalId} does not exist in the identity store.", AwsErrorTables.Json["ValidationException"].Hint, 400);
            }

            DateTimeOffset now = aws.TimeProvider.GetUtcNow();
            var started = new FakeAssignmentOperation
            {
                RequestId = aws.NextRequestId(),
                Kind = kind,
                Assignment = assignment,
                CreatedAt = now,
                CompletesAt = now + aws.AssignmentLatency,
                FailureReason = aws.TakeAssignmentFailure(),
            };
            aws.Operations[started.RequestId] = started;
            aws.MarkWorldChanged();
            aws.SettleLocked();
            return Task.FromResult(started.Snapshot(now));
        }
    }

    private Task<AccountAssignmentOperation> DescribeAsync(
        string instanceArn, string requestId, AccountAssignmentKind kind, string operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceArn);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        cancellationToken.ThrowIfCancellationRequested();
        aws.Faults.ThrowIfFaulted(operation);
        lock (aws.Gate)
        {
            CheckInstance(instanceArn);
            aws.SettleLocked();
            if (!aws.Operations.TryGetValue(requestId, out FakeAssignmentOperation? found) || found.Kind != kind)
            {
                throw AwsErrors.Create(AwsErrors.Sso, AwsErrorKind.NotFound, "ResourceNotFoundException",
                    $"Request {requestId} does not exist.", AwsErrorTables.Json["ResourceNotFoundException"].Hint, 400);
            }

            return Task.FromResult(found.Snapshot(aws.TimeProvider.GetUtcNow()));
        }
    }

    private void CheckInstance(string instanceArn)
    {
        if (!string.Equals(instanceArn, aws.InstanceArn, StringComparison.Ordinal))
        {
            throw AwsErrors.Create(AwsErrors.Sso, AwsErrorKind.NotFound, "ResourceNotFoundException",
                $"Instance {instanceArn} does not exist.", AwsErrorTables.Json["ResourceNotFoundException"].Hint, 400);
        }
    }
}
