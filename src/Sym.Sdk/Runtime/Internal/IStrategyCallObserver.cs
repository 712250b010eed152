using Sym.Sdk.Strategies;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>Sees every call the engine makes to a strategy (Sym.Sdk.Testing's harness records them with their events).</summary>
internal interface IStrategyCallObserver
{
    /// <summary>Called before the strategy runs.</summary>
    /// <returns>A token handed back to <see cref="OnReturned"/>.</returns>
    object? OnCalling(string runId, string step, string targetId, Event evt);

    /// <summary>Called after the strategy returned (<paramref name="output"/>) or threw (<paramref name="error"/>).</summary>
    void OnReturned(object? call, StrategyOutput? output, Exception? error);
}
