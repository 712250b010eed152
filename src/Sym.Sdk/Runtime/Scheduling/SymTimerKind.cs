namespace Sym.Sdk.Runtime;

/// <summary>What a timer does when it fires.</summary>
public enum SymTimerKind
{
    /// <summary>The current notification timed out: forward the request (or expire it when none is left).</summary>
    RequestTimeout = 0,

    /// <summary>The pending request's lifetime ended: expire it.</summary>
    RequestExpiry = 1,

    /// <summary>The grant's duration ended: deescalate.</summary>
    Deescalate = 2,

    /// <summary>Retry a deescalate that failed (or guard one in progress against a crash).</summary>
    DeescalateRetry = 3,
}
