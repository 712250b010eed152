namespace Sym.Sdk.Runtime;

/// <summary>Which audit entries to read. Every set property narrows the result; unset reads all.</summary>
public sealed record SymAuditQuery
{
    /// <summary>Only this run.</summary>
    public string? RunId { get; init; }

    /// <summary>Only entries this user caused, or that are about runs this user requested (username, case-insensitive).</summary>
    public string? User { get; init; }

    /// <summary>Only this target's name.</summary>
    public string? Target { get; init; }

    /// <summary>Only this flow.</summary>
    public string? Flow { get; init; }

    /// <summary>Only this step or action.</summary>
    public string? Step { get; init; }

    /// <summary>Only this outcome.</summary>
    public SymAuditOutcome? Outcome { get; init; }

    /// <summary>Only entries at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only entries before this time.</summary>
    public DateTimeOffset? Until { get; init; }
}
