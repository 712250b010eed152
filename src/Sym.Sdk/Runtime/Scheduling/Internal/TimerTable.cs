namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// The in-memory timers: one per run and kind, plus a min-heap by the time each becomes claimable, so claiming due timers
/// costs O(k log n) however many timers wait. The heap deletes lazily: a replaced, cancelled or completed timer leaves a
/// stale heap entry that is skipped when it surfaces, and the heap is rebuilt when stale entries outnumber live ones.
/// Not thread-safe: the owner locks.
/// </summary>
internal sealed class TimerTable
{
    private readonly Dictionary<(string RunId, SymTimerKind Kind), SymTimer> _timers = [];
    private readonly PriorityQueue<SymTimer, DateTimeOffset> _heap = new();
    private long _claimTokens;

    public int Count => _timers.Count;

    /// <summary>Adds a timer or replaces the run's timer of the same kind (even a claimed one).</summary>
    public void Schedule(SymTimer timer)
    {
        SymTimer stored = timer.ClaimToken == 0 && timer.ClaimedUntil is null ? timer : timer with { ClaimToken = 0, ClaimedUntil = null };
        _timers[(stored.RunId, stored.Kind)] = stored;
        Push(stored, stored.DueAt);
    }

    public void Cancel(string runId, SymTimerKind kind) => _timers.Remove((runId, kind));

    /// <summary>Claims up to <paramref name="maxCount"/> claimable timers, earliest first (by due time, or lease end once a claim lapsed).</summary>
    public IReadOnlyList<SymTimer> Claim(DateTimeOffset now, int maxCount, TimeSpan lease)
    {
        List<SymTimer>? due = null;
        while ((due?.Count ?? 0) < maxCount && _heap.TryPeek(out SymTimer? timer, out DateTimeOffset claimableAt) && claimableAt <= now)
        {
            _heap.Dequeue();
            if (!IsLive(timer))
            {
                continue;
            }

            SymTimer claimed = timer with { ClaimToken = ++_claimTokens, ClaimedUntil = now + lease };
            _timers[(claimed.RunId, claimed.Kind)] = claimed;
            Push(claimed, claimed.ClaimedUntil.Value);
            (due ??= []).Add(claimed);
        }

        return due ?? (IReadOnlyList<SymTimer>)[];
    }

    /// <summary>Removes a fired timer, unless it was replaced (or claimed again) since this claim.</summary>
    public void Complete(SymTimer timer)
    {
        if (timer.ClaimToken != 0 && _timers.TryGetValue((timer.RunId, timer.Kind), out SymTimer? current) && current.ClaimToken == timer.ClaimToken)
        {
            _timers.Remove((timer.RunId, timer.Kind));
        }
    }

    /// <summary>A run's timers, earliest first.</summary>
    public IReadOnlyList<SymTimer> ForRun(string runId)
    {
        List<SymTimer> list = [];
        foreach (SymTimerKind kind in Enum.GetValues<SymTimerKind>())
        {
            if (_timers.TryGetValue((runId, kind), out SymTimer? timer))
            {
                list.Add(timer);
            }
        }

        list.Sort(static (a, b) => a.DueAt.CompareTo(b.DueAt));
        return list;
    }

    /// <summary>When the next timer can be claimed, or <see langword="null"/> when none waits.</summary>
    public DateTimeOffset? NextClaimableAt()
    {
        while (_heap.TryPeek(out SymTimer? timer, out DateTimeOffset at))
        {
            if (IsLive(timer))
            {
                return at;
            }

            _heap.Dequeue();
        }

        return null;
    }

    private bool IsLive(SymTimer timer) => _timers.TryGetValue((timer.RunId, timer.Kind), out SymTimer? current) && ReferenceEquals(current, timer);

    private void Push(SymTimer timer, DateTimeOffset claimableAt)
    {
        _heap.Enqueue(timer, claimableAt);
        if (_heap.Count > (2 * _timers.Count) + 64)
        {
            // Stale entries outnumber live ones: rebuild from the live timers (amortised O(1) per operation).
            _heap.Clear();
            foreach (SymTimer live in _timers.Values)
            {
                _heap.Enqueue(live, live.ClaimedUntil ?? live.DueAt);
            }
        }
    }
}
