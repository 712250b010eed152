using Sym.Sdk.Runtime;

namespace Sym.Sdk.FrontEnds;

/// <summary>Whether a person may take one action on a run now (<see cref="SymEngine.CheckAction"/>), and if not, what to tell them.</summary>
public sealed record ActionCheck
{
    /// <summary>The action checked.</summary>
    public required SymRunAction Action { get; init; }

    /// <summary><see cref="ActionVerdict.Allowed"/>, <see cref="ActionVerdict.NotAllowed"/> or <see cref="ActionVerdict.NotNow"/>.</summary>
    public required ActionVerdict Verdict { get; init; }

    /// <summary>Why not, for the person who asked; <see langword="null"/> when the action is allowed.</summary>
    public string? Message { get; init; }

    /// <summary>Whether the engine's rules admit the action now (the flow's hooks may still refuse it).</summary>
    public bool IsAllowed => Verdict == ActionVerdict.Allowed;
}
