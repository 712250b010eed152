using Sym.Sdk.Runtime;

namespace Sym.Sdk.FrontEnds;

/// <summary>
/// Whether a person may take an action on a run, and if not, why: their own standing (<see cref="NotAllowed"/>, a 403
/// in HTTP terms) or the run's (<see cref="NotNow"/>, a 409). See <see cref="SymEngine.CheckAction"/> and
/// <see cref="SymActionResult.Verdict"/>.
/// </summary>
public enum ActionVerdict
{
    /// <summary>The engine's rules admit the action now. (On a result: the action was applied, or failed in user code.)</summary>
    Allowed = 0,

    /// <summary>
    /// The engine's rules refuse this person the action on this run whatever its state: not an approver, not the
    /// requester, a guest where guests may not act, revoking not allowed. The message says so without revealing the
    /// run's state.
    /// </summary>
    NotAllowed = 1,

    /// <summary>
    /// The person may take the action on this run, but not now: the run is not in a state for it (already decided,
    /// not active, ended), or they already voted, or an extension is already awaiting approval.
    /// </summary>
    NotNow = 2,

    /// <summary>
    /// Only on a result: the engine's rules admitted the action, and the flow's code refused it (a hook returned
    /// <c>Template.Ignore</c>). The message is the flow's.
    /// </summary>
    RefusedByFlow = 3,
}
