using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.Aws.IdentityStore;
using Sym.Sdk.Integrations.Aws.Internal;
using Sym.Sdk.Integrations.Aws.Sso;
using Sym.Sdk.Integrations.Aws.Strategies.Internal;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Integrations.Aws.Strategies;

/// <summary>
/// Grants access by assigning the permission set <c>permission_set_arn</c> on account <c>account_id</c> (target
/// settings) to the requester in IAM Identity Center, waiting until the assignment SUCCEEDS; revokes by deleting it.
/// An existing assignment on escalate, or a missing one on deescalate, is a no-op success.
/// </summary>
/// <remarks>
/// The requester's identity (<see cref="IdentityService"/> <c>aws_sso</c>) is their Identity Store user id, looked up by
/// email. The instance ARN and Identity Store id come from <see cref="AwsOptions"/>, else from the strategy
/// integration's settings <c>instance_arn</c> and <c>identity_store_id</c>.
/// </remarks>
public sealed class AwsSsoStrategy : AccessStrategy
{
    /// <summary>The target setting with the permission set's ARN.</summary>
    public const string PermissionSetSetting = "permission_set_arn";

    /// <summary>The target setting with the AWS account id.</summary>
    public const string AccountSetting = "account_id";

    private readonly ISsoAdminClient _sso;
    private readonly IIdentityStoreClient _identityStore;
    private readonly AwsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // The Identity Store id resolved from the current event (options or integration settings), for FetchRemoteIdentityAsync.
    private readonly AsyncLocal<string?> _pendingStoreId = new();

    /// <summary>Creates the strategy.</summary>
    /// <param name="sso">The Identity Center admin client.</param>
    /// <param name="identityStore">The Identity Store client.</param>
    /// <param name="options">Instance ARN, Identity Store id, polling interval and timeout.</param>
    /// <param name="timeProvider">The clock for polling. The default value is <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public AwsSsoStrategy(
        ISsoAdminClient sso, IIdentityStoreClient identityStore, IOptions<AwsOptions> options,
        TimeProvider? timeProvider = null, ILogger<AwsSsoStrategy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sso);
        ArgumentNullException.ThrowIfNull(identityStore);
        ArgumentNullException.ThrowIfNull(options);
        _sso = sso;
        _identityStore = identityStore;
        _options = options.Value;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<AwsSsoStrategy>.Instance;
    }

    /// <summary>The identity service, <c>aws_sso</c>.</summary>
    public override string IdentityService => "aws_sso";

    /// <summary>
    /// The user's Identity Store user id by email, in <see cref="AwsOptions.IdentityStoreId"/> (else the store named by
    /// the current event's integration settings).
    /// </summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The user id, or <see langword="null"/> when no Identity Store user has the email.</returns>
    public override async ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        string storeId = _options.IdentityStoreId ?? _pendingStoreId.Value
            ?? throw new SymException(AwsErrorCodes.MissingSetting, "No Identity Store id is configured.", "Set AwsOptions.IdentityStoreId.");
        return await _identityStore.GetUserIdAsync(storeId, IdentityStoreUserAttribute.Email, user.Email, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        ChangeAsync(AccountAssignmentKind.Creation, targetId, evt, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        ChangeAsync(AccountAssignmentKind.Deletion, targetId, evt, cancellationToken);

    /// <summary>Creates or deletes the requester's assignment and waits for it, unless it already is as wanted.</summary>
    private async ValueTask<StrategyOutput?> ChangeAsync(AccountAssignmentKind kind, string targetId, Event evt, CancellationToken cancellationToken)
    {
        bool grant = kind == AccountAssignmentKind.Creation;
        string step = grant ? "escalate" : "deescalate";
        AccountAssignment assignment;
        try
        {
            assignment = await AssignmentForAsync(evt, cancellationToken).ConfigureAwait(false);
        }
        catch (IdentityNotFoundException) when (!grant)
        {
            // No Identity Store user means no assignment can exist: the revoke (often the compensation of a failed
            // escalate) is done, and retrying it forever would help nobody.
            AwsLog.StrategyStep(_logger, nameof(AwsSsoStrategy), step, targetId, "already revoked (no Identity Store user)");
            return StrategyOutput.AlreadyRevoked();
        }

        if (await IsAssignedAsync(assignment, cancellationToken).ConfigureAwait(false) == grant)
        {
            AwsLog.StrategyStep(_logger, nameof(AwsSsoStrategy), step, targetId, grant ? "already granted" : "already revoked");
            return grant ? StrategyOutput.AlreadyGranted() : StrategyOutput.AlreadyRevoked();
        }

        AccountAssignmentOperation started = grant
            ? await _sso.CreateAccountAssignmentAsync(assignment, cancellationToken).ConfigureAwait(false)
            : await _sso.DeleteAccountAssignmentAsync(assignment, cancellationToken).ConfigureAwait(false);
        AccountAssignmentOperation done = await _sso.WaitForAccountAssignmentAsync(
            assignment.InstanceArn, started, kind, _options.AssignmentPollInterval, _options.AssignmentTimeout, _timeProvider,
            cancellationToken).ConfigureAwait(false);
        AwsLog.StrategyStep(_logger, nameof(AwsSsoStrategy), step, targetId, grant ? "granted" : "revoked");
        return StrategyOutput.Applied(Data(assignment, done));
    }

    private async Task<AccountAssignment> AssignmentForAsync(Event evt, CancellationToken cancellationToken)
    {
        AccessTarget target = StrategyTarget.Of(evt);
        string permissionSetArn = target.GetRequiredSetting(PermissionSetSetting);
        string accountId = target.GetRequiredSetting(AccountSetting);
        string instanceArn = StrategyTarget.Setting(_options.SsoInstanceArn, evt, "instance_arn", nameof(AwsOptions.SsoInstanceArn));
        _pendingStoreId.Value = StrategyTarget.Setting(_options.IdentityStoreId, evt, "identity_store_id", nameof(AwsOptions.IdentityStoreId));
        string principalId = await GetRequesterIdentityAsync(evt, cancellationToken).ConfigureAwait(false);
        return new AccountAssignment
        {
            InstanceArn = instanceArn,
            AccountId = accountId,
            PermissionSetArn = permissionSetArn,
            PrincipalId = principalId,
            PrincipalType = AwsPrincipalType.User,
        };
    }

    private async Task<bool> IsAssignedAsync(AccountAssignment assignment, CancellationToken cancellationToken)
    {
        await foreach (AccountAssignment existing in _sso.ListAccountAssignmentsAsync(
                           assignment.InstanceArn, assignment.AccountId, assignment.PermissionSetArn, cancellationToken).ConfigureAwait(false))
        {
            if (existing.PrincipalType == assignment.PrincipalType && string.Equals(existing.PrincipalId, assignment.PrincipalId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, string> Data(AccountAssignment assignment, AccountAssignmentOperation done) => new()
    {
        ["request_id"] = done.RequestId,
        ["principal_id"] = assignment.PrincipalId,
        ["account_id"] = assignment.AccountId,
        ["permission_set_arn"] = assignment.PermissionSetArn,
    };
}
