using System.Runtime.CompilerServices;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Runtime;

/// <summary>
/// Runs, audit log, identities and timers in memory: the store for tests, samples and single-process hosts that may lose
/// state on restart. Thread-safe. Several engines over one instance behave like several processes over a shared store.
/// </summary>
public sealed class InMemorySymStore : ISymRunStore, ISymAuditLog, ISymIdentityStore, ISymTimerStore, IStrategyIdentityStore
{
    private readonly Lock _runsLock = new();
    private readonly Lock _auditLock = new();
    private readonly Lock _timersLock = new();
    private readonly Lock _identitiesLock = new();
    private readonly Dictionary<string, SymRun> _runs = new(StringComparer.Ordinal);
    private readonly List<SymAuditEntry> _audit = [];
    private readonly Dictionary<string, SymTimer> _timers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string User, string Service), UserIdentity> _identities = new();
    private long _claimTokens;

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
            return new(_runs.TryAdd(run.Id, run));
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
            return new(true);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SymRun[] snapshot;
        lock (_runsLock)
        {
            snapshot = [.. _runs.Values];
        }

        Array.Sort(snapshot, static (a, b) => a.RequestedAt.CompareTo(b.RequestedAt));
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
    public ValueTask<SymAuditEntry> AppendAuditAsync(SymAuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_auditLock)
        {
            SymAuditEntry stored = entry with { Sequence = _audit.Count + 1 };
            _audit.Add(stored);
            return new(stored);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<SymAuditEntry> matches = [];
        lock (_auditLock)
        {
            foreach (SymAuditEntry e in _audit)
            {
                if (Matches(query, e))
                {
                    matches.Add(e);
                }
            }
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
            _timers[timer.Id] = timer with { ClaimToken = 0, ClaimedUntil = null };
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask CancelTimerAsync(string runId, SymTimerKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        lock (_timersLock)
        {
            _timers.Remove(SymTimer.SymTimerKey(runId, kind));
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        List<SymTimer> due = [];
        lock (_timersLock)
        {
            foreach (SymTimer t in _timers.Values)
            {
                if (t.DueAt <= now && (t.ClaimedUntil is null || t.ClaimedUntil <= now))
                {
                    due.Add(t);
                }
            }

            due.Sort(static (a, b) => a.DueAt.CompareTo(b.DueAt));
            if (due.Count > maxCount)
            {
                due.RemoveRange(maxCount, due.Count - maxCount);
            }

            for (int i = 0; i < due.Count; i++)
            {
                SymTimer claimed = due[i] with { ClaimToken = ++_claimTokens, ClaimedUntil = now + lease };
                _timers[claimed.Id] = claimed;
                due[i] = claimed;
            }
        }

        return new(due);
    }

    /// <inheritdoc />
    public ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        lock (_timersLock)
        {
            if (_timers.TryGetValue(timer.Id, out SymTimer? current) && current.ClaimToken == timer.ClaimToken && timer.ClaimToken != 0)
            {
                _timers.Remove(timer.Id);
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        List<SymTimer> list = [];
        lock (_timersLock)
        {
            foreach (SymTimer t in _timers.Values)
            {
                if (string.Equals(t.RunId, runId, StringComparison.Ordinal))
                {
                    list.Add(t);
                }
            }
        }

        list.Sort(static (a, b) => a.DueAt.CompareTo(b.DueAt));
        return new(list);
    }

    ValueTask<UserIdentity?> IStrategyIdentityStore.GetIdentityAsync(User user, string service, CancellationToken cancellationToken) =>
        GetIdentityAsync(user, service, cancellationToken);

    ValueTask IStrategyIdentityStore.SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken) =>
        SaveIdentityAsync(user, identity, cancellationToken);

    internal static bool Matches(SymAuditQuery q, SymAuditEntry e) =>
        (q.RunId is null || string.Equals(q.RunId, e.RunId, StringComparison.Ordinal))
        && (q.User is null || string.Equals(q.User, e.Actor, StringComparison.OrdinalIgnoreCase)
            || string.Equals(q.User, e.Requester, StringComparison.OrdinalIgnoreCase))
        && (q.Target is null || string.Equals(q.Target, e.Target, StringComparison.Ordinal))
        && (q.Flow is null || string.Equals(q.Flow, e.Flow, StringComparison.Ordinal))
        && (q.Step is null || string.Equals(q.Step, e.Step, StringComparison.Ordinal))
        && (q.Outcome is null || q.Outcome == e.Outcome)
        && (q.Since is null || e.Timestamp >= q.Since)
        && (q.Until is null || e.Timestamp < q.Until);

    private static (string, string) Key(User user, string service) =>
        (user.Username.ToUpperInvariant(), service.ToUpperInvariant());
}
