using Sym.Sdk.Strategies;

namespace Sym.Sdk.Runtime;

/// <summary>
/// Sees every call the engine makes to a strategy, with its event and outcome (Sym.Sdk.Testing's harness records them
/// for its timeline and assertions). Set it on <see cref="SymEngine.StrategyObserver"/>; it is called on the engine's
/// step, so it must be quick and must not throw.
/// </summary>
public interface IStrategyCallObserver
{
    /// <summary>Called before the strategy runs.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step"><c>escalate</c> or <c>deescalate</c>.</param>
    /// <param name="targetId">The target's id, as the strategy gets it.</param>
    /// <param name="evt">The event the strategy gets.</param>
    /// <returns>A token handed back to <see cref="OnReturned"/>.</returns>
    object? OnCalling(string runId, string step, string targetId, Event evt);

    /// <summary>Called after the strategy returned (<paramref name="output"/>) or threw (<paramref name="error"/>).</summary>
    /// <param name="call">The token <see cref="OnCalling"/> returned.</param>
    /// <param name="output">What the strategy returned, or <see langword="null"/>.</param>
    /// <param name="error">What it threw, or <see langword="null"/>.</param>
    void OnReturned(object? call, StrategyOutput? output, Exception? error);
}
