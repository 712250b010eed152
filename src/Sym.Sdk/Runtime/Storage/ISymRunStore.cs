namespace Sym.Sdk.Runtime;

/// <summary>
/// Where runs live, with optimistic concurrency: every commit names the version it replaces and fails when another
/// writer got there first. Part of <see cref="ISymStore"/>; <see cref="InMemorySymStore"/> ships in core.
/// </summary>
public interface ISymRunStore
{
    /// <summary>Reads a run.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The run, or <see langword="null"/> when there is none.</returns>
    ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes one engine step atomically: the run (created, replaced if its stored version is still
    /// <see cref="SymRunTransition.ExpectedVersion"/>, or only checked), its timers, audit entries, identities and outbox
    /// messages — all of it or none of it. Durable when it returns.
    /// </summary>
    /// <param name="transition">What the step decided.</param>
    /// <param name="cancellationToken">Cancels the write before it starts; once started, a commit is not cancelled.</param>
    /// <returns>
    /// <see langword="false"/> on a conflict (the run exists when creating, or its stored version is not
    /// <see cref="SymRunTransition.ExpectedVersion"/>): nothing was written; the engine reloads and decides again.
    /// </returns>
    /// <exception cref="ArgumentException">The transition breaks a rule of <see cref="SymRunTransition"/>.</exception>
    ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default);

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
