namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// The in-memory outbox: one FIFO queue of messages per order key (a run), and a min-heap of the queues' heads by the time
/// each becomes claimable (its due time, or its lease's end once claimed), so claiming costs O(k log n) however many runs
/// have messages waiting. Only a queue's head is ever claimed, so a run's messages go out in commit order. The heap deletes
/// lazily: an entry whose message is no longer its queue's head (in the same claim state) is skipped when it surfaces.
/// Not thread-safe: the owner locks.
/// </summary>
internal sealed class OutboxTable
{
    private readonly Dictionary<string, RunQueue> _queues = new(StringComparer.Ordinal);
    private readonly PriorityQueue<SymOutboxMessage, DateTimeOffset> _heap = new();

    // Reused by Claim (the owner locks): a claim allocates only its result.
    private readonly List<SymOutboxMessage> _claimed = [];
    private long _claimTokens;
    private long _sequence;

    /// <summary>How many messages wait.</summary>
    public int Count { get; private set; }

    public void Add(SymOutboxMessage message)
    {
        string key = message.OrderKey;
        long sequence = ++_sequence;
        if (_queues.TryGetValue(key, out RunQueue? queue))
        {
            (queue.Rest ??= new Queue<(SymOutboxMessage, long)>()).Enqueue((message, sequence));
        }
        else
        {
            _queues.Add(key, new RunQueue(message, sequence));
            Push(message, message.DueAt);
        }

        Count++;
    }

    /// <summary>Claims up to <paramref name="maxCount"/> claimable heads, oldest first; the result is an array of exactly their number.</summary>
    public IReadOnlyList<SymOutboxMessage> Claim(DateTimeOffset now, int maxCount, TimeSpan lease)
    {
        List<SymOutboxMessage> claimed = _claimed;
        claimed.Clear();
        while (claimed.Count < maxCount && _heap.TryPeek(out SymOutboxMessage? candidate, out DateTimeOffset claimableAt) && claimableAt <= now)
        {
            _heap.Dequeue();
            if (!_queues.TryGetValue(candidate.OrderKey, out RunQueue? queue) || !ReferenceEquals(queue.Head, candidate))
            {
                continue; // stale: completed, retried or claimed again since
            }

            SymOutboxMessage head = candidate with { Attempts = candidate.Attempts + 1, ClaimToken = ++_claimTokens, ClaimedUntil = now + lease };
            queue.Head = head;
            Push(head, head.ClaimedUntil.Value);
            claimed.Add(head);
        }

        if (claimed.Count == 0)
        {
            return [];
        }

        SymOutboxMessage[] result = [.. claimed];
        claimed.Clear();
        return result;
    }

    /// <summary>Removes a claimed head if it still carries its claim; returns whether it did.</summary>
    public bool Complete(SymOutboxMessage message)
    {
        if (!TryGetClaimedHead(message, out RunQueue? queue))
        {
            return false;
        }

        Count--;
        if (queue.Rest is { Count: > 0 } rest)
        {
            (queue.Head, queue.HeadSequence) = rest.Dequeue();
            Push(queue.Head, queue.Head.DueAt);
        }
        else
        {
            _queues.Remove(message.OrderKey);
        }

        return true;
    }

    /// <summary>Releases a claimed head to be claimed again at <paramref name="dueAt"/>; returns whether it still held the claim.</summary>
    public bool Retry(SymOutboxMessage message, DateTimeOffset dueAt, string error)
    {
        if (!TryGetClaimedHead(message, out RunQueue? queue))
        {
            return false;
        }

        queue.Head = queue.Head with { DueAt = dueAt, LastError = error, ClaimToken = 0, ClaimedUntil = null };
        Push(queue.Head, dueAt);
        return true;
    }

    /// <summary>The messages waiting, in the order they were added (commit order).</summary>
    public List<SymOutboxMessage> Pending(string? runId)
    {
        List<(SymOutboxMessage Message, long Sequence)> waiting = [];
        foreach ((string key, RunQueue queue) in _queues)
        {
            if (runId is not null && !string.Equals(key, runId, StringComparison.Ordinal))
            {
                continue;
            }

            waiting.Add((queue.Head, queue.HeadSequence));
            if (queue.Rest is { } rest)
            {
                waiting.AddRange(rest);
            }
        }

        waiting.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return waiting.ConvertAll(static w => w.Message);
    }

    /// <summary>When the next message can be claimed, or <see langword="null"/> when none waits.</summary>
    public DateTimeOffset? NextClaimableAt()
    {
        while (_heap.TryPeek(out SymOutboxMessage? candidate, out DateTimeOffset at))
        {
            if (_queues.TryGetValue(candidate.OrderKey, out RunQueue? queue) && ReferenceEquals(queue.Head, candidate))
            {
                return at;
            }

            _heap.Dequeue();
        }

        return null;
    }

    private bool TryGetClaimedHead(SymOutboxMessage message, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RunQueue? queue) =>
        _queues.TryGetValue(message.OrderKey, out queue) && message.ClaimToken != 0
        && string.Equals(queue.Head.Id, message.Id, StringComparison.Ordinal) && queue.Head.ClaimToken == message.ClaimToken;

    private void Push(SymOutboxMessage message, DateTimeOffset claimableAt)
    {
        _heap.Enqueue(message, claimableAt);
        if (_heap.Count > (2 * _queues.Count) + 64)
        {
            // Stale entries outnumber live ones: rebuild from the heads (amortised O(1) per operation).
            _heap.Clear();
            foreach (RunQueue queue in _queues.Values)
            {
                _heap.Enqueue(queue.Head, queue.Head.ClaimedUntil ?? queue.Head.DueAt);
            }
        }
    }

    private sealed class RunQueue(SymOutboxMessage head, long headSequence)
    {
        public SymOutboxMessage Head { get; set; } = head;

        /// <summary>When <see cref="Head"/> was added, in the table's order of additions.</summary>
        public long HeadSequence { get; set; } = headSequence;

        /// <summary>The run's later messages, each with when it was added.</summary>
        public Queue<(SymOutboxMessage Message, long Sequence)>? Rest { get; set; }
    }
}
