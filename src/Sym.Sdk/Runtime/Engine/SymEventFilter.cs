namespace Sym.Sdk.Runtime;

/// <summary>Narrows <see cref="SymEngine.GetEventCountAsync"/> to one flow and/or one target (Sym's <c>filter_on</c>).</summary>
public sealed record SymEventFilter
{
    /// <summary>Count only events of this flow.</summary>
    public string? Flow { get; init; }

    /// <summary>Count only events about this target's name.</summary>
    public string? Target { get; init; }
}
