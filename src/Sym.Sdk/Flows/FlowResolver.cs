namespace Sym.Sdk.Flows;

/// <summary>
/// Supplies, when the engine is built, the code of a flow whose registration does not name it: a flow added by name only
/// (<c>AddConfiguredFlow</c>, for flows defined in configuration), or one added in code without a strategy. Register
/// one as a singleton <see cref="FlowResolver"/>; the engine asks it once per such flow, before it answers anything.
/// </summary>
/// <remarks>Derive from it; members may be added later with default implementations.</remarks>
public abstract class FlowResolver
{
    /// <summary>The implementation of a flow added by name only (<see cref="FlowRegistration.ImplementationType"/> is <see langword="null"/>).</summary>
    /// <param name="flow">The flow's registration.</param>
    /// <param name="options">The flow's validated definition.</param>
    /// <param name="services">The container the engine is built from.</param>
    /// <returns>The implementation.</returns>
    /// <exception cref="SymException">Code <c>SymSDK:INVALID_FLOW</c>: the flow's code cannot be found.</exception>
    public abstract FlowImplementation ResolveImplementation(FlowRegistration flow, FlowOptions options, IServiceProvider services);

    /// <summary>The strategy of a flow whose registration names none (<see cref="FlowRegistration.StrategyType"/> is <see langword="null"/>).</summary>
    /// <param name="flow">The flow's registration.</param>
    /// <param name="options">The flow's validated definition (its <see cref="FlowStrategyOptions.Type"/> names the strategy).</param>
    /// <param name="services">The container the engine is built from.</param>
    /// <returns>The strategy, or <see langword="null"/> when this resolver knows none (the flow then fails validation, naming its path).</returns>
    public abstract Strategies.AccessStrategy? ResolveStrategy(FlowRegistration flow, FlowOptions options, IServiceProvider services);
}
