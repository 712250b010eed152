namespace Sym.Sdk.Runtime;

/// <summary>The result of an action on a run: whether it took effect, the message the actor got, and the run afterwards.</summary>
public sealed record SymActionResult
{
    /// <summary>What became of the action.</summary>
    public required SymActionStatus Status { get; init; }

    /// <summary>What the actor was told (why it was ignored or failed), or a short confirmation.</summary>
    public string? Message { get; init; }

    /// <summary>The run after the action; <see langword="null"/> when a request was ignored and no run was created.</summary>
    public SymRun? Run { get; init; }

    /// <summary>Whether the action took effect.</summary>
    public bool IsApplied => Status == SymActionStatus.Applied;

    internal static SymActionResult Applied(SymRun run, string? message = null) => new() { Status = SymActionStatus.Applied, Run = run, Message = message };

    internal static SymActionResult Ignored(SymRun? run, string message) => new() { Status = SymActionStatus.Ignored, Run = run, Message = message };

    internal static SymActionResult Failed(SymRun? run, string message) => new() { Status = SymActionStatus.Failed, Run = run, Message = message };
}
