namespace Sym.Sdk.Runtime;

/// <summary>Where a run is in its lifecycle.</summary>
public enum SymRunState
{
    /// <summary>The request waits for a decision.</summary>
    Pending = 0,

    /// <summary>The request was approved; the strategy is granting access.</summary>
    Escalating = 1,

    /// <summary>Access is granted until <see cref="SymRun.ExpiresAt"/>.</summary>
    Active = 2,

    /// <summary>The strategy is revoking access (retried until it succeeds).</summary>
    Deescalating = 3,

    /// <summary>Access was granted and then revoked.</summary>
    Ended = 4,

    /// <summary>An approver denied the request.</summary>
    Denied = 5,

    /// <summary>The request expired without a decision.</summary>
    Expired = 6,

    /// <summary>The requester (or an admin, or a hook) cancelled the request.</summary>
    Cancelled = 7,

    /// <summary>Escalation failed; a compensating deescalate ran. See <see cref="SymRun.Errors"/>.</summary>
    Errored = 8,

    /// <summary>
    /// The request was approved in an approval-only flow (a flow without a strategy, as Sym's <c>approvals</c> example):
    /// nothing was granted, so nothing expires or is revoked. Final.
    /// </summary>
    Approved = 9,
}
