namespace Sym.Sdk.Runtime;

/// <summary>One entry of the append-only audit log: an event on a run, who caused it, when, and what became of it.</summary>
public sealed record SymAuditEntry
{
    /// <summary>The entry's position in the log, assigned by the store (1, 2, …).</summary>
    public long Sequence { get; init; }

    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>The flow's name.</summary>
    public required string Flow { get; init; }

    /// <summary>The step or action, for example <c>request</c>, <c>approve</c>, <c>escalate</c>, <c>cancel</c>, <c>extend</c>.</summary>
    public required string Step { get; init; }

    /// <summary>Who caused it (the username; <c>sym</c> for the engine's own timers).</summary>
    public required string Actor { get; init; }

    /// <summary>Who requested the run (the username).</summary>
    public required string Requester { get; init; }

    /// <summary>The target's name, if any.</summary>
    public string? Target { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>What became of it.</summary>
    public required SymAuditOutcome Outcome { get; init; }

    /// <summary>A message: why it was ignored, a hook's reason, the strategy's note.</summary>
    public string? Message { get; init; }

    /// <summary>The error code when <see cref="Outcome"/> is <see cref="SymAuditOutcome.Failed"/>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The request's reason and duration, for reading the log without the run.</summary>
    public string? Reason { get; init; }

    /// <summary>The requested duration.</summary>
    public TimeSpan? Duration { get; init; }
}
