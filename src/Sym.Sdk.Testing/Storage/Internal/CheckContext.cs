using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>
/// One check's store (fresh from the caller's factory, and reopened when the check restarts it), with the small writes and
/// reads checks share. Disposes what it opened.
/// </summary>
internal sealed class CheckContext : IAsyncDisposable
{
    private readonly Func<ISymStore, CancellationToken, ValueTask<ISymStore>>? _reopen;

    public CheckContext(ISymStore store, Func<ISymStore, CancellationToken, ValueTask<ISymStore>>? reopen, CancellationToken cancellationToken)
    {
        Store = store;
        _reopen = reopen;
        CancellationToken = cancellationToken;
    }

    public ISymStore Store { get; private set; }

    public CancellationToken CancellationToken { get; }

    /// <summary>A restart: closes the store (disposing it) and opens it again over the same data.</summary>
    public async Task ReopenAsync()
    {
        ISymStore closed = Store;
        await DisposeAsync(closed).ConfigureAwait(false);
        Store = Expect.NotNull(await _reopen!(closed, CancellationToken).ConfigureAwait(false), "the reopened store");
    }

    public ValueTask DisposeAsync() => DisposeAsync(Store);

    /// <summary>Commits and expects the store to accept the transition.</summary>
    public async Task CommitAsync(SymRunTransition transition, string what)
    {
        bool committed = await Store.CommitAsync(transition, CancellationToken).ConfigureAwait(false);
        Expect.True(committed, $"{what}: expected the commit to succeed, but the store reported a conflict.");
    }

    /// <summary>Commits and expects the store to report a conflict.</summary>
    public async Task ConflictAsync(SymRunTransition transition, string what)
    {
        bool committed = await Store.CommitAsync(transition, CancellationToken).ConfigureAwait(false);
        Expect.True(!committed, $"{what}: expected a conflict (false), but the store committed it.");
    }

    public Task CreateAsync(SymRun run) => CommitAsync(new SymRunTransition { Run = run }, $"creating run {run.Id}");

    public async Task<SymRun> RunAsync(string runId) =>
        Expect.NotNull(await Store.GetRunAsync(runId, CancellationToken).ConfigureAwait(false), $"run {runId}");

    /// <summary>A check-only commit on the run's stored version (the run is created bare first when missing).</summary>
    public async Task OnRunAsync(string runId, Func<SymRunTransition, SymRunTransition> with, string what)
    {
        SymRun? run = await Store.GetRunAsync(runId, CancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            run = ContractSamples.Bare(runId);
            await CreateAsync(run).ConfigureAwait(false);
        }

        await CommitAsync(with(new SymRunTransition { Run = run, ExpectedVersion = run.Version }), what).ConfigureAwait(false);
    }

    /// <summary>Schedules timers, each group in a check-only commit on its run (created bare first when missing).</summary>
    public async Task ScheduleAsync(params SymTimer[] timers)
    {
        foreach (IGrouping<string, SymTimer> group in timers.GroupBy(static t => t.RunId, StringComparer.Ordinal))
        {
            SymTimer[] mine = [.. group];
            await OnRunAsync(group.Key, t => t with { ScheduleTimers = mine }, $"scheduling timers of run {group.Key}").ConfigureAwait(false);
        }
    }

    public async Task SendAsync(params SymOutboxMessage[] messages)
    {
        foreach (SymOutboxMessage message in messages)
        {
            await CommitAsync(new SymRunTransition { Messages = [message] }, $"committing message {message.Id}").ConfigureAwait(false);
        }
    }

    public Task AppendAsync(params SymAuditEntry[] entries) => CommitAsync(new SymRunTransition { Audit = entries }, "appending audit entries");

    public async Task<IReadOnlyList<SymTimer>> TimersAsync(string runId) =>
        await Store.GetTimersAsync(runId, CancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<SymTimer>> ClaimTimersAsync(DateTimeOffset now, int maxCount = 100, TimeSpan? lease = null) =>
        await Store.ClaimDueTimersAsync(now, maxCount, lease ?? ContractSamples.Lease, CancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<SymOutboxMessage>> ClaimMessagesAsync(DateTimeOffset now, int maxCount = 100, TimeSpan? lease = null) =>
        await Store.ClaimDueMessagesAsync(now, maxCount, lease ?? ContractSamples.Lease, CancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<SymOutboxMessage>> PendingAsync(string? runId = null) =>
        await Store.GetPendingMessagesAsync(runId, CancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<SymInboxItem>> ClaimInboxAsync(DateTimeOffset now, int maxCount = 100, TimeSpan? lease = null) =>
        await Store.ClaimInboxItemsAsync(now, maxCount, lease ?? ContractSamples.Lease, CancellationToken).ConfigureAwait(false);

    public Task<List<SymAuditEntry>> AuditAsync(SymAuditQuery? query = null) => ToListAsync(Store.QueryAuditAsync(query ?? new SymAuditQuery(), CancellationToken));

    public Task<List<SymRun>> QueryAsync(SymRunQuery query) => ToListAsync(Store.QueryRunsAsync(query, CancellationToken));

    public async Task<List<string>> QueryIdsAsync(SymRunQuery query) => [.. (await QueryAsync(query).ConfigureAwait(false)).Select(static r => r.Id)];

    public Task<List<SymRun>> ListAsync(SymRunState? state = null) => ToListAsync(Store.ListRunsAsync(state, CancellationToken));

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items.ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }

    private static async ValueTask DisposeAsync(ISymStore store)
    {
        if (store is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (store is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
