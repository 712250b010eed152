namespace Sym.Sdk.Runtime;

/// <summary>What became of an audited event.</summary>
public enum SymAuditOutcome
{
    /// <summary>The step took effect.</summary>
    Applied = 0,

    /// <summary>The event was ignored (not authorized, wrong state, or a hook's <c>Template.Ignore</c>).</summary>
    Ignored = 1,

    /// <summary>The strategy reported that nothing needed doing (already granted, already revoked).</summary>
    NoOp = 2,

    /// <summary>The step failed; see <see cref="SymAuditEntry.ErrorCode"/>.</summary>
    Failed = 3,
}
