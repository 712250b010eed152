using System.Runtime.CompilerServices;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Runtime;

/// <summary>
/// Runs, audit log, identities and timers in memory: the store for tests, samples and single-process hosts that may lose
/// state on restart. Thread-safe. Several engines over one instance behave like several processes over a shared store.
/// </summary>
/// <remarks>
/// Built to retain every run and audit entry cheaply: runs are looked up by id in O(1); audit entries are stored inline in
/// large append-only chunks, with per-run, per-user and per-target chains, so queries read only their own entries; and
/// due timers come off a min-heap by due time, so a scheduler tick costs O(k log n) however many grants are active.
/// </remarks>
public sealed class InMemorySymStore : ISymRunStore, ISymAuditLog, ISymIdentityStore, ISymTimerStore, IStrategyIdentityStore
{
    private readonly Lock _runsLock = new();
    private readonly Lock _auditLock = new();
    private readonly Lock _timersLock = new();
    private readonly Lock _identitiesLock = new();
    private readonly Dictionary<string, SymRun> _runs = new(StringComparer.Ordinal);
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
