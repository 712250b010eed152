using System.Runtime.CompilerServices;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing.Harness.Internal;

/// <summary>
/// The harness's store: an <see cref="InMemorySymStore"/> that can be swapped for a fresh one (<see cref="Reset"/>), with
/// every created or updated run, every audit entry and every timer mirrored for the recorder and the virtual clock.
/// </summary>
internal sealed class HarnessStore(HarnessRecorder recorder) : ISymRunStore, ISymAuditLog, ISymTimerStore, ISymIdentityStore
{
    private readonly Lock _timersLock = new();
    private readonly Dictionary<string, (DateTimeOffset At, long Token)> _timers = new(StringComparer.Ordinal);
    private InMemorySymStore _inner = new();

    public InMemorySymStore Inner => Volatile.Read(ref _inner);

    /// <summary>Forgets everything: a new empty store, no timers.</summary>
    public void Reset()
    {
        Volatile.Write(ref _inner, new InMemorySymStore());
        lock (_timersLock)
        {
            _timers.Clear();
        }
    }

    /// <summary>When the next timer can fire: its due time, or the end of its claim's lease.</summary>
    public DateTimeOffset? NextTimerAt()
    {
        lock (_timersLock)
        {
            DateTimeOffset? next = null;
            foreach ((DateTimeOffset at, _) in _timers.Values)
            {
                if (next is null || at < next)
                {
                    next = at;
                }
            }

            return next;
        }
    }

    public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => Inner.GetRunAsync(runId, cancellationToken);

    public async ValueTask<bool> TryCreateRunAsync(SymRun run, CancellationToken cancellationToken = default)
    {
        bool created = await Inner.TryCreateRunAsync(run, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            recorder.OnRunSaved(run, created: true);
        }

        return created;
    }

    public async ValueTask<bool> TryUpdateRunAsync(SymRun run, long expectedVersion, CancellationToken cancellationToken = default)
    {
        bool updated = await Inner.TryUpdateRunAsync(run, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (updated)
        {
            recorder.OnRunSaved(run, created: false);
        }

        return updated;
    }

    public async IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (SymRun run in Inner.ListRunsAsync(state, cancellationToken).ConfigureAwait(false))
        {
            yield return run;
        }
    }

    public IAsyncEnumerable<SymRun> QueryRunsAsync(SymRunQuery query, CancellationToken cancellationToken = default) =>
        Inner.QueryRunsAsync(query, cancellationToken);

    public async ValueTask<SymAuditEntry> AppendAuditAsync(SymAuditEntry entry, CancellationToken cancellationToken = default)
    {
        SymAuditEntry appended = await Inner.AppendAuditAsync(entry, cancellationToken).ConfigureAwait(false);
        recorder.OnAudit(appended);
        return appended;
    }

    public IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, CancellationToken cancellationToken = default) =>
        Inner.QueryAuditAsync(query, cancellationToken);

    public ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default) =>
        Inner.GetIdentityAsync(user, service, cancellationToken);

    public ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default) =>
        Inner.SaveIdentityAsync(user, identity, cancellationToken);

    public async ValueTask ScheduleTimerAsync(SymTimer timer, CancellationToken cancellationToken = default)
    {
        await Inner.ScheduleTimerAsync(timer, cancellationToken).ConfigureAwait(false);
        lock (_timersLock)
        {
            _timers[timer.Id] = (timer.DueAt, 0);
        }
    }

    public async ValueTask CancelTimerAsync(string runId, SymTimerKind kind, CancellationToken cancellationToken = default)
    {
        await Inner.CancelTimerAsync(runId, kind, cancellationToken).ConfigureAwait(false);
        lock (_timersLock)
        {
            _timers.Remove(SymTimer.SymTimerKey(runId, kind));
        }
    }

    public async ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SymTimer> claimed = await Inner.ClaimDueTimersAsync(now, maxCount, lease, cancellationToken).ConfigureAwait(false);
        lock (_timersLock)
        {
            foreach (SymTimer t in claimed)
            {
                _timers[t.Id] = (t.ClaimedUntil ?? t.DueAt, t.ClaimToken);
            }
        }

        return claimed;
    }

    public async ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default)
    {
        await Inner.CompleteTimerAsync(timer, cancellationToken).ConfigureAwait(false);
        lock (_timersLock)
        {
            if (timer.ClaimToken != 0 && _timers.TryGetValue(timer.Id, out (DateTimeOffset At, long Token) current) && current.Token == timer.ClaimToken)
            {
                _timers.Remove(timer.Id);
            }
        }
    }

    public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default) =>
        Inner.GetTimersAsync(runId, cancellationToken);
}
