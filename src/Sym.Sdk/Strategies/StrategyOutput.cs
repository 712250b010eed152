namespace Sym.Sdk.Strategies;

/// <summary>
/// What an escalate or deescalate returns: whether it changed anything, a message, and data the engine records (and
/// that <see cref="AccessStrategy.GetStepOutput"/> reads back in deescalate — for example the id of the grant to revoke).
/// Returning <see langword="null"/> from a strategy means <see cref="Applied()"/>.
/// </summary>
public sealed record StrategyOutput
{
    /// <summary>Whether the strategy changed anything.</summary>
    public StrategyOutcome Outcome { get; init; } = StrategyOutcome.Applied;

    /// <summary>A message for the audit log, or <see langword="null"/>.</summary>
    public string? Message { get; init; }

    /// <summary>Data to record with the step, readable later through <see cref="AccessStrategy.GetStepOutput"/>.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = EmptyDictionary<string>.Instance;

    /// <summary>Whether <see cref="Outcome"/> is <see cref="StrategyOutcome.NoOp"/>.</summary>
    public bool IsNoOp => Outcome == StrategyOutcome.NoOp;

    /// <summary>The strategy granted or revoked access.</summary>
    /// <returns>The output.</returns>
    public static StrategyOutput Applied() => new();

    /// <summary>The strategy granted or revoked access, with data to record.</summary>
    /// <param name="data">Data to record, for example the grant's id.</param>
    /// <param name="message">A message for the audit log.</param>
    /// <returns>The output.</returns>
    public static StrategyOutput Applied(IReadOnlyDictionary<string, string> data, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new() { Data = data, Message = message };
    }

    /// <summary>Nothing needed doing.</summary>
    /// <param name="reason">Why, for example "already a member of the group".</param>
    /// <returns>The output.</returns>
    public static StrategyOutput NoOp(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new() { Outcome = StrategyOutcome.NoOp, Message = reason };
    }

    /// <summary>The access was already granted.</summary>
    /// <returns>The output.</returns>
    public static StrategyOutput AlreadyGranted() => NoOp("already granted");

    /// <summary>The access was already revoked, or never granted.</summary>
    /// <returns>The output.</returns>
    public static StrategyOutput AlreadyRevoked() => NoOp("already revoked");
}
