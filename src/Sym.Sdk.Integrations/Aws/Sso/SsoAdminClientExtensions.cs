using System.Globalization;

namespace Sym.Sdk.Integrations.Aws.Sso;

/// <summary>Waiting for asynchronous account assignment operations.</summary>
public static class SsoAdminClientExtensions
{
    /// <summary>
    /// Polls an operation every <paramref name="pollInterval"/> until it SUCCEEDS, on <paramref name="timeProvider"/>.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="instanceArn">The Identity Center instance ARN.</param>
    /// <param name="operation">The operation returned by create or delete.</param>
    /// <param name="kind">Whether it is a creation or a deletion.</param>
    /// <param name="pollInterval">The delay between polls.</param>
    /// <param name="timeout">How long to wait in all.</param>
    /// <param name="timeProvider">The clock; the default value is <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The SUCCEEDED operation.</returns>
    /// <exception cref="SymException">
    /// <c>AWSSSO:ASSIGNMENT_FAILED</c> when it FAILED (the message carries AWS's reason), or
    /// <c>AWSSSO:ASSIGNMENT_TIMEOUT</c> when it was still IN_PROGRESS after <paramref name="timeout"/>.
    /// </exception>
    public static async Task<AccountAssignmentOperation> WaitForAccountAssignmentAsync(
        this ISsoAdminClient client,
        string instanceArn,
        AccountAssignmentOperation operation,
        AccountAssignmentKind kind,
        TimeSpan pollInterval,
        TimeSpan timeout,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(instanceArn);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        TimeProvider clock = timeProvider ?? TimeProvider.System;
        long started = clock.GetTimestamp();

        AccountAssignmentOperation current = operation;
        while (!current.Status.IsCompleted)
        {
            if (clock.GetElapsedTime(started) >= timeout)
            {
                throw new SymException(
                    AwsErrorCodes.SsoAssignmentTimeout,
                    string.Create(CultureInfo.InvariantCulture, $"Account assignment {kind.ToString().ToLowerInvariant()} {current.RequestId} was still IN_PROGRESS after {timeout}."),
                    "Identity Center is slow or stuck; check the request id in the console, or raise AwsOptions.AssignmentTimeout.");
            }

            await Task.Delay(pollInterval, clock, cancellationToken).ConfigureAwait(false);
            current = kind == AccountAssignmentKind.Creation
                ? await client.DescribeAccountAssignmentCreationStatusAsync(instanceArn, current.RequestId, cancellationToken).ConfigureAwait(false)
                : await client.DescribeAccountAssignmentDeletionStatusAsync(instanceArn, current.RequestId, cancellationToken).ConfigureAwait(false);
        }

        if (current.Status != AccountAssignmentStatus.Succeeded)
        {
            throw new SymException(
                AwsErrorCodes.SsoAssignmentFailed,
                $"Account assignment {kind.ToString().ToLowerInvariant()} {current.RequestId} ended {current.Status}: {current.FailureReason ?? "no reason given"}.",
                "Check that the permission set is provisioned to the account and that the principal exists.");
        }

        return current;
    }
}
