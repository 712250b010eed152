using Sym.Sdk.Requests;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Runtime;

/// <summary>
/// A snapshot of one request's run, as the store keeps it. Immutable: every transition makes a new snapshot with a higher
/// <see cref="Version"/> (optimistic concurrency).
/// </summary>
public sealed record SymRun
{
    /// <summary>The run's id.</summary>
    public required string Id { get; init; }

    /// <summary>The store version: 1 when created, one more on every update.</summary>
    public long Version { get; init; }

    /// <summary>The flow's name.</summary>
    public required string Flow { get; init; }

    /// <summary>Where the run is in its lifecycle.</summary>
    public SymRunState State { get; init; }

    /// <summary>Who asked for access.</summary>
    public required User Requester { get; init; }

    /// <summary>The requested target, if the flow has targets.</summary>
    public AccessTarget? Target { get; init; }

    /// <summary>How long access is granted for.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The request's field values, as hooks and strategies see them.</summary>
    public EventFields Fields { get; init; } = EventFields.Empty;

    /// <summary>Where the request came from, for example <c>slack</c> or <c>api</c>.</summary>
    public string? SourceChannel { get; init; }

    /// <summary>When the request was made.</summary>
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>When the pending request expires if nobody decides.</summary>
    public DateTimeOffset? PendingExpiresAt { get; init; }

    /// <summary>Who acted at each step so far, by step name.</summary>
    public IReadOnlyDictionary<string, User> Actors { get; init; } = EmptyDictionary<User>.Instance;

    /// <summary>The strategy's output for each step that produced one (<c>escalate</c>, <c>deescalate</c>).</summary>
    public IReadOnlyDictionary<string, StrategyOutput> Outputs { get; init; } = EmptyDictionary<StrategyOutput>.Instance;

    /// <summary>
    /// Context recorded for each step so far, by step name (Sym's <c>run.contexts</c>): the requester's
    /// <see cref="AccessRequest.Context"/> under <c>request</c>. Hooks read it with <c>Event.GetContext</c>.
    /// </summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement> Contexts { get; init; } = EmptyDictionary<System.Text.Json.JsonElement>.Instance;

    /// <summary>Who may approve or deny, computed when the request was made.</summary>
    public RequestPermission? Permission { get; init; }

    /// <summary>Where the request is announced, in order.</summary>
    public IReadOnlyList<Notification> Notifications { get; init; } = [];

    /// <summary>Whether a failed delivery moves the request to the next notification.</summary>
    public bool ForwardOnDeliveryFailure { get; init; } = true;

    /// <summary>The index in <see cref="Notifications"/> of where the request is announced now.</summary>
    public int NotificationIndex { get; init; }

    /// <summary>The notifier's reference to the request message (for example a Slack channel and timestamp), if any.</summary>
    public string? MessageReference { get; init; }

    /// <summary>Who approved so far (a quorum may need several).</summary>
    public IReadOnlyList<User> Approvals { get; init; } = [];

    /// <summary>Who denied so far.</summary>
    public IReadOnlyList<User> Denials { get; init; } = [];

    /// <summary>Why the request was decided as it was (a hook's reason), if given.</summary>
    public string? DecisionReason { get; init; }

    /// <summary>When access was granted.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>When access ends; <see langword="null"/> when the flow does not schedule deescalation.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Why access is being or was revoked: <c>scheduled</c>, <c>revoke</c>, <c>relinquish</c> or <c>compensate</c>.</summary>
    public string? DeescalateType { get; init; }

    /// <summary>How many deescalate attempts have failed so far.</summary>
    public int DeescalateFailures { get; init; }

    /// <summary>Whether escalation failed (the run ends <see cref="SymRunState.Errored"/>).</summary>
    public bool EscalationFailed { get; init; }

    /// <summary>An extension the requester asked for that awaits approval, if any.</summary>
    public TimeSpan? PendingExtension { get; init; }

    /// <summary>How many extensions were approved.</summary>
    public int ExtensionCount { get; init; }

    /// <summary>When the run reached a final state.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>
    /// Errors recorded on the run, oldest first. Bounded: the first 10 and the latest 40 are kept, and the ones between
    /// are counted in <see cref="DroppedErrorCount"/> (every error is still in the audit log and was reported).
    /// </summary>
    public IReadOnlyList<SymRunError> Errors { get; init; } = [];

    /// <summary>How many errors were dropped from the middle of <see cref="Errors"/> to keep it bounded.</summary>
    public int DroppedErrorCount { get; init; }

    /// <summary>Whether the run reached a final state.</summary>
    public bool IsFinal => State is SymRunState.Ended or SymRunState.Denied or SymRunState.Expired or SymRunState.Cancelled
        or SymRunState.Errored or SymRunState.Approved;
}
