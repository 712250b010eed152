namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// Run ids kept sorted by <see cref="RunOrder"/> (request time, then id): the in-memory store's index for
/// <see cref="SymRunQuery"/>. Adding is O(1) for the usual run, requested after every run already indexed, and a binary
/// search plus a shift for a run that arrives out of order; finding where a cursor falls is a binary search. Entries are
/// 16-byte structs in one array (no object per run). Not thread-safe: the owner locks.
/// </summary>
internal sealed class RunTimeline
{
    private Entry[] _entries;

    public RunTimeline(int capacity = 4)
    {
        _entries = new Entry[capacity];
    }

    /// <summary>How many runs are indexed.</summary>
    public int Count { get; private set; }

    /// <summary>The id of the run at <paramref name="index"/> (0 is the oldest).</summary>
    public string IdAt(int index) => _entries[index].Id;

    /// <summary>Indexes a run by its request time and id. A run is added once (the store adds it on create).</summary>
    public void Add(DateTimeOffset requestedAt, string id)
    {
        var entry = new Entry(requestedAt.UtcTicks, id);
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(4, Count * 2));
        }

        int at = Count == 0 || Compare(_entries[Count - 1], entry) < 0 ? Count : LowerBound(entry.Ticks, entry.Id);
        if (at < Count)
        {
            Array.Copy(_entries, at, _entries, at + 1, Count - at);
        }

        _entries[at] = entry;
        Count++;
    }

    /// <summary>Removes a run indexed under <paramref name="requestedAt"/>; returns whether it was there.</summary>
    public bool Remove(DateTimeOffset requestedAt, string id)
    {
        int at = LowerBound(requestedAt.UtcTicks, id);
        if (at == Count || !string.Equals(_entries[at].Id, id, StringComparison.Ordinal) || _entries[at].Ticks != requestedAt.UtcTicks)
        {
            return false;
        }

        Count--;
        Array.Copy(_entries, at + 1, _entries, at, Count - at);
        _entries[Count] = default;
        return true;
    }

    /// <summary>
    /// How many indexed runs sort before the cursor (request time <paramref name="before"/>, id <paramref name="beforeId"/>):
    /// the newest run the cursor admits is at this count minus one. With no cursor, every run.
    /// </summary>
    public int CountBefore(DateTimeOffset? before, string? beforeId) =>
        before is { } b ? LowerBound(b.UtcTicks, beforeId ?? string.Empty) : Count;

    /// <summary>The first index whose entry is not below (<paramref name="ticks"/>, <paramref name="id"/>).</summary>
    private int LowerBound(long ticks, string id)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            ref readonly Entry e = ref _entries[mid];
            if (RunOrder.Compare(e.Ticks, e.Id, ticks, id) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int Compare(in Entry a, in Entry b) => RunOrder.Compare(a.Ticks, a.Id, b.Ticks, b.Id);

    private readonly record struct Entry(long Ticks, string Id);
}
