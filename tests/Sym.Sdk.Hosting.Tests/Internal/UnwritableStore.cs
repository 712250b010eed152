using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Internal;

/// <summary>
/// The in-memory store's runs and timers, with a switch that makes every write (and timer claim) fail as a store on a
/// full or read-only disk does, with <c>Storage:IO_ERROR</c> (reads keep working), and a hook that makes claims hang.
/// </summary>
internal sealed class UnwritableStore : ISymRunStore, ISymTimerStore
{
    public InMemorySymStore Inner { get; set; } = null!;

    public bool Unwritable { get; set; }

    /// <summary>Awaited before each timer claim, when set: a claim that hangs.</summary>
    public Func<Task>? BeforeClaim { get; set; }

    public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => Inner.GetRunAsync(runId, cancellationToken);

    public ValueTask<bool> TryCreateRunAsync(SymRun run, CancellationToken cancellationToken = default) =>
        Unwritable ? throw Failure() : Inner.TryCreateRunAsync(run, cancellationToken);

    public ValueTask<bool> TryUpdateRunAsync(SymRun run, long expectedVersion, CancellationToken cancellationToken = default) =>
        Unwritable ? throw Failure() : Inner.TryUpdateRunAsync(run, expectedVersion, cancellationToken);

    public IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, CancellationToken cancellationToken = default) =>
        Inner.ListRunsAsync(state, cancellationToken);

    public IAsyncEnumerable<SymRun> QueryRunsAsync(SymRunQuery query, CancellationToken cancellationToken = default) =>
        ((ISymRunStore)Inner).QueryRunsAsync(query, cancellationToken);

    public ValueTask ScheduleTimerAsync(SymTimer timer, CancellationToken cancellationToken = default) =>
        Unwritable ? throw Failure() : Inner.ScheduleTimerAsync(timer, cancellationToken);

    public ValueTask CancelTimerAsync(string runId, SymTimerKind kind, CancellationToken cancellationToken = default) =>
        Unwritable ? throw Failure() : Inner.CancelTimerAsync(runId, kind, cancellationToken);

    public async ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        if (BeforeClaim is { } wait)
        {
            await wait();
        }

        return Unwritable ? throw Failure() : await Inner.ClaimDueTimersAsync(now, maxCount, lease, cancellationToken);
    }

    public ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default) =>
        Unwritable ? throw Failure() : Inner.CompleteTimerAsync(timer, cancellationToken);

    public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default) =>
        Inner.GetTimersAsync(runId, cancellationToken);

    private static SymException Failure() => new("Storage:IO_ERROR", "The Sym store '/srv/sym/sym.db' could not be written: disk I/O error.");
}
