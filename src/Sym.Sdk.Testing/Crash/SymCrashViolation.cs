namespace Sym.Sdk.Testing;

/// <summary>An invariant a <see cref="SymCrashTest"/> found broken after a crash and recovery.</summary>
public sealed record SymCrashViolation
{
    /// <summary>
    /// Which invariant: <c>access-revoked</c> (a grant not revoked, or revoked later than its expiry plus the allowed lag),
    /// <c>escalate-once</c> (escalate called again for a run), <c>run-finished</c> (a run left in a non-final state),
    /// <c>audit-complete</c> (a step the run went through missing from its audit trail), <c>notified</c> (a run's final
    /// change never told, or a notification left undelivered), <c>guarded</c> (the engine had to repair a run that had no
    /// timer to move it on), or <c>story</c> (the story itself failed without a crash).
    /// </summary>
    public required string Invariant { get; init; }

    /// <summary>Where the first process died.</summary>
    public required string CrashPoint { get; init; }

    /// <summary>The store write the first process died at, as the store was asked it (for example <c>commit escalate</c>).</summary>
    public required string Write { get; init; }

    /// <summary>The run, by its harness name in the crashed process (<c>run-1</c>), if the violation is about one.</summary>
    public string? Run { get; init; }

    /// <summary>What was found.</summary>
    public required string Detail { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"[{Invariant}] {CrashPoint} ({Write}){(Run is null ? "" : " " + Run)}: {Detail}";
}
