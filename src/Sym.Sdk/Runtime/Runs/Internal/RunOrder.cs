namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// The order of <see cref="SymRunQuery"/> results, as a key: request time (UTC ticks), then run id (ordinal). Queries return
/// runs in descending key order (newest first); a cursor admits keys strictly below it.
/// </summary>
internal static class RunOrder
{
    /// <summary>Compares two keys: negative when the first is older (or equally old with a smaller id).</summary>
    public static int Compare(long ticks, string id, long otherTicks, string otherId)
    {
        int byTime = ticks.CompareTo(otherTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(id, otherId);
    }

    /// <summary>Compares two runs by key.</summary>
    public static int Compare(SymRun run, SymRun other) =>
        Compare(run.RequestedAt.UtcTicks, run.Id, other.RequestedAt.UtcTicks, other.Id);

    /// <summary>Ascending key order (oldest first); results are read in the reverse.</summary>
    public static IComparer<SymRun> Ascending { get; } = Comparer<SymRun>.Create(static (a, b) => Compare(a, b));
}
