using Sym.Sdk.Requests;

namespace Sym.Sdk.Runtime;

/// <summary>
/// A notification a step committed (see <see cref="SymRunTransition.Messages"/>), kept in the store's outbox until the
/// engine's dispatcher delivers it through the <see cref="ISymNotifier"/>: announce a request, update its message, tell
/// the requester, or report an error. Delivered after the commit, outside the run's lock, and retried until delivered, so
/// a crash never loses one and a slow chat service never blocks a run.
/// </summary>
/// <remarks>
/// The messages of one run are delivered one at a time, in the order they were committed. <see cref="Id"/> stays the same
/// across attempts: a notifier that can look up whether an earlier attempt already reached its destination (an attempt
/// after the first, <see cref="Attempts"/> &gt; 1, may have) uses it to avoid posting twice.
/// </remarks>
public sealed record SymOutboxMessage
{
    /// <summary>The message's id, unique in the store and stable across delivery attempts.</summary>
    public required string Id { get; init; }

    /// <summary>What to deliver: <see cref="SymNotificationKind.Announce"/>, <see cref="SymNotificationKind.Update"/>,
    /// <see cref="SymNotificationKind.Requester"/> or <see cref="SymNotificationKind.Error"/>.</summary>
    public required SymNotificationKind Kind { get; init; }

    /// <summary>The run the message is about (its messages are delivered in order), or <see langword="null"/>.</summary>
    public string? RunId { get; init; }

    /// <summary>
    /// The run as the step that sent the message left it. When delivering an update, the dispatcher passes the latest
    /// <see cref="SymRun.MessageReference"/> on it (the announcement may have been delivered after the step).
    /// </summary>
    public SymRun? Run { get; init; }

    /// <summary>Where to announce the request (<see cref="SymNotificationKind.Announce"/>).</summary>
    public RequestDestination? Destination { get; init; }

    /// <summary>The index in <see cref="SymRun.Notifications"/> being announced (<see cref="SymNotificationKind.Announce"/>).</summary>
    public int NotificationIndex { get; init; }

    /// <summary>What happened (<see cref="SymNotificationKind.Update"/> and <see cref="SymNotificationKind.Requester"/>).</summary>
    public SymRunUpdate? Update { get; init; }

    /// <summary>The error channel (<see cref="SymNotificationKind.Error"/>).</summary>
    public string? Channel { get; init; }

    /// <summary>The error, secrets redacted (<see cref="SymNotificationKind.Error"/>).</summary>
    public SymErrorReport? Error { get; init; }

    /// <summary>When the step committed the message.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the message may be delivered next (later than <see cref="CreatedAt"/> after a failed attempt).</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>How many delivery attempts have started: the store counts one on each claim, so 1 on the first delivery.</summary>
    public int Attempts { get; init; }

    /// <summary>Why the last attempt failed, if it did.</summary>
    public string? LastError { get; init; }

    /// <summary>Set by the store when a dispatcher claims the message; completing or retrying needs it.</summary>
    public long ClaimToken { get; init; }

    /// <summary>Until when the claim holds; after that another dispatcher may claim the message again.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>The key the messages of one run are ordered under: <see cref="RunId"/>, or the message's own id.</summary>
    public string OrderKey => RunId ?? Id;
}
