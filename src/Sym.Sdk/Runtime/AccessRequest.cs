using System.Text.Json;

namespace Sym.Sdk.Runtime;

/// <summary>A request for access, as <see cref="SymEngine.RequestAsync"/> receives it from Slack, an API or a test.</summary>
public sealed record AccessRequest
{
    /// <summary>The flow's name, for example <c>custom_access</c>.</summary>
    public required string Flow { get; init; }

    /// <summary>Who asks for access.</summary>
    public required User Requester { get; init; }

    /// <summary>The target's name, when the flow has targets.</summary>
    public string? Target { get; init; }

    /// <summary>How long access is wanted; else the request's <c>duration</c> field.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Why access is wanted; else the request's <c>reason</c> field.</summary>
    public string? Reason { get; init; }

    /// <summary>The values of the flow's other prompt fields, by name. Build values with <see cref="SymFieldValue"/>.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Fields { get; init; }

    /// <summary>Where the request comes from, for example <c>slack</c> or <c>api</c>. The default value is <c>api</c>.</summary>
    public string SourceChannel { get; init; } = "api";
}
