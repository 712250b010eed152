using System.Runtime.CompilerServices;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing.Harness.Internal;

/// <summary>
/// The harness's store: an <see cref="InMemorySymStore"/> (swapped for a fresh one by <see cref="Reset"/>), or a store
/// given to the builder (the crash tester's), behind a view that mirrors every committed run and audit entry for the
/// recorder, and tells when the next timer or outbox message can be claimed, for the virtual clock.
/// </summary>
internal sealed class HarnessStore(HarnessRecorder recorder, ISymStore? given = null) : ISymStore
{
    private ISymStore _inner = given ?? new InMemorySymStore();

    public ISymStore Inner => Volatile.Read(ref _inner);

    /// <summary>The in-memory store, unless the harness runs on a store the builder was given.</summary>
    public InMemorySymStore? Memory => Inner as InMemorySymStore;

    /// <summary>Forgets everything: a new empty store.</summary>
    /// <exception cref="SymHarnessException">The harness runs on a store it was given, which it cannot replace.</exception>
    public void Reset()
    {
        if (given is not null)
        {
            throw new SymHarnessException("This harness runs on a store it was given; Reset cannot replace it.");
        }

        Volatile.Write(ref _inner, new InMemorySymStore());
    }

    /// <summary>When the next timer or outbox message can be claimed: its due time, or the end of its claim's lease.</summary>
    public async ValueTask<DateTimeOffset?> NextTimerAtAsync(CancellationToken cancellationToken = default)
    {
        if (Memory is { } memory)
        {
            return memory.NextClaimableAt();
        }

        // Another store: ask it (a harness story keeps few runs, so reading them is cheap).
        DateTimeOffset? next = null;
        await foreach (SymRun run in Inner.ListRunsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            foreach (SymTimer timer in await Inner.GetTimersAsync(run.Id, cancellationToken).ConfigureAwait(false))
            {
                next = Earlier(next, timer.ClaimedUntil ?? timer.DueAt);
            }
        }

        var heads = new HashSet<string>(StringComparer.Ordinal);
        foreach (SymOutboxMessage message in await Inner.GetPendingMessagesAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (heads.Add(message.OrderKey))
            {
                next = Earlier(next, message.ClaimedUntil is { } until && until > message.DueAt ? until : message.DueAt);
            }
        }

        return next;

        static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a;
    }

    public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => Inner.GetRunAsync(runId, cancellationToken);

    public async ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default)
    {
        if (!await Inner.CommitAsync(transition, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (transition.Run is { } run && run.Version != transition.ExpectedVersion)
        {
            recorder.OnRunSaved(run, created: transition.ExpectedVersion == 0);
        }

        foreach (SymAuditEntry entry in transition.Audit)
        {
            recorder.OnAudit(entry);
        }

        return true;
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

    public IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, CancellationToken cancellationToken = default) =>
        Inner.QueryAuditAsync(query, cancellationToken);

    public ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default) =>
        Inner.GetIdentityAsync(user, service, cancellationToken);

    public ValueTask<UserIdentity?> GetIdentityByServiceIdAsync(User user, string service, string? serviceId, CancellationToken cancellationToken = default) =>
        Inner.GetIdentityByServiceIdAsync(user, service, serviceId, cancellationToken);

    public ValueTask<IReadOnlyList<UserIdentity>> ListIdentitiesAsync(User user, CancellationToken cancellationToken = default) =>
        Inner.ListIdentitiesAsync(user, cancellationToken);

    public ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default) =>
        Inner.SaveIdentityAsync(user, identity, cancellationToken);

    public ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Inner.ClaimDueTimersAsync(now, maxCount, lease, cancellationToken);

    public ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default) => Inner.CompleteTimerAsync(timer, cancellationToken);

    public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default) =>
        Inner.GetTimersAsync(runId, cancellationToken);

    public ValueTask<IReadOnlyList<SymOutboxMessage>> ClaimDueMessagesAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Inner.ClaimDueMessagesAsync(now, maxCount, lease, cancellationToken);

    public ValueTask CompleteMessageAsync(SymOutboxMessage message, CancellationToken cancellationToken = default) =>
        Inner.CompleteMessageAsync(message, cancellationToken);

    public ValueTask RetryMessageAsync(SymOutboxMessage message, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default) =>
        Inner.RetryMessageAsync(message, dueAt, error, cancellationToken);

    public ValueTask<IReadOnlyList<SymOutboxMessage>> GetPendingMessagesAsync(string? runId = null, CancellationToken cancellationToken = default) =>
        Inner.GetPendingMessagesAsync(runId, cancellationToken);

    public ValueTask<SymInboxItem?> TryAddInboxItemAsync(SymInboxItem item, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Inner.TryAddInboxItemAsync(item, now, lease, cancellationToken);

    public ValueTask<IReadOnlyList<SymInboxItem>> ClaimInboxItemsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Inner.ClaimInboxItemsAsync(now, maxCount, lease, cancellationToken);

    public ValueTask CompleteInboxItemAsync(SymInboxItem item, DateTimeOffset processedAt, CancellationToken cancellationToken = default) =>
        Inner.CompleteInboxItemAsync(item, processedAt, cancellationToken);

    public ValueTask<int> PurgeInboxAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken = default) =>
        Inner.PurgeInboxAsync(processedBefore, cancellationToken);
}
