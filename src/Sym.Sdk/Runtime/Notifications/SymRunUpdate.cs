namespace Sym.Sdk.Runtime;

/// <summary>A change to a run that people should see: the kind, who caused it, and a message.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Actor">Who caused it, or <see langword="null"/> for the engine (timers).</param>
/// <param name="Message">A reason or detail, or <see langword="null"/>.</param>
public sealed record SymRunUpdate(SymRunUpdateKind Kind, User? Actor = null, string? Message = null);
