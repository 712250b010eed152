using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing;

/// <summary>One message an <see cref="InMemoryNotifier"/> or a <see cref="SymFlowHarness"/> received.</summary>
public sealed record SymNotificationRecord
{
    /// <summary>Which call.</summary>
    public required SymNotificationKind Kind { get; init; }

    /// <summary>The run's id, if any.</summary>
    public string? RunId { get; init; }

    /// <summary>The destination of an announcement.</summary>
    public RequestDestination? Destination { get; init; }

    /// <summary>Whether an announcement was delivered.</summary>
    public bool Delivered { get; init; }

    /// <summary>The update, for <see cref="SymNotificationKind.Update"/> and <see cref="SymNotificationKind.Requester"/>.</summary>
    public SymRunUpdate? Update { get; init; }

    /// <summary>Who was told, for <see cref="SymNotificationKind.Ignored"/> (the actor), <see cref="SymNotificationKind.Requester"/>, and a hook's DM (by the Slack user's email).</summary>
    public User? Recipient { get; init; }

    /// <summary>The message: why an action was ignored, the error's text, or a hook message's text.</summary>
    public string? Message { get; init; }

    /// <summary>The error channel, for <see cref="SymNotificationKind.Error"/>; the conversation (<c>#channel</c>, a Slack user id for a DM), for <see cref="SymNotificationKind.HookMessage"/>.</summary>
    public string? Channel { get; init; }

    /// <summary>The error, for <see cref="SymNotificationKind.Error"/>.</summary>
    public SymErrorReport? Error { get; init; }

    /// <summary>
    /// Who sent the message: <see cref="SymMessageOrigin.Engine"/> (announcements, updates, DMs, ignored-action replies,
    /// errors) or <see cref="SymMessageOrigin.Hook"/> (the flow's own code posting to Slack; <see cref="Kind"/> is then
    /// <see cref="SymNotificationKind.HookMessage"/>, <see cref="Channel"/> the conversation and <see cref="Message"/> the
    /// text). The default value is <see cref="SymMessageOrigin.Engine"/>.
    /// </summary>
    public SymMessageOrigin Origin { get; init; }
}
