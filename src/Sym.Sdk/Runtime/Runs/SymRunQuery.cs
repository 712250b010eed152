namespace Sym.Sdk.Runtime;

/// <summary>
/// Which runs to read with <see cref="ISymRunStore.QueryRunsAsync"/>: one page of runs, newest first by
/// <see cref="SymRun.RequestedAt"/> (ties broken by <see cref="SymRun.Id"/>, descending ordinal), narrowed by every set
/// filter. Page on with <see cref="After"/>, which sets the keyset cursor to the last run read.
/// </summary>
/// <example>
/// <code>
/// var query = new SymRunQuery { Requester = user.Username, State = SymRunState.Active, Limit = 50 };
/// SymRun? last = null;
/// await foreach (SymRun run in store.QueryRunsAsync(query, ct)) { … last = run; }
/// if (last is not null) { query = query.After(last); /* the next page */ }
/// </code>
/// </example>
public sealed record SymRunQuery
{
    /// <summary>The page size when <see cref="Limit"/> is not set: 100.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page a query may ask for: 1,000.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only runs in this state; <see langword="null"/> (the default) for every state.</summary>
    public SymRunState? State { get; init; }

    /// <summary>
    /// Only runs this user requested, by <see cref="User.Username"/>, compared as <see cref="User"/> equality compares
    /// (ordinal, ignoring case); <see langword="null"/> (the default) for every requester.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty or white space (no user has such a username).</exception>
    public string? Requester
    {
        get;
        init
        {
            if (value is not null)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(Requester));
            }

            field = value;
        }
    }

    /// <summary>The most runs to return, from 1 to <see cref="MaxLimit"/>.</summary>
    /// <value>The default value is <see cref="DefaultLimit"/> (100).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="MaxLimit"/>.</exception>
    public int Limit
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Limit));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxLimit, nameof(Limit));
            field = value;
        }
    } = DefaultLimit;

    /// <summary>
    /// The keyset cursor: only runs requested before this time (strictly), or at exactly this time with an id before
    /// <see cref="BeforeRunId"/> when that is set; <see langword="null"/> (the default) to start at the newest run.
    /// Pass the last run's <see cref="SymRun.RequestedAt"/> to read the next page; <see cref="After"/> does this.
    /// </summary>
    public DateTimeOffset? RequestedBefore { get; init; }

    /// <summary>
    /// The cursor's tie-break: with <see cref="RequestedBefore"/>, runs requested at exactly that time are included when
    /// their <see cref="SymRun.Id"/> sorts before this one (ordinal), so a page boundary between runs with equal request
    /// times loses none and repeats none. <see langword="null"/> (the default) skips every run at that time.
    /// </summary>
    /// <remarks>Only meaningful with <see cref="RequestedBefore"/>: stores reject a query that sets this alone.</remarks>
    public string? BeforeRunId { get; init; }

    /// <summary>The same query, for the page that follows <paramref name="last"/> (the last run of the current page).</summary>
    /// <param name="last">The last run read.</param>
    /// <returns>A copy of this query with <see cref="RequestedBefore"/> and <see cref="BeforeRunId"/> set from <paramref name="last"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="last"/> is <see langword="null"/>.</exception>
    public SymRunQuery After(SymRun last)
    {
        ArgumentNullException.ThrowIfNull(last);
        return this with { RequestedBefore = last.RequestedAt, BeforeRunId = last.Id };
    }

    /// <summary>
    /// Whether <paramref name="run"/> passes this query's filters and cursor (not its limit): what a store that implements
    /// <see cref="ISymRunStore.QueryRunsAsync"/> with its own index must agree with.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <returns><see langword="true"/> when the run belongs in the result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is <see langword="null"/>.</exception>
    public bool Matches(SymRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return (State is null || run.State == State)
            && (Requester is null || string.Equals(run.Requester.Username, Requester, StringComparison.OrdinalIgnoreCase))
            && (RequestedBefore is not { } before || Internal.RunOrder.Compare(run.RequestedAt.UtcTicks, run.Id, before.UtcTicks, BeforeRunId ?? string.Empty) < 0);
    }

    /// <summary>
    /// Throws when the query is inconsistent in a way its init accessors cannot check on their own; a store's
    /// <see cref="ISymRunStore.QueryRunsAsync"/> calls it before reading anything.
    /// </summary>
    /// <param name="query">The query.</param>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="BeforeRunId"/> is set without <see cref="RequestedBefore"/>.</exception>
    public static void ThrowIfInvalid(SymRunQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.BeforeRunId is not null && query.RequestedBefore is null)
        {
            throw new ArgumentException("SymRunQuery.BeforeRunId is a tie-break for RequestedBefore; set both, or neither.", nameof(query));
        }
    }
}
