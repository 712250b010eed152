using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Requests;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>The engine's own authorization rules: who may read a run, and who may approve, deny, cancel, revoke, relinquish and extend.</summary>
internal static class Authorizer
{
    private const string GuestMessage = "Guests may not act on requests in this flow.";

    /// <summary>
    /// Whether <paramref name="actor"/> may read the run and its audit trail: an admin, the requester, anyone who acted on
    /// it (voted, cancelled, revoked, approved an extension…), anyone the run's permission's <c>WebappView</c> includes,
    /// and, while it is pending, anyone who may decide it. A run whose flow is no longer registered
    /// (<paramref name="flow"/> null) has no deciders.
    /// </summary>
    public static bool CanRead(FlowDefinition? flow, SymRun run, User actor)
    {
        if (actor.Role == UserRole.Admin || actor == run.Requester || Contains(run.Approvals, actor) || Contains(run.Denials, actor)
            || (run.Permission?.WebappView is { } view && view.Includes(actor)))
        {
            return true;
        }

        foreach (User acted in run.Actors.Values)
        {
            if (acted == actor)
            {
                return true;
            }
        }

        return run.State == SymRunState.Pending && flow is not null && CanDecide(flow, run, actor, approving: true) is null;
    }

    /// <summary>Whether <paramref name="actor"/> may approve (or deny) the run; the message to send when not.</summary>
    public static string? CanDecide(FlowDefinition flow, SymRun run, User actor, bool approving)
    {
        if (actor.Role == UserRole.Guest && !flow.Options.AllowGuestInteraction)
        {
            return GuestMessage;
        }

        RequestPermission permission = EffectivePermission(run);
        if (approving && actor == run.Requester && !permission.AllowSelfApproval)
        {
            return "You may not approve your own request.";
        }

        return permission.Admits(actor, run.Requester, approving) ? null : approving ? "You are not allowed to approve this request." : "You are not allowed to deny this request.";
    }

    public static string? CanCancel(SymRun run, User actor) =>
        actor == run.Requester || actor.Role == UserRole.Admin ? null : "Only the requester or an admin may cancel this request.";

    public static string? CanRevoke(FlowDefinition flow, SymRun run, User actor)
    {
        if (!flow.Options.AllowRevoke)
        {
            return "This flow does not allow revoking access early.";
        }

        if (actor.Role == UserRole.Guest && !flow.Options.AllowGuestInteraction)
        {
            return GuestMessage;
        }

        if (actor == run.Requester || actor.Role == UserRole.Admin || Contains(run.Approvals, actor))
        {
            return null;
        }

        return "Only the requester, an approver of the request or an admin may revoke this access.";
    }

    public static string? CanRelinquish(SymRun run, User actor) =>
        actor == run.Requester ? null : "Only the requester may relinquish their access.";

    public static string? CanExtend(FlowDefinition flow, SymRun run, User actor)
    {
        if (actor.Role == UserRole.Guest && !flow.Options.AllowGuestInteraction)
        {
            return GuestMessage;
        }

        return actor == run.Requester ? null : "Only the requester may ask to extend their access.";
    }

    /// <summary>The run's permission: the flow's <c>GetPermissions</c> result, else derived from the current destination.</summary>
    public static RequestPermission EffectivePermission(SymRun run)
    {
        if (run.Permission is { } explicitPermission)
        {
            return explicitPermission;
        }

        RequestDestination? destination = run.Notifications.Count > run.NotificationIndex
            ? run.Notifications[run.NotificationIndex].Destinations[0]
            : null;
        return destination switch
        {
            SlackUser u => new RequestPermission { UserIds = [u.UserId], AllowSelfApproval = u.AllowSelf },
            SlackUserGroup g => new RequestPermission { UserIds = Ids(g), AllowSelfApproval = g.AllowSelf },
            null => MemberPermission,
            _ => destination.AllowSelf ? MemberSelfPermission : MemberPermission,
        };
    }

    private static readonly RequestPermission MemberPermission = RequestPermission.ForLevel(PermissionLevel.Member);
    private static readonly RequestPermission MemberSelfPermission = RequestPermission.ForLevel(PermissionLevel.Member, allowSelfApproval: true);

    private static string[] Ids(SlackUserGroup g)
    {
        var ids = new string[g.Users.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = g.Users[i].UserId;
        }

        return ids;
    }

    internal static bool Contains(IReadOnlyList<User> users, User user)
    {
        for (int i = 0; i < users.Count; i++)
        {
            if (users[i] == user)
            {
                return true;
            }
        }

        return false;
    }
}
