using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing.Tests.Storage;

/// <summary>An <see cref="InMemorySymStore"/> behind overridable members: each broken store of the tests breaks one rule.</summary>
internal class DelegatingStore : ISymStore
{
    public InMemorySymStore Inner { get; init; } = new();

    public virtual ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => Inner.GetRunAsync(runId, cancellationToken);

    public virtual ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default) => Inner.CommitAsync(transition, cancellationToken);

    public IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, CancellationToken cancellationToken = default) => Inner.ListRunsAsync(state, cancellationToken);

    public IAsyncEnumerable<SymRun> QueryRunsAsync(SymRunQuery query, CancellationToken cancellationToken = default) => Inner.QueryRunsAsync(query, cancellationToken);

    public IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, CancellationToken cancellationToken = default) => Inner.QueryAuditAsync(query, cancellationToken);

    public virtual ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default) =>
        Inner.GetIdentityAsync(user, service, cancellationToken);

    public virtual ValueTask<UserIdentity?> GetIdentityByServiceIdAsync(User user, string service, string? serviceId, CancellationToken cancellationToken = default) =>
        Inner.GetIdentityByServiceIdAsync(user, service, serviceId, cancellationToken);

    public virtual ValueTask<IReadOnlyList<UserIdentity>> ListIdentitiesAsync(User user, CancellationToken cancellationToken = default) =>
        Inner.ListIdentitiesAsync(user, cancellationToken);

    public ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default) =>
        Inner.SaveIdentityAsync(user, identity, cancellationToken);

    public ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Inner.ClaimDueTimersAsync(now, maxCount, lease, cancellationToken);

    public virtual ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default) => Inner.CompleteTimerAsync(timer, cancellationToken);

    public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default) => Inner.GetTimersAsync(runId, cancellationToken);

    public ValueTask<IReadOnlyList<SymOutboxMessage>> ClaimDueMessagesAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Inner.ClaimDueMessagesAsync(now, maxCount, lease, cancellationToken);

    public ValueTask CompleteMessageAsync(SymOutboxMessage message, CancellationToken cancellationToken = default) => Inner.CompleteMessageAsync(message, cancellationToken);

    public ValueTask RetryMessageAsync(SymOutboxMessage message, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default) =>
        Inner.RetryMessageAsync(message, dueAt, error, cancellationToken);

    public virtual ValueTask<IReadOnlyList<SymOutboxMessage>> GetPendingMessagesAsync(string? runId = null, CancellationToken cancellationToken = default) =>
        Inner.GetPendingMessagesAsync(runId, cancellationToken);

    public virtual ValueTask<SymInboxItem?> TryAddInboxItemAsync(SymInboxItem item, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Inner.TryAddInboxItemAsync(item, now, lease, cancellationToken);

    public ValueTask<IReadOnlyList<SymInboxItem>> ClaimInboxItemsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Inner.ClaimInboxItemsAsync(now, maxCount, lease, cancellationToken);

    public ValueTask CompleteInboxItemAsync(SymInboxItem item, DateTimeOffset processedAt, CancellationToken cancellationToken = default) =>
        Inner.CompleteInboxItemAsync(item, processedAt, cancellationToken);

    public ValueTask<int> PurgeInboxAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken = default) =>
        Inner.PurgeInboxAsync(processedBefore, cancellationToken);
}
