using System.Text.Json;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>POST /requests: what to ask for.</summary>
internal sealed record CreateRequestBody
{
    public string? Flow { get; init; }

    public string? Target { get; init; }

    /// <summary>Duration text (<c>1h</c>) or seconds.</summary>
    public JsonElement? Duration { get; init; }

    public string? Reason { get; init; }

    public Dictionary<string, JsonElement>? Fields { get; init; }

    /// <summary>What the requester attaches for hooks to read (<c>AccessRequest.Context</c>): a JSON object.</summary>
    public JsonElement? Context { get; init; }
}

/// <summary>POST /requests/{id}/approve|deny|revoke|extension/deny: an optional reason.</summary>
internal sealed record DecisionBody
{
    public string? Reason { get; init; }
}

/// <summary>POST /requests/{id}/extend: how much longer (duration text such as <c>1h</c>, or seconds), and why.</summary>
internal sealed record ExtendBody
{
    public JsonElement? Duration { get; init; }

    public string? Reason { get; init; }
}

internal sealed record RunErrorResponse(string Step, string Code, string Message, DateTimeOffset Timestamp);

/// <summary>A run as the API shows it.</summary>
internal sealed record RunResponse
{
    public required string Id { get; init; }

    public required string Flow { get; init; }

    public required string State { get; init; }

    public required string Requester { get; init; }

    public string? Target { get; init; }

    public string? TargetLabel { get; init; }

    public required string Duration { get; init; }

    public required long DurationSeconds { get; init; }

    public string? Reason { get; init; }

    /// <summary>What the requester attached to the request (its <c>request</c> context), if anything.</summary>
    public JsonElement? Context { get; init; }

    public string? SourceChannel { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? PendingExpiresAt { get; init; }

    public required IReadOnlyList<string> Approvals { get; init; }

    public required IReadOnlyList<string> Denials { get; init; }

    public string? DecisionReason { get; init; }

    public DateTimeOffset? EscalatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? DeescalateType { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public required IReadOnlyList<RunErrorResponse> Errors { get; init; }

    public required long Version { get; init; }
}

/// <summary>The answer to an action: whether it took effect, what the actor was told, and the run.</summary>
/// <summary>An action's result; <paramref name="Error"/> when the action applied but a step it started failed (an approval whose grant failed).</summary>
internal sealed record ActionResponse(string Status, string? Message, RunResponse? Run, RunErrorResponse? Error = null);

/// <summary>A page of runs; <paramref name="Next"/> links to the following page when there is one (omitted otherwise).</summary>
internal sealed record RunListResponse(IReadOnlyList<RunResponse> Runs, string? Next = null);

internal sealed record AuditEntryResponse
{
    public required long Sequence { get; init; }

    public required string Step { get; init; }

    public required string Actor { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required string Outcome { get; init; }

    public string? Message { get; init; }

    public string? ErrorCode { get; init; }
}

internal sealed record AuditResponse(string RunId, IReadOnlyList<AuditEntryResponse> Entries);
