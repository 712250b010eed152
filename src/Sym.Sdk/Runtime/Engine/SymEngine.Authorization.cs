using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>
/// Who may see and act on a run, by the engine's own rules: read-only answers for front ends that list, show and answer
/// (an API, a console; see also <see cref="CheckAction"/>), and the approval hook's say over denials.
/// </content>
public sealed partial class SymEngine
{
    private const string DenyRefused = "You are not allowed to deny this request.";
    private const string FlowGone = "This request's flow is no longer registered; nobody may act on it.";

    /// <summary>
    /// Whether <paramref name="user"/> may read <paramref name="run"/> and its audit trail (the same rule as
    /// <see cref="CanView"/>): an admin; the requester; anyone who acted on it (approved, denied, cancelled, revoked,
    /// approved an extension); anyone the run's <see cref="Requests.RequestPermission.WebappView"/> includes; and, while the
    /// request is pending, anyone the engine would let approve it (<see cref="GetRefusal"/> for
    /// <see cref="SymRunAction.Approve"/>). Everyone else may not, not even to learn the run's state.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="user">Who asks.</param>
    /// <returns>Whether the user may read the run.</returns>
    /// <remarks>
    /// Rules a flow keeps in its hooks (<c>OnApproveAsync</c> returning <c>Template.Ignore</c>) are not consulted: a read
    /// runs no flow code. A flow that names its approvers through <c>GetPermissionsAsync</c> (or the destination of
    /// <c>GetApproversAsync</c>) shows pending requests to exactly those approvers.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> or <paramref name="user"/> is <see langword="null"/>.</exception>
    public bool CanRead(SymRun run, User user)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(user);
        return Authorizer.CanRead(_flows.GetValueOrDefault(run.Flow), run, user);
    }

    /// <summary>
    /// Whether <paramref name="user"/> may view <paramref name="run"/> (Sym's <c>webapp_view</c>): what the JSON API lists
    /// and reads (a run one may not view answers 404, as if it did not exist) and the console shows. The requester always
    /// sees their own requests and admins see everything; besides them, those who acted on the run, while it is pending
    /// those who may decide it, and whoever the run's <see cref="Requests.RequestPermission.WebappView"/> includes. The
    /// same rule as <see cref="CanRead"/>.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="user">Who asks.</param>
    /// <returns>Whether the user may view the run.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> or <paramref name="user"/> is <see langword="null"/>.</exception>
    public bool CanView(SymRun run, User user) => CanRead(run, user);

    /// <summary>
    /// Why the engine would refuse <paramref name="user"/> the <paramref name="action"/> on <paramref name="run"/> by its
    /// authorization rules alone, or <see langword="null"/> when they admit the user. The run's state, votes already cast and
    /// the flow's hooks are not considered, so a front end can tell "you may not" (403) from "not now" (409) without
    /// revealing the state to someone who may not act.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="user">Who would act.</param>
    /// <param name="action">The action.</param>
    /// <returns>The message the engine refuses with, or <see langword="null"/>.</returns>
    /// <remarks>
    /// The rules: admins may approve and deny, and approvers are who the run's permission admits (the flow's
    /// <c>GetPermissionsAsync</c>, else the destination it was sent to), never the requester unless self-approval is
    /// allowed, and guests only when the flow allows guest interaction; extensions are decided by the same people. Only
    /// the requester or an admin may cancel; the requester, an approver of the run or an admin may revoke, if the flow
    /// allows revoking; only the requester may relinquish or ask for an extension.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> or <paramref name="user"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not an action.</exception>
    public string? GetRefusal(SymRun run, User user, SymRunAction action)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(user);
        return _flows.TryGetValue(run.Flow, out FlowDefinition? flow) ? Refusal(flow, run, user, action) : FlowGone;
    }

    /// <summary>What <see cref="GetRefusal"/> answers for a registered flow.</summary>
    private static string? Refusal(FlowDefinition flow, SymRun run, User user, SymRunAction action) =>
        action switch
        {
            SymRunAction.Approve or SymRunAction.ApproveExtension => Authorizer.CanDecide(flow, run, user, approving: true),
            SymRunAction.Deny or SymRunAction.DenyExtension => Authorizer.CanDecide(flow, run, user, approving: false),
            SymRunAction.Cancel => Authorizer.CanCancel(run, user),
            SymRunAction.Revoke => Authorizer.CanRevoke(flow, run, user),
            SymRunAction.Relinquish => Authorizer.CanRelinquish(run, user),
            SymRunAction.Extend => Authorizer.CanExtend(flow, run, user),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a run action."),
        };

    /// <summary>
    /// Who may deny is who may approve: unless the flow turned <c>DenyRequiresApprover</c> off, a denial first asks
    /// <c>OnApproveAsync</c> whether the actor could approve, and is refused when the hook would ignore them.
    /// </summary>
    /// <returns>The refused (or failed) result, or <see langword="null"/> to let the denial go on.</returns>
    private async ValueTask<SymActionResult?> RefuseDenialByApproveHookAsync(RunContext ctx, User actor)
    {
        if (!ctx.Flow.Options.DenyRequiresApprover)
        {
            return null;
        }

        HookDecision hook = await OnHookAsync(ctx, ApprovalTemplateStep.Approve, await BuildEventAsync(ctx, ApprovalTemplateStep.Approve, actor).ConfigureAwait(false)).ConfigureAwait(false);
        return hook.Kind switch
        {
            HookDecisionKind.Ignore => await IgnoreAsync(ctx, "deny", actor, DenyRefused).ConfigureAwait(false),
            HookDecisionKind.Failed => await FailedActionAsync(ctx, "deny", actor).ConfigureAwait(false),
            _ => null,
        };
    }
}
