namespace Sym.Sdk.Strategies;

/// <summary>What an escalate or deescalate did.</summary>
public enum StrategyOutcome
{
    /// <summary>The strategy changed something: access was granted or revoked.</summary>
    Applied = 0,

    /// <summary>Nothing needed doing: the access was already granted, or already revoked (or never granted).</summary>
    NoOp = 1,
}
