namespace Sym.Sdk.Runtime;

/// <summary>What happened to a run, for the request message and the requester's DM.</summary>
public enum SymRunUpdateKind
{
    /// <summary>An approval was recorded but more are needed (a quorum).</summary>
    ApprovalRecorded = 0,

    /// <summary>The request was approved.</summary>
    Approved = 1,

    /// <summary>A denial was recorded but more are needed.</summary>
    DenialRecorded = 2,

    /// <summary>The request was denied.</summary>
    Denied = 3,

    /// <summary>The request expired without a decision.</summary>
    Expired = 4,

    /// <summary>The request was cancelled.</summary>
    Cancelled = 5,

    /// <summary>The request moved to the next destination.</summary>
    Forwarded = 6,

    /// <summary>Access was granted.</summary>
    Escalated = 7,

    /// <summary>Access ended on schedule.</summary>
    AccessExpired = 8,

    /// <summary>Access was revoked early.</summary>
    Revoked = 9,

    /// <summary>The requester gave up access.</summary>
    Relinquished = 10,

    /// <summary>The requester asked to extend the grant.</summary>
    ExtensionRequested = 11,

    /// <summary>The grant was extended.</summary>
    Extended = 12,

    /// <summary>An extension was denied.</summary>
    ExtensionDenied = 13,

    /// <summary>Granting access failed; the run errored.</summary>
    Errored = 14,

    /// <summary>Access was revoked after a failed grant (compensating deescalate).</summary>
    Compensated = 15,
}
