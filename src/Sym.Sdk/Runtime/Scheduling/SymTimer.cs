namespace Sym.Sdk.Runtime;

/// <summary>
/// A timer kept as data in the store: the scheduler asks the store for due timers, so timers survive restarts when the
/// store is durable. One timer per run and kind: scheduling again replaces it.
/// </summary>
public sealed record SymTimer
{
    /// <summary>The timer's id: <c>{runId}/{kind}</c>.</summary>
    public string Id => SymTimerKey(RunId, Kind);

    /// <summary>The run the timer belongs to.</summary>
    public required string RunId { get; init; }

    /// <summary>What the timer does.</summary>
    public required SymTimerKind Kind { get; init; }

    /// <summary>When it fires.</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>A value checked when it fires (for <see cref="SymTimerKind.RequestTimeout"/>, the notification index).</summary>
    public int Argument { get; init; }

    /// <summary>Set by the store when a scheduler claims the timer; completing needs it, so a replaced timer is never lost.</summary>
    public long ClaimToken { get; init; }

    /// <summary>Until when the claim holds; after that another scheduler may claim the timer again.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    internal static string SymTimerKey(string runId, SymTimerKind kind) => kind switch
    {
        SymTimerKind.RequestTimeout => runId + "/request_timeout",
        SymTimerKind.RequestExpiry => runId + "/request_expiry",
        SymTimerKind.Deescalate => runId + "/deescalate",
        _ => runId + "/deescalate_retry",
    };
}
