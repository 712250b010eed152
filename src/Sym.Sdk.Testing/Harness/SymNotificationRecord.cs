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

    /// <summary>Who was told, for <see cref="SymNotificationKind.Ignored"/> (the actor) and <see cref="SymNotificationKind.Requester"/>.</summary>
    public User? Recipient { get; init; }

    /// <summary>The message: why an action was ignored, or the error's text.</summary>
    public string? Message { get; init; }

    /// <summary>The error channel, for <see cref="SymNotificationKind.Error"/>.</summary>
    public string? Channel { get; init; }

    /// <summary>The error, for <see cref="SymNotificationKind.Error"/>.</summary>
    public SymErrorReport? Error { get; init; }
}
