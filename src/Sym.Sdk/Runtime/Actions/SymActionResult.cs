using Sym.Sdk.FrontEnds;

namespace Sym.Sdk.Runtime;

/// <summary>
/// The result of an action on a run: whether it took effect, what to tell the person who took it (<see cref="Message"/>),
/// why it was not applied (<see cref="Verdict"/>), and the run afterwards. Everyone else concerned (the requester, the
/// approvers, the error channel) is told by the engine's notifier, from what the step committed; a front end tells only
/// the actor.
/// </summary>
public sealed record SymActionResult
{
    /// <summary>What became of the action.</summary>
    public required SymActionStatus Status { get; init; }

    /// <summary>What to tell the actor: why it was ignored or failed, or a short confirmation (for a vote short of the quorum, the count so far).</summary>
    public string? Message { get; init; }

    /// <summary>
    /// Why an ignored action was not applied: <see cref="ActionVerdict.NotAllowed"/> (the engine's rules refuse the
    /// actor, whatever the run's state), <see cref="ActionVerdict.NotNow"/> (the actor may, but not in the run's state,
    /// or they already did; also a request submitted again under the same <see cref="AccessRequest.RequestId"/>), or
    /// <see cref="ActionVerdict.RefusedByFlow"/> (a hook refused it). <see cref="ActionVerdict.Allowed"/> for an action
    /// that was applied, or that failed in user code.
    /// </summary>
    /// <value>The default value is <see cref="ActionVerdict.Allowed"/>.</value>
    public ActionVerdict Verdict { get; init; }

    /// <summary>The run after the action; <see langword="null"/> when a request was ignored and no run was created.</summary>
    public SymRun? Run { get; init; }

    /// <summary>Whether the action took effect.</summary>
    public bool IsApplied => Status == SymActionStatus.Applied;

    /// <summary>
    /// What went wrong in a step the applied action started in the same call, though the action itself took effect: an
    /// approval is recorded, but the grant that followed failed (the strategy threw), so access was <em>not</em> granted —
    /// the run is <see cref="SymRunState.Errored"/> (or <see cref="SymRunState.Deescalating"/> while whatever the grant did
    /// is undone, retried until it succeeds), the requester and the error channel were told, and <see cref="Message"/>
    /// says so. Requesting again retries. <see langword="null"/> when nothing went wrong.
    /// </summary>
    public SymRunError? Error { get; init; }

    /// <summary>Whether the action took effect but a step it started failed (<see cref="Error"/> is set): the approval stands, access was not granted.</summary>
    public bool HasError => Error is not null;

    internal static SymActionResult Applied(SymRun run, string? message = null) => new() { Status = SymActionStatus.Applied, Run = run, Message = message };

    internal static SymActionResult AppliedWithError(SymRun run, SymRunError error, string message) =>
        new() { Status = SymActionStatus.Applied, Run = run, Message = message, Error = error };

    internal static SymActionResult Ignored(SymRun? run, string message, ActionVerdict verdict = ActionVerdict.RefusedByFlow) =>
        new() { Status = SymActionStatus.Ignored, Run = run, Message = message, Verdict = verdict };

    internal static SymActionResult Failed(SymRun? run, string message) => new() { Status = SymActionStatus.Failed, Run = run, Message = message };
}
