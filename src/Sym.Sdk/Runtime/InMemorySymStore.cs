using System.Runtime.CompilerServices;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Runtime;

/// <summary>
/// Runs, audit log, identities and timers in memory: the store for tests, samples and single-process hosts that may lose
/// state on restart. Thread-safe. Several engines over one instance behave like several processes over a shared store.
/// </summary>
/// <remarks>
/// Built to retain every run and audit entry cheaply: runs are looked up by id in O(1), and indexed by request time, overall
/// and per requester, so <see cref="QueryRunsAsync"/> reads a page in O(log n + page) (plus the runs it skips when it
/// filters by state); audit entries are stored inline in large append-only chunks, with per-run, per-user and per-target
/// chains, so queries read only their own entries; and due timers come off a min-heap by due time, so a scheduler tick
/// costs O(k log n) however many grants are active.
/// </remarks>
public sealed class InMemorySymStore : ISymRunStore, ISymAuditLog, ISymIdentityStore, ISymTimerStore, IStrategyIdentityStore
{
    private readonly Lock _runsLock = new();
    private readonly Lock _auditLock = new();
    private readonly Lock _timersLock = new();
    private readonly Lock _identitiesLock = new();
    private readonly Dictionary<string, SymRun> _runs = new(StringComparer.Ordinal);
    private readonly RunTimeline _timeline = new();
    private readonly Dictionary<string, RunTimeline> _timelinesByRequester = new(StringComparer.OrdinalIgnoreCase);
    private readonly AuditRecordLog _audit = new();
    private readonly TimerTable _timers = new();
    private readonly Dictionary<(string User, string Service), UserIdentity> _identities = new();

    /// <summary>How many runs are stored.</summary>
    public int RunCount
    {
        get
        {
            lock (_runsLock)
            {
                return _runs.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        lock (_runsLock)
        {
            return new(_runs.GetValueOrDefault(runId));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryCreateRunAsync(SymRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Version != 1)
        {
            throw new ArgumentException("A new run has version 1.", nameof(run));
        }

        lock (_runsLock)
        {
            if (!_runs.TryAdd(run.Id, run))
            {
                return new(false);
            }

            Index(run);
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateRunAsync(SymRun run, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Version != expectedVersion + 1)
        {
            throw new ArgumentException("An updated run's version is the expected version plus one.", nameof(run));
        }

        lock (_runsLock)
        {
            if (!_runs.TryGetValue(run.Id, out SymRun? current) || current.Version != expectedVersion)
            {
                return new(false);
            }

            _runs[run.Id] = run;

            // The engine never changes a run's requester or request time; only another writer of runs takes this path.
            if (run.RequestedAt != current.RequestedAt || !string.Equals(run.Requester.Username, current.Requester.Username, StringComparison.OrdinalIgnoreCase))
            {
                _timeline.Remove(current.RequestedAt, current.Id);
                _timelinesByRequester[current.Requester.Username].Remove(current.RequestedAt, current.Id);
                Index(run);
            }

            return new(true);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SymRun[] snapshot;
        lock (_runsLock)
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
        return Page(query, cancellationToken);

        async IAsyncEnumerable<SymRun> Page(SymRunQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            List<SymRun> page;
            lock (_runsLock)
            {
                page = Collect(query);
            }

            foreach (SymRun run in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return run;
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }
    }

    /// <summary>Adds a run to the request-time indexes (under the runs lock).</summary>
    private void Index(SymRun run)
    {
        _timeline.Add(run.RequestedAt, run.Id);
        if (!_timelinesByRequester.TryGetValue(run.Requester.Username, out RunTimeline? mine))
        {
            _timelinesByRequester.Add(run.Requester.Username, mine = new RunTimeline());
        }

        mine.Add(run.RequestedAt, run.Id);
    }

    /// <summary>Reads a page under the runs lock, walking the index newest first from the cursor.</summary>
    private List<SymRun> Collect(SymRunQuery query)
    {
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

    /// <inheritdoc />
    public ValueTask<SymAuditEntry> AppendAuditAsync(SymAuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_auditLock)
        {
            return new(_audit.Append(entry));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<SymAuditEntry> matches;
        lock (_auditLock)
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
        lock (_identitiesLock)
        {
            return new(_identities.GetValueOrDefault(Key(user, service)));
        }
    }

    /// <inheritdoc />
    public ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(identity);
        lock (_identitiesLock)
        {
            _identities[Key(user, identity.Service)] = identity;
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask ScheduleTimerAsync(SymTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        lock (_timersLock)
        {
            _timers.Schedule(timer);
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask CancelTimerAsync(string runId, SymTimerKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        lock (_timersLock)
        {
            _timers.Cancel(runId, kind);
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        lock (_timersLock)
        {
            return new(_timers.Claim(now, maxCount, lease));
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        lock (_timersLock)
        {
            _timers.Complete(timer);
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        lock (_timersLock)
        {
            return new(_timers.ForRun(runId));
        }
    }

    ValueTask<UserIdentity?> IStrategyIdentityStore.GetIdentityAsync(User user, string service, CancellationToken cancellationToken) =>
        GetIdentityAsync(user, service, cancellationToken);

    ValueTask IStrategyIdentityStore.SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken) =>
        SaveIdentityAsync(user, identity, cancellationToken);

    private static (string, string) Key(User user, string service) =>
        (user.Username.ToUpperInvariant(), service.ToUpperInvariant());
}
