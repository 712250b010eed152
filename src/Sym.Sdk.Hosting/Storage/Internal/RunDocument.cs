using System.Text.Json;
using System.Text.Json.Serialization;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Hosting.Storage.Internal;

// The JSON shape of a stored run: plain data types the source generator serializes without reflection. The model types
// (User, EventFields, RequestDestination, …) validate in constructors and hide their state, so they are mapped to and
// from these by RunDocuments rather than serialized directly. Adding a property is compatible in both directions
// (missing properties read as their defaults, which equal SymRun's); renaming or removing one needs a migration.

internal sealed class RunDocument
{
    public required string Id { get; init; }

    public long Version { get; init; }

    public required string Flow { get; init; }

    public SymRunState State { get; init; }

    public required UserDocument Requester { get; init; }

    public TargetDocument? Target { get; init; }

    public TimeSpan Duration { get; init; }

    public Dictionary<string, JsonElement>? Fields { get; init; }

    public TargetDocument? FieldsTarget { get; init; }

    public string? SourceChannel { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? PendingExpiresAt { get; init; }

    public Dictionary<string, UserDocument>? Actors { get; init; }

    public Dictionary<string, OutputDocument>? Outputs { get; init; }

    public PermissionDocument? Permission { get; init; }

    public Dictionary<string, JsonElement>? Contexts { get; init; }

    public List<NotificationDocument>? Notifications { get; init; }

    public bool ForwardOnDeliveryFailure { get; init; } = true;

    public int NotificationIndex { get; init; }

    public string? MessageReference { get; init; }

    public List<UserDocument>? Approvals { get; init; }

    public List<UserDocument>? Denials { get; init; }

    public string? DecisionReason { get; init; }

    public DateTimeOffset? EscalatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? DeescalateType { get; init; }

    public int DeescalateFailures { get; init; }

    public bool EscalationFailed { get; init; }

    public TimeSpan? PendingExtension { get; init; }

    public int ExtensionCount { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public List<ErrorDocument>? Errors { get; init; }

    public int DroppedErrorCount { get; init; }
}

internal sealed class UserDocument
{
    public string? Id { get; init; }

    public string? Srn { get; init; }

    public required string Username { get; init; }

    /// <summary>Only when it differs from the username (a user's email defaults to it).</summary>
    public string? Email { get; init; }

    public string? Type { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    /// <summary>Only when it differs from the name made of first and last name (the default).</summary>
    public string? Name { get; init; }

    public string? Role { get; init; }

    public List<IdentityDocument>? Identities { get; init; }
}

internal sealed class IdentityDocument
{
    public required string Service { get; init; }

    public string? ServiceId { get; init; }

    public string? UserId { get; init; }

    public string? Email { get; init; }
}

internal sealed class TargetDocument
{
    public string? Srn { get; init; }

    public required string Name { get; init; }

    public string? Label { get; init; }

    public string? Type { get; init; }

    public Dictionary<string, string>? Settings { get; init; }
}

internal sealed class OutputDocument
{
    public StrategyOutcome Outcome { get; init; }

    public string? Message { get; init; }

    public Dictionary<string, string>? Data { get; init; }
}

internal sealed class PermissionDocument
{
    public string? Level { get; init; }

    public List<string>? UserIds { get; init; }

    public bool AllowSelfApproval { get; init; }

    public string? ViewLevel { get; init; }

    public List<string>? ViewUserIds { get; init; }
}

internal sealed class NotificationDocument
{
    public required List<DestinationDocument> Destinations { get; init; }

    public TimeSpan? Timeout { get; init; }
}

/// <summary>One <c>RequestDestination</c>; <see cref="Kind"/> says which, and which other properties are set.</summary>
internal sealed class DestinationDocument
{
    public required string Kind { get; init; }

    public bool AllowSelf { get; init; }

    public TimeSpan? Timeout { get; init; }

    public string? UserId { get; init; }

    public string? ChannelId { get; init; }

    public string? ChannelName { get; init; }

    public List<string>? UserIds { get; init; }

    public string? Email { get; init; }

    public string? Name { get; init; }

    public List<DestinationDocument>? Destinations { get; init; }

    public bool? ContinueOnDeliveryFailure { get; init; }

    public bool? ContinueOnTimeout { get; init; }
}

internal sealed class ErrorDocument
{
    public required string Step { get; init; }

    public required string Code { get; init; }

    public required string Message { get; init; }

    public required string Source { get; init; }

    public DateTimeOffset Timestamp { get; init; }
}

/// <summary>An outbox message without its run snapshot (stored beside it): what to deliver, and where.</summary>
internal sealed class MessageDocument
{
    public DestinationDocument? Destination { get; init; }

    public int NotificationIndex { get; init; }

    public UpdateDocument? Update { get; init; }

    public string? Channel { get; init; }

    public ErrorReportDocument? Error { get; init; }
}

internal sealed class UpdateDocument
{
    public SymRunUpdateKind Kind { get; init; }

    public UserDocument? Actor { get; init; }

    public string? Message { get; init; }
}

internal sealed class ErrorReportDocument
{
    public required string Flow { get; init; }

    public string? RunId { get; init; }

    public required ErrorDocument Error { get; init; }

    public UserDocument? Requester { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RunDocument))]
[JsonSerializable(typeof(MessageDocument))]
internal sealed partial class RunJsonContext : JsonSerializerContext;
