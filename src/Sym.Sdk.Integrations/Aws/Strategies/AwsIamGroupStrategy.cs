using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sym.Sdk.Integrations.Aws.Iam;
using Sym.Sdk.Integrations.Aws.Internal;
using Sym.Sdk.Integrations.Aws.Strategies.Internal;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Integrations.Aws.Strategies;

/// <summary>
/// Grants access by adding the requester's IAM user to the group named by the target setting <c>iam_group</c>, and
/// revokes it by removing them. Already a member / already removed are recorded as no-ops.
/// </summary>
/// <remarks>
/// The requester's identity (<see cref="IdentityService"/> <c>aws_iam</c>) is their IAM user name: a stored identity
/// when there is one, otherwise their email (the usual IAM naming for people).
/// </remarks>
public sealed class AwsIamGroupStrategy : AccessStrategy
{
    /// <summary>The target setting naming the IAM group.</summary>
    public const string GroupSetting = "iam_group";

    private readonly IIamClient _iam;
    private readonly ILogger _logger;

    /// <summary>Creates the strategy.</summary>
    /// <param name="iam">The IAM client.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public AwsIamGroupStrategy(IIamClient iam, ILogger<AwsIamGroupStrategy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(iam);
        _iam = iam;
        _logger = logger ?? NullLogger<AwsIamGroupStrategy>.Instance;
    }

    /// <summary>The identity service, <c>aws_iam</c>.</summary>
    public override string IdentityService => "aws_iam";

    /// <inheritdoc />
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(string.IsNullOrEmpty(user.Email) ? null : user.Email);
    }

    /// <inheritdoc />
    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string group = StrategyTarget.Of(evt).GetRequiredSetting(GroupSetting);
        string userName = await GetRequesterIdentityAsync(evt, cancellationToken).ConfigureAwait(false);
        if (await _iam.IsUserInGroupAsync(group, userName, cancellationToken).ConfigureAwait(false))
        {
            AwsLog.StrategyStep(_logger, nameof(AwsIamGroupStrategy), "escalate", targetId, "already granted");
            return StrategyOutput.AlreadyGranted();
        }

        await _iam.AddUserToGroupAsync(group, userName, cancellationToken).ConfigureAwait(false);
        AwsLog.StrategyStep(_logger, nameof(AwsIamGroupStrategy), "escalate", targetId, "granted");
        return StrategyOutput.Applied(new Dictionary<string, string> { ["iam_group"] = group, ["user_name"] = userName });
    }

    /// <inheritdoc />
    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string group = StrategyTarget.Of(evt).GetRequiredSetting(GroupSetting);
        string userName = await GetRequesterIdentityAsync(evt, cancellationToken).ConfigureAwait(false);
        if (!await _iam.IsUserInGroupAsync(group, userName, cancellationToken).ConfigureAwait(false))
        {
            AwsLog.StrategyStep(_logger, nameof(AwsIamGroupStrategy), "deescalate", targetId, "already revoked");
            return StrategyOutput.AlreadyRevoked();
        }

        try
        {
            await _iam.RemoveUserFromGroupAsync(group, userName, cancellationToken).ConfigureAwait(false);
        }
        catch (SymNotFoundException)
        {
            // Removed concurrently between the check and the call: the goal holds.
            return StrategyOutput.AlreadyRevoked();
        }

        AwsLog.StrategyStep(_logger, nameof(AwsIamGroupStrategy), "deescalate", targetId, "revoked");
        return StrategyOutput.Applied();
    }
}
