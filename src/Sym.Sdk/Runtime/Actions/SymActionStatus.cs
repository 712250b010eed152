namespace Sym.Sdk.Runtime;

/// <summary>What became of an action (a request, an approval, a revoke, …).</summary>
public enum SymActionStatus
{
    /// <summary>The action took effect.</summary>
    Applied = 0,

    /// <summary>The action was ignored: not authorized, not possible in the run's state, or cancelled by a hook. The actor was told why.</summary>
    Ignored = 1,

    /// <summary>The action failed because code it called (a hook, reducer or strategy) threw; the error was reported.</summary>
    Failed = 2,
}
