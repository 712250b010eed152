using Sym.Sdk.Flows;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// When an action fits a run, whoever takes it: the run's state, and what the actor already did. The engine's steps and
/// <see cref="SymEngine.CheckAction"/> both ask here, so a front end's "not now" is the engine's.
/// </summary>
internal static class RunRules
{
    private const string NotApproved = "This request has not been approved.";

    /// <summary>Why the run is not in a state for <paramref name="action"/>, or <see langword="null"/> when it is.</summary>
    public static string? StateRefusal(SymRun run, SymRunAction action) => action switch
    {
        SymRunAction.Approve or SymRunAction.Deny or SymRunAction.Cancel => run.State == SymRunState.Pending ? null : StateMessage(run),
        SymRunAction.Revoke or SymRunAction.Relinquish => run.State switch
        {
            SymRunState.Active => null,
            SymRunState.Pending => NotApproved,
            _ => StateMessage(run),
        },
        SymRunAction.Extend => run.State == SymRunState.Active ? null : "Only active access can be extended.",
        SymRunAction.ApproveExtension or SymRunAction.DenyExtension =>
            run.State == SymRunState.Active && run.PendingExtension is not null ? null : "No extension of this access awaits approval.",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a run action."),
    };

    /// <summary>
    /// Why <paramref name="actor"/>, admitted by the authorization rules, may still not take <paramref name="action"/> on
    /// a run in a state for it: a vote already cast (either way, where it would count twice), an access with no expiry to
    /// extend, an extension already awaiting approval. <see langword="null"/> when nothing stands in the way.
    /// </summary>
    public static string? ActorRefusal(FlowOptions options, SymRun run, User actor, SymRunAction action)
    {
        switch (action)
        {
            case SymRunAction.Approve or SymRunAction.Deny:
                RunDecision decision = action == SymRunAction.Approve ? RunDecision.Approve : RunDecision.Deny;
                return Authorizer.Contains(decision.Votes(run), actor) ? decision.AlreadyVoted : decision.RefuseChangedVote(options, run, actor);
            case SymRunAction.Extend when run.ExpiresAt is null:
                return "This access has no expiry to extend.";
            case SymRunAction.Extend when run.PendingExtension is not null:
                return "An extension of this access is already awaiting approval.";
            default:
                return null;
        }
    }

    /// <summary>What an actor is told when the run has moved past what they tried.</summary>
    public static string StateMessage(SymRun run) => run.State switch
    {
        SymRunState.Pending => "This request is still pending.",
        SymRunState.Escalating or SymRunState.Active => "This request was already approved.",
        SymRunState.Deescalating or SymRunState.Ended => "This access has already ended.",
        SymRunState.Denied => "This request was already denied.",
        SymRunState.Approved => "This request was already approved.",
        SymRunState.Expired => "This request has expired.",
        SymRunState.Cancelled => "This request was cancelled.",
        _ => "This request failed and can no longer change.",
    };
}
