using System.Runtime.CompilerServices;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Runtime;

/// <summary>
/// Runs, audit log, identities, timers, outbox and inbox in memory: the store for tests, samples and demos. Thread-safe,
/// and every <see cref="CommitAsync"/> is atomic (one lock), so several engines over one instance behave like several
/// processes over a shared durable store. Everything is lost when the process ends: a host that grants real access uses a
/// durable store (Sym.Sdk.Hosting's SQLite store).
/// </summary>
/// <remarks>
/// Built to retain every run and audit entry cheaply: runs are looked up by id in O(1), and indexed by request time, overall
/// and per requester, so <see cref="QueryRunsAsync"/> reads a page in O(log n + page) (plus the runs it skips when it
/// filters by state); audit entries are stored inline in large append-only chunks, with per-run, per-user and per-target
/// chains, so queries read only their own entries; and due timers and outbox messages come off min-heaps by due time, so a
/// scheduler tick costs O(k log n) however many grants are active.
/// </remarks>
public sealed class InMemorySymStore : ISymStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SymRun> _runs = new(StringComparer.Ordinal);
    private readonly RunTimeline _timeline = new();
    private readonly Dictionary<string, RunTimeline> _timelinesByRequester = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _liveByRequester = new(StringComparer.OrdinalIgnoreCase);
    private readonly AuditRecordLog _audit = new();
    private readonly TimerTable _timers = new();
    private readonly OutboxTable _outbox = new();
    private readonly Dictionary<string, SymInboxItem> _inbox = new(StringComparer.Ordinal);
    // By user key, then (service key, service id key): a user's identities are read together for every event.
    private readonly Dictionary<string, SortedDictionary<(string Service, string ServiceId), UserIdentity>> _identities = new(StringComparer.Ordinal);
    private long _inboxClaims;

    /// <summary>How many runs are stored.</summary>
    public int RunCount
    {
        get
        {
            lock (_lock)
            {
                return _runs.Count;
            }
        }
    }

    /// <summary>How many timers wait.</summary>
    public int TimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>How many outbox messages wait to be delivered.</summary>
    public int PendingMessageCount
    {
        get
        {
            lock (_lock)
            {
                return _outbox.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        lock (_lock)
        {
            return new(_runs.GetValueOrDefault(runId));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default)
    {
        SymRunTransition.ThrowIfInvalid(transition);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            SymRun? run = transition.Run;
            SymRun? current = null;
            if (run is not null)
            {
                bool exists = _runs.TryGetValue(run.Id, out current);
                if (transition.ExpectedVersion == 0 ? exists : !exists || current!.Version != transition.ExpectedVersion)
                {
                    return new(false);
                }
            }

            // Nothing below can fail: the commit is all or nothing.
            if (run is not null && run.Version != (current?.Version ?? 0))
            {
                _runs[run.Id] = run;
                Track(current, run);

                if (current is null)
                {
                    Index(run);
                }
                else if (run.RequestedAt != current.RequestedAt
                    || !string.Equals(run.Requester.Username, current.Requester.Username, StringComparison.OrdinalIgnoreCase))
                {
                    // The engine never changes a run's requester or request time; only another writer of runs takes this path.
                    _timeline.Remove(current.RequestedAt, current.Id);
                    _timelinesByRequester[current.Requester.Username].Remove(current.RequestedAt, current.Id);
                    Index(run);
                }
            }

            if (transition.Fired is { } fired)
            {
                _timers.Complete(fired);
            }

            foreach (SymTimerKind kind in transition.CancelTimers)
            {
                _timers.Cancel(run!.Id, kind);
            }

            foreach (SymTimer timer in transition.ScheduleTimers)
            {
                _timers.Schedule(timer);
            }

            foreach (SymAuditEntry entry in transition.Audit)
            {
                _audit.Append(entry);
            }

            foreach (SymIdentitySave save in transition.Identities)
            {
                PutIdentity(save.User, save.Identity);
            }

            if (transition.Delivered is { } delivered)
            {
                _outbox.Complete(delivered);
            }

            foreach (SymOutboxMessage message in transition.Messages)
            {
                _outbox.Add(message.ClaimToken == 0 && message.ClaimedUntil is null && message.Attempts == 0
                    ? message
                    : message with { ClaimToken = 0, ClaimedUntil = null, Attempts = 0 });
            }

            return new(true);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SymRun[] snapshot;
        lock (_lock)
        {
            snapshot = new SymRun[_timeline.Count];
            for (int i = 0; i < snapshot.Length; i++)
            {
                snapshot[i] = _runs[_timeline.IdAt(i)];
            }
        }

        foreach (SymRun run in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (state is null || run.State == state)
            {
                yield return run;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Served from the store's indexes by request time (per requester when <see cref="SymRunQuery.Requester"/> is set):
    /// O(log n) to find the cursor, then one step per run read, skipping runs in other states.
    /// </remarks>
    public IAsyncEnumerable<SymRun> QueryRunsAsync(SymRunQuery query, CancellationToken cancellationToken = default)
    {
        SymRunQuery.ThrowIfInvalid(query);
        List<SymRun> page;
        lock (_lock)
        {
            page = Collect(query);
        }

        // An empty page (the engine's frequent "does another run still cover this grant?") allocates nothing more.
        return page.Count == 0 ? EmptyRuns.Instance : Page(page, cancellationToken);

        static async IAsyncEnumerable<SymRun> Page(List<SymRun> page, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (SymRun run in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return run;
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<SymAuditEntry> matches;
        lock (_lock)
        {
            matches = _audit.Query(query);
        }

        foreach (SymAuditEntry e in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(service);
        lock (_lock)
        {
            return new(FindIdentity(user, service, null));
        }
    }

    /// <inheritdoc />
    public ValueTask<UserIdentity?> GetIdentityByServiceIdAsync(User user, string service, string? serviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(service);
        lock (_lock)
        {
            return new(FindIdentity(user, service, serviceId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<UserIdentity>> ListIdentitiesAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        string userKey = user.Username.ToUpperInvariant();
        lock (_lock)
        {
            return new(_identities.TryGetValue(userKey, out var mine) ? [.. mine.Values] : []);
        }
    }

    private UserIdentity? FindIdentity(User user, string service, string? serviceId)
    {
        if (!_identities.TryGetValue(user.Username.ToUpperInvariant(), out var mine))
        {
            return null;
        }

        string serviceKey = service.ToUpperInvariant();
        if (serviceId is not null)
        {
            return mine.GetValueOrDefault((serviceKey, serviceId.ToUpperInvariant()));
        }

        // Any instance: the one without a service id first, else the lowest service id (as the SQL stores order them).
        foreach (KeyValuePair<(string Service, string ServiceId), UserIdentity> kv in mine)
        {
            if (kv.Key.Service == serviceKey)
            {
                return kv.Value; // sorted: '' (no service id) first, then by service id
            }
        }

        return null;
    }

    /// <inheritdoc />
    public ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(identity);
        lock (_lock)
        {
            PutIdentity(user, identity);
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        lock (_lock)
        {
            return new(_timers.Claim(now, maxCount, lease));
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        lock (_lock)
        {
            _timers.Complete(timer);
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        lock (_lock)
        {
            return new(_timers.ForRun(runId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymOutboxMessage>> ClaimDueMessagesAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        lock (_lock)
        {
            return new(_outbox.Claim(now, maxCount, lease));
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteMessageAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            _outbox.Complete(message);
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask RetryMessageAsync(SymOutboxMessage message, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(error);
        lock (_lock)
        {
            _outbox.Retry(message, dueAt, error);
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymOutboxMessage>> GetPendingMessagesAsync(string? runId = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return new(_outbox.Pending(runId));
        }
    }

    /// <inheritdoc />
    public ValueTask<SymInboxItem?> TryAddInboxItemAsync(SymInboxItem item, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            if (_inbox.ContainsKey(item.Id))
            {
                return new((SymInboxItem?)null);
            }

            SymInboxItem claimed = item with { Attempts = 1, ClaimToken = ++_inboxClaims, ClaimedUntil = now + lease, ProcessedAt = null };
            _inbox.Add(item.Id, claimed);
            return new(claimed);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymInboxItem>> ClaimInboxItemsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        lock (_lock)
        {
            List<SymInboxItem> due = [];
            foreach (SymInboxItem item in _inbox.Values)
            {
                if (item.ProcessedAt is null && (item.ClaimedUntil is null || item.ClaimedUntil <= now))
                {
                    due.Add(item);
                }
            }

            due.Sort(static (a, b) => a.ReceivedAt != b.ReceivedAt ? a.ReceivedAt.CompareTo(b.ReceivedAt) : string.CompareOrdinal(a.Id, b.Id));
            var claimed = new List<SymInboxItem>(Math.Min(maxCount, due.Count));
            foreach (SymInboxItem item in due)
            {
                if (claimed.Count == maxCount)
                {
                    break;
                }

                SymInboxItem next = item with { Attempts = item.Attempts + 1, ClaimToken = ++_inboxClaims, ClaimedUntil = now + lease };
                _inbox[item.Id] = next;
                claimed.Add(next);
            }

            return new(claimed);
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteInboxItemAsync(SymInboxItem item, DateTimeOffset processedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            if (_inbox.TryGetValue(item.Id, out SymInboxItem? current) && current.ProcessedAt is null && item.ClaimToken != 0
                && current.ClaimToken == item.ClaimToken)
            {
                _inbox[item.Id] = current with { ProcessedAt = processedAt, ClaimedUntil = null };
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeInboxAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            List<string>? old = null;
            foreach (SymInboxItem item in _inbox.Values)
            {
                if (item.ProcessedAt < processedBefore)
                {
                    (old ??= []).Add(item.Id);
                }
            }

            foreach (string id in old ?? [])
            {
                _inbox.Remove(id);
            }

            return new(old?.Count ?? 0);
        }
    }

    /// <summary>
    /// When the next timer or outbox message can be claimed: its due time, or the end of its claim's lease. A virtual
    /// clock (the test harness's) advances to it.
    /// </summary>
    /// <returns>The time, or <see langword="null"/> when nothing waits.</returns>
    public DateTimeOffset? NextClaimableAt()
    {
        lock (_lock)
        {
            DateTimeOffset? timer = _timers.NextClaimableAt();
            DateTimeOffset? message = _outbox.NextClaimableAt();
            return timer is null ? message : message is null ? timer : timer < message ? timer : message;
        }
    }

    /// <summary>Keeps the set of each requester's non-final runs current (under the lock): a run's requester never changes in the engine.</summary>
    private void Track(SymRun? before, SymRun after)
    {
        if (before is { IsFinal: false } && _liveByRequester.TryGetValue(before.Requester.Username, out HashSet<string>? was))
        {
            was.Remove(before.Id);
        }

        if (!after.IsFinal)
        {
            if (!_liveByRequester.TryGetValue(after.Requester.Username, out HashSet<string>? live))
            {
                _liveByRequester.Add(after.Requester.Username, live = new HashSet<string>(StringComparer.Ordinal));
            }

            live.Add(after.Id);
        }
    }

    /// <summary>Adds a run to the request-time indexes (under the lock).</summary>
    private void Index(SymRun run)
    {
        _timeline.Add(run.RequestedAt, run.Id);
        if (!_timelinesByRequester.TryGetValue(run.Requester.Username, out RunTimeline? mine))
        {
            _timelinesByRequester.Add(run.Requester.Username, mine = new RunTimeline());
        }

        mine.Add(run.RequestedAt, run.Id);
    }

    /// <summary>Reads a page under the lock, walking the index newest first from the cursor.</summary>
    private List<SymRun> Collect(SymRunQuery query)
    {
        if (query is { Requester: { } requester, State: { } state } && state is not (SymRunState.Ended or SymRunState.Denied or SymRunState.Expired
            or SymRunState.Cancelled or SymRunState.Errored or SymRunState.Approved))
        {
            return CollectLive(query, requester, state);
        }

        RunTimeline? timeline = query.Requester is null ? _timeline : _timelinesByRequester.GetValueOrDefault(query.Requester);
        if (timeline is null)
        {
            return [];
        }

        int from = timeline.CountBefore(query.RequestedBefore, query.BeforeRunId);
        var page = new List<SymRun>(Math.Min(query.Limit, from));
        for (int i = from - 1; i >= 0 && page.Count < query.Limit; i--)
        {
            SymRun run = _runs[timeline.IdAt(i)];
            if (query.State is null || run.State == query.State)
            {
                page.Add(run);
            }
        }

        return page;
    }

    /// <summary>
    /// A page of one requester's runs in a non-final state, from the set of their non-final runs: as cheap however many
    /// finished runs they have (the engine asks it at every deescalate, to find a run that still covers the grant).
    /// </summary>
    private List<SymRun> CollectLive(SymRunQuery query, string requester, SymRunState state)
    {
        if (!_liveByRequester.TryGetValue(requester, out HashSet<string>? live))
        {
            return [];
        }

        long? beforeTicks = query.RequestedBefore?.UtcTicks;
        var page = new List<SymRun>();
        foreach (string id in live)
        {
            SymRun run = _runs[id];
            if (run.State == state && (beforeTicks is not { } ticks || RunOrder.Compare(run.RequestedAt.UtcTicks, run.Id, ticks, query.BeforeRunId ?? string.Empty) < 0))
            {
                page.Add(run);
            }
        }

        page.Sort(static (a, b) => RunOrder.Compare(b, a));
        return page.Count > query.Limit ? page.GetRange(0, query.Limit) : page;
    }

    /// <summary>An empty page of runs, shared.</summary>
    private sealed class EmptyRuns : IAsyncEnumerable<SymRun>, IAsyncEnumerator<SymRun>
    {
        public static readonly EmptyRuns Instance = new();

        public SymRun Current => throw new InvalidOperationException("An empty page has no current run.");

        public IAsyncEnumerator<SymRun> GetAsyncEnumerator(CancellationToken cancellationToken = default) => this;

        public ValueTask<bool> MoveNextAsync() => new(false);

        public ValueTask DisposeAsync() => default;
    }

    private void PutIdentity(User user, UserIdentity identity)
    {
        string userKey = user.Username.ToUpperInvariant();
        if (!_identities.TryGetValue(userKey, out var mine))
        {
            mine = new SortedDictionary<(string Service, string ServiceId), UserIdentity>(IdentityKeyComparer.Instance);
            _identities[userKey] = mine;
        }

        mine[(identity.Service.ToUpperInvariant(), identity.ServiceId?.ToUpperInvariant() ?? string.Empty)] = identity;
    }

    private sealed class IdentityKeyComparer : IComparer<(string Service, string ServiceId)>
    {
        public static readonly IdentityKeyComparer Instance = new();

        public int Compare((string Service, string ServiceId) x, (string Service, string ServiceId) y)
        {
            int c = string.CompareOrdinal(x.Service, y.Service);
            return c != 0 ? c : string.CompareOrdinal(x.ServiceId, y.ServiceId);
        }
    }
}
