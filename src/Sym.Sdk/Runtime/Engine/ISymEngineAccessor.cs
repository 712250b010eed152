namespace Sym.Sdk.Runtime;

/// <summary>
/// The engine, for a flow implementation or strategy that asks it something when a hook or reducer runs (for example
/// <c>GetEventCountAsync</c>, Sym's <c>get_event_count</c>). The engine is created from the flows, so a flow cannot take
/// <see cref="SymEngine"/> in its constructor (that is a cycle, refused with <c>SymSDK:ENGINE_DEPENDENCY_CYCLE</c>); it takes
/// this instead and reads <see cref="Engine"/> later. Registered by <c>AddSym</c>.
/// </summary>
public interface ISymEngineAccessor
{
    /// <summary>The engine. Read it when a hook or reducer runs, not in a constructor.</summary>
    SymEngine Engine { get; }
}
