using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>
/// Single writes, for tests that set a store up by hand: each is one <see cref="ISymRunStore.CommitAsync"/> of a
/// transition holding just that write (a timer or an audit entry commits with a version check of its run).
/// </summary>
internal static class StoreWrites
{
    public static ValueTask<bool> TryCreateRunAsync(this ISymRunStore store, SymRun run, CancellationToken cancellationToken = default) =>
        store.CommitAsync(new SymRunTransition { Run = run, ExpectedVersion = 0 }, cancellationToken);

    public static ValueTask<bool> TryUpdateRunAsync(this ISymRunStore store, SymRun run, long expectedVersion, CancellationToken cancellationToken = default) =>
        store.CommitAsync(new SymRunTransition { Run = run, ExpectedVersion = expectedVersion }, cancellationToken);

    public static async ValueTask ScheduleTimerAsync(this ISymRunStore store, SymTimer timer, CancellationToken cancellationToken = default)
    {
        SymRun run = await RunOf(store, timer.RunId, cancellationToken);
        await Commit(store, new SymRunTransition { Run = run, ExpectedVersion = run.Version, ScheduleTimers = [timer] }, cancellationToken);
    }

    public static async ValueTask CancelTimerAsync(this ISymRunStore store, string runId, SymTimerKind kind, CancellationToken cancellationToken = default)
    {
        SymRun run = await RunOf(store, runId, cancellationToken);
        await Commit(store, new SymRunTransition { Run = run, ExpectedVersion = run.Version, CancelTimers = [kind] }, cancellationToken);
    }

    public static ValueTask AppendAuditAsync(this ISymRunStore store, SymAuditEntry entry, CancellationToken cancellationToken = default) =>
        Commit(store, new SymRunTransition { Audit = [entry] }, cancellationToken);

    /// <summary>The run a timer belongs to; a minimal pending run is created when the test made none (timers belong to runs).</summary>
    private static async ValueTask<SymRun> RunOf(ISymRunStore store, string runId, CancellationToken cancellationToken)
    {
        if (await store.GetRunAsync(runId, cancellationToken) is { } run)
        {
            return run;
        }

        var created = new SymRun { Id = runId, Version = 1, Flow = "timers", Requester = new User { Username = "timers@example.com" } };
        await Commit(store, new SymRunTransition { Run = created }, cancellationToken);
        return created;
    }

    private static async ValueTask Commit(ISymRunStore store, SymRunTransition transition, CancellationToken cancellationToken)
    {
        if (!await store.CommitAsync(transition, cancellationToken))
        {
            throw new InvalidOperationException("The commit conflicted.");
        }
    }
}
