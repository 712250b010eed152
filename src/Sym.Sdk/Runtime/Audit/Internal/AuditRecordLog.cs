namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// The in-memory audit log: entries kept as structs in large append-only chunks (no object per entry; a full chunk lives on
/// the large object heap, where the GC never copies the entries it retains), with per-run, per-user and per-target
/// chains threaded through the entries, so a query by run, user or target reads only its own entries. Not thread-safe:
/// the owner locks.
/// </summary>
internal sealed class AuditRecordLog
{
    // 1,024 records of ~136 bytes: each full chunk lands on the large object heap, where the GC neither copies nor compacts it.
    private const int ChunkShift = 10;
    private const int ChunkSize = 1 << ChunkShift;

    // The first chunk starts small and doubles up to ChunkSize, so a store that keeps a handful of entries (a test's, a
    // harness story's) does not pay ~136 KB up front; a store that keeps thousands pays the doublings once.
    private const int FirstChunkInitialSize = 16;
    private const int None = -1;

    private readonly List<AuditRecord[]> _chunks = [];
    private readonly Dictionary<string, int> _lastByRun = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lastByActor = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _lastByRequester = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _lastByTarget = new(StringComparer.Ordinal);

    /// <summary>How many entries are stored.</summary>
    public int Count { get; private set; }

    /// <summary>Appends an entry and returns its sequence number.</summary>
    public long Append(SymAuditEntry entry)
    {
        int index = Count;
        if (index < ChunkSize)
        {
            if (_chunks.Count == 0 || index == _chunks[0].Length)
            {
                GrowFirstChunk();
            }
        }
        else if ((index & (ChunkSize - 1)) == 0)
        {
            _chunks.Add(new AuditRecord[ChunkSize]);
        }

        ref AuditRecord record = ref _chunks[index >> ChunkShift][index & (ChunkSize - 1)];
        record.Entry = new AuditFields(entry);
        record.Sequence = index + 1;
        record.PreviousInRun = Link(_lastByRun, entry.RunId, index);
        record.PreviousByActor = Link(_lastByActor, entry.Actor, index);
        record.PreviousByRequester = Link(_lastByRequester, entry.Requester, index);
        record.PreviousInTarget = entry.Target is null ? None : Link(_lastByTarget, entry.Target, index);
        Count = index + 1;
        return record.Sequence;
    }

    /// <summary>The entries matching a query, oldest first.</summary>
    public List<SymAuditEntry> Query(SymAuditQuery query)
    {
        List<SymAuditEntry> matches = [];
        if (query.RunId is not null)
        {
            CollectChain(query, _lastByRun, query.RunId, Chain.Run, matches);
        }
        else if (query.User is not null)
        {
            CollectUser(query, matches);
        }
        else if (query.Target is not null)
        {
            CollectChain(query, _lastByTarget, query.Target, Chain.Target, matches);
        }
        else
        {
            for (int i = 0; i < Count; i++)
            {
                ref readonly AuditRecord record = ref At(i);
                if (Matches(query, in record.Entry))
                {
                    matches.Add(record.Materialize());
                }
            }
        }

        return matches;
    }

    private static bool Matches(SymAuditQuery q, in AuditFields e) =>
        (q.RunId is null || string.Equals(q.RunId, e.RunId, StringComparison.Ordinal))
        && (q.User is null || string.Equals(q.User, e.Actor, StringComparison.OrdinalIgnoreCase)
            || string.Equals(q.User, e.Requester, StringComparison.OrdinalIgnoreCase))
        && (q.Target is null || string.Equals(q.Target, e.Target, StringComparison.Ordinal))
        && (q.Flow is null || string.Equals(q.Flow, e.Flow, StringComparison.Ordinal))
        && (q.Step is null || string.Equals(q.Step, e.Step, StringComparison.Ordinal))
        && (q.Outcome is null || q.Outcome == e.Outcome)
        && (q.Since is null || e.Timestamp >= q.Since)
        && (q.Until is null || e.Timestamp < q.Until);

    private static int Link(Dictionary<string, int> last, string key, int index)
    {
        ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(last, key, out bool existed);
        int previous = existed ? slot : None;
        slot = index;
        return previous;
    }

    /// <summary>Allocates the first chunk, or doubles it (its length is a power of two, so it reaches exactly <see cref="ChunkSize"/>).</summary>
    private void GrowFirstChunk()
    {
        if (_chunks.Count == 0)
        {
            _chunks.Add(new AuditRecord[FirstChunkInitialSize]);
            return;
        }

        AuditRecord[] first = _chunks[0];
        var grown = new AuditRecord[first.Length * 2];
        first.CopyTo(grown, 0);
        _chunks[0] = grown;
    }

    private ref readonly AuditRecord At(int index) => ref _chunks[index >> ChunkShift][index & (ChunkSize - 1)];

    private void CollectChain(SymAuditQuery query, Dictionary<string, int> last, string key, Chain chain, List<SymAuditEntry> matches)
    {
        if (!last.TryGetValue(key, out int i))
        {
            return;
        }

        while (i != None)
        {
            ref readonly AuditRecord record = ref At(i);
            if (Matches(query, in record.Entry))
            {
                matches.Add(record.Materialize());
            }

            i = chain == Chain.Run ? record.PreviousInRun : record.PreviousInTarget;
        }

        matches.Reverse();
    }

    /// <summary>Entries the user caused or that concern runs the user requested: the two chains merged, newest first, then reversed.</summary>
    private void CollectUser(SymAuditQuery query, List<SymAuditEntry> matches)
    {
        int a = _lastByActor.GetValueOrDefault(query.User!, None);
        int r = _lastByRequester.GetValueOrDefault(query.User!, None);
        while (a != None || r != None)
        {
            int i = Math.Max(a, r);
            if (a == i)
            {
                a = At(a).PreviousByActor;
            }

            if (r == i)
            {
                r = At(r).PreviousByRequester;
            }

            ref readonly AuditRecord record = ref At(i);
            if (Matches(query, in record.Entry))
            {
                matches.Add(record.Materialize());
            }
        }

        matches.Reverse();
    }

    private enum Chain
    {
        Run,
        Target,
    }

    /// <summary>One stored entry: its fields inline (no object of its own) and the links of its chains.</summary>
    private struct AuditRecord
    {
        public AuditFields Entry;
        public long Sequence;
        public int PreviousInRun;
        public int PreviousByActor;
        public int PreviousByRequester;
        public int PreviousInTarget;

        public readonly SymAuditEntry Materialize() => Entry.ToEntry(Sequence);
    }

    /// <summary>The fields of a <see cref="SymAuditEntry"/>, inline.</summary>
    private readonly struct AuditFields(SymAuditEntry e)
    {
        public readonly string RunId = e.RunId;
        public readonly string Flow = e.Flow;
        public readonly string Step = e.Step;
        public readonly string Actor = e.Actor;
        public readonly string Requester = e.Requester;
        public readonly string? Target = e.Target;
        public readonly string? Message = e.Message;
        public readonly string? ErrorCode = e.ErrorCode;
        public readonly string? Reason = e.Reason;
        public readonly DateTimeOffset Timestamp = e.Timestamp;
        public readonly TimeSpan? Duration = e.Duration;
        public readonly SymAuditOutcome Outcome = e.Outcome;

        public SymAuditEntry ToEntry(long sequence) => new()
        {
            Sequence = sequence, RunId = RunId, Flow = Flow, Step = Step, Actor = Actor, Requester = Requester, Target = Target,
            Timestamp = Timestamp, Outcome = Outcome, Message = Message, ErrorCode = ErrorCode, Reason = Reason, Duration = Duration,
        };
    }
}
