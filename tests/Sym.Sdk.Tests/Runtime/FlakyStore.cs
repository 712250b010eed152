using System.Runtime.CompilerServices;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>An in-memory store whose reads can fail and whose commits can conflict, on demand.</summary>
internal sealed class FlakyStore : ISymStore
{
    public InMemorySymStore Inner { get; } = new();

    /// <summary>How many of the next run reads throw.</summary>
    public int FailNextGets { get; set; }

    /// <summary>Whether every commit that changes a run answers a conflict.</summary>
    public bool RejectUpdates { get; set; }

    /// <summary>Whether claiming timers fails, as a store that cannot write does.</summary>
    public bool FailTimerClaims { get; set; }

    public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (FailNextGets > 0)
        {
            FailNextGets--;
            throw new IOException("database connection lost");
        }

        return Inner.GetRunAsync(runId, cancellationToken);
    }

    /// <summary>Awaited before each commit, with the transition (a test holds a commit back with it).</summary>
    public Func<SymRunTransition, Task>? BeforeCommit { get; set; }

    public async ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default)
    {
        if (BeforeCommit is { } hook)
        {
            await hook(transition);
        }

        return !(RejectUpdates && transition.Run is { } run && run.Version != transition.ExpectedVersion)
            && await Inner.CommitAsync(transition, cancellationToken);
    }

    public async IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (SymRun run in Inner.ListRunsAsync(state, cancellationToken))
        {
            yield return run;
        }
    }

    public IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, CancellationToken cancellationToken = default) => Inner.QueryAuditAsync(query, cancellationToken);

    public ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default) =>
        Inner.GetIdentityAsync(user, service, cancellationToken);

    public ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default) =>
        Inner.SaveIdentityAsync(user, identity, cancellationToken);

    public ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        FailTimerClaims
            ? throw new SymException("Storage:IO_ERROR", "disk I/O error while claiming timers")
            : Inner.ClaimDueTimersAsync(now, maxCount, lease, cancellationToken);

    public ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default) => Inner.CompleteTimerAsync(timer, cancellationToken);

    public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default) => Inner.GetTimersAsync(runId, cancellationToken);

    public ValueTask<IReadOnlyList<SymOutboxMessage>> ClaimDueMessagesAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Inner.ClaimDueMessagesAsync(now, maxCount, lease, cancellationToken);

    public ValueTask CompleteMessageAsync(SymOutboxMessage message, CancellationToken cancellationToken = default) => Inner.CompleteMessageAsync(message, cancellationToken);

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
