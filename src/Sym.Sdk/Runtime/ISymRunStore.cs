namespace Sym.Sdk.Runtime;

/// <summary>
/// Where runs live, with optimistic concurrency: every update names the version it replaces and fails when another
/// writer got there first. Implement it for a durable store; <see cref="InMemorySymStore"/> ships in core.
/// </summary>
public interface ISymRunStore
{
    /// <summary>Reads a run.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The run, or <see langword="null"/> when there is none.</returns>
    ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Stores a new run (<see cref="SymRun.Version"/> 1).</summary>
    /// <param name="run">The run.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when a run with that id exists.</returns>
    ValueTask<bool> TryCreateRunAsync(SymRun run, CancellationToken cancellationToken = default);

    /// <summary>Replaces a run if its stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <param name="run">The new snapshot; its <see cref="SymRun.Version"/> is <paramref name="expectedVersion"/> + 1.</param>
    /// <param name="expectedVersion">The version the writer read.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> on a conflict (the caller reloads and decides again).</returns>
    ValueTask<bool> TryUpdateRunAsync(SymRun run, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Lists runs, optionally only those in one state.</summary>
    /// <param name="state">The state, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The runs.</returns>
    IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one page of runs matching <paramref name="query"/>, newest first by <see cref="SymRun.RequestedAt"/> (ties
    /// broken by <see cref="SymRun.Id"/>, descending ordinal): at most <see cref="SymRunQuery.Limit"/> runs, each the
    /// latest version, each passing <see cref="SymRunQuery.Matches"/>. Read the next page with
    /// <see cref="SymRunQuery.After"/> on the last run.
    /// </summary>
    /// <remarks>
    /// The default implementation scans <see cref="ListRunsAsync"/> and keeps the newest matches: correct for any store,
    /// but it reads every run (in the state asked for) on every call. A store that keeps many runs should override it
    /// with an index on (requester, request time, id), and on state where it filters by state, as the stores shipped
    /// with Sym.Sdk do, so a page costs O(log n + limit).
    /// </remarks>
    /// <param name="query">Which runs, and how many.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page of runs, newest first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="SymRunQuery.BeforeRunId"/> is set without <see cref="SymRunQuery.RequestedBefore"/>.</exception>
    IAsyncEnumerable<SymRun> QueryRunsAsync(SymRunQuery query, CancellationToken cancellationToken = default)
    {
        SymRunQuery.ThrowIfInvalid(query);
        return Internal.RunQueryFallback.QueryAsync(this, query, cancellationToken);
    }
}
