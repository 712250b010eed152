namespace Sym.Sdk.Runtime;

/// <summary>An error reported to a flow's error channel. Secrets are redacted.</summary>
public sealed record SymErrorReport
{
    /// <summary>The flow's name.</summary>
    public required string Flow { get; init; }

    /// <summary>The run, if the error belongs to one.</summary>
    public string? RunId { get; init; }

    /// <summary>The error as recorded on the run.</summary>
    public required SymRunError Error { get; init; }

    /// <summary>The requester, if known.</summary>
    public User? Requester { get; init; }
}
