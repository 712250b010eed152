namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// The grant a run's strategy calls act on: its flow, its target and its requester (compared as <see cref="User"/>
/// equality compares usernames, ignoring case). Runs of one grant share the access (see <c>SymEngine.Grants.cs</c>); the
/// engine and the crash test's invariants read the rule from here.
/// </summary>
internal static class RunGrant
{
    /// <summary>The target id the strategy is called with.</summary>
    public static string TargetIdOf(SymRun run) => run.Fields.TargetId ?? run.Target?.Id ?? string.Empty;

    /// <summary>A key equal for exactly the runs of one grant (for a lock, or a dictionary).</summary>
    public static string KeyOf(SymRun run) => string.Concat(run.Flow, "\n", TargetIdOf(run), "\n", run.Requester.Username.ToUpperInvariant());

    /// <summary>Whether two runs act on the same grant.</summary>
    public static bool Same(SymRun run, SymRun other) =>
        string.Equals(run.Flow, other.Flow, StringComparison.Ordinal)
        && string.Equals(TargetIdOf(run), TargetIdOf(other), StringComparison.Ordinal)
        && string.Equals(run.Requester.Username, other.Requester.Username, StringComparison.OrdinalIgnoreCase);
}
