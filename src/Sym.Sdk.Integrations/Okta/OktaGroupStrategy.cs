using System.Collections.Frozen;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Integrations.Okta;

/// <summary>
/// Grants access by adding the requester to an Okta group and revokes it by removing them. The target names the group
/// in its <c>group_id</c> setting; the requester's identity is their Okta user id, found by email (and stored by the
/// engine under <c>okta</c>). Idempotent both ways: an existing member yields <see cref="StrategyOutput.AlreadyGranted"/>,
/// a non-member <see cref="StrategyOutput.AlreadyRevoked"/>.
/// </summary>
/// <param name="okta">The Okta client (the real one, or <c>FakeOkta</c> in tests).</param>
public sealed class OktaGroupStrategy(IOktaClient okta) : AccessStrategy
{
    /// <summary>The target setting naming the Okta group: <c>group_id</c>.</summary>
    public const string GroupIdSetting = "group_id";

    /// <inheritdoc />
    /// <value><c>okta</c>.</value>
    public override string IdentityService => "okta";

    /// <inheritdoc />
    public override async ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        OktaUser? found = await okta.FindUserByEmailAsync(user.Email, cancellationToken).ConfigureAwait(false);
        return found?.Id;
    }

    /// <inheritdoc />
    /// <exception cref="SymException"><c>SymSDK:MISSING_TARGET</c> or <c>SymSDK:MISSING_TARGET_SETTING</c>: the event names no group.</exception>
    /// <exception cref="IdentityNotFoundException">The requester has no Okta user.</exception>
    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string groupId = GetGroupId(targetId, evt);
        string userId = await GetRequesterIdentityAsync(evt, cancellationToken).ConfigureAwait(false);
        OktaMembershipChange change = await okta.AddUserToGroupAsync(groupId, userId, cancellationToken).ConfigureAwait(false);
        return change == OktaMembershipChange.AlreadyMember
            ? StrategyOutput.AlreadyGranted()
            : StrategyOutput.Applied(Record(groupId, userId), $"Added Okta user {userId} to group {groupId}.");
    }

    /// <inheritdoc />
    /// <remarks>
    /// A requester who has no Okta user (never had, or was deleted) is not in the group: that is
    /// <see cref="StrategyOutput.AlreadyRevoked"/>, not an error, so the engine's revoke completes.
    /// </remarks>
    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string groupId = GetGroupId(targetId, evt);
        string userId;
        try
        {
            userId = await GetRequesterIdentityAsync(evt, cancellationToken).ConfigureAwait(false);
        }
        catch (IdentityNotFoundException)
        {
            return StrategyOutput.AlreadyRevoked();
        }

        try
        {
            OktaMembershipChange change = await okta.RemoveUserFromGroupAsync(groupId, userId, cancellationToken).ConfigureAwait(false);
            return change == OktaMembershipChange.NotMember
                ? StrategyOutput.AlreadyRevoked()
                : StrategyOutput.Applied(Record(groupId, userId), $"Removed Okta user {userId} from group {groupId}.");
        }
        catch (SymNotFoundException e) when (e.ErrorCode == OktaErrorCodes.UserNotFound)
        {
            return StrategyOutput.AlreadyRevoked();
        }
    }

    private static string GetGroupId(string targetId, Event evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        AccessTarget target = evt.Fields.Target ?? throw new SymException(SymErrorCodes.MissingTarget,
            $"The {evt.Name} event for target '{targetId}' carries no access target, so the Okta group is unknown.",
            "Okta group flows need targets of type okta_group with a group_id setting.");
        return target.GetRequiredSetting(GroupIdSetting);
    }

    private static FrozenDictionary<string, string> Record(string groupId, string userId) =>
        new Dictionary<string, string>(2, StringComparer.Ordinal) { [GroupIdSetting] = groupId, ["okta_user_id"] = userId }
            .ToFrozenDictionary(StringComparer.Ordinal);
}
