namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// A verified request from Slack whose slow part is still to do, as <see cref="SlackInteractionHandler.ProcessAsync"/>
/// takes it: where it arrived and its raw body. A host that records deliveries before acknowledging them (the
/// Sym.Sdk.Hosting inbox) builds one from what it stored, so a delivery acknowledged before a crash is processed after it.
/// </summary>
public sealed record SlackDelivery
{
    /// <summary>
    /// Where it arrived: <see cref="SlackInteractionHandler.CommandSource"/> (a slash command) or
    /// <see cref="SlackInteractionHandler.InteractionSource"/> (a modal submission or a button click).
    /// </summary>
    public required string Source { get; init; }

    /// <summary>The raw <c>application/x-www-form-urlencoded</c> body, exactly as received and verified.</summary>
    public required string Body { get; init; }

    /// <summary>
    /// Which attempt at processing this is, counting from 1 (an inbox item's attempts). After the first, an earlier
    /// attempt may have acted before it died: an action the engine then answers as already done by the same person
    /// since <see cref="ReceivedAt"/> is not reported to them again. The default value is 1.
    /// </summary>
    public int Attempt { get; init; } = 1;

    /// <summary>When the delivery was received, or <see langword="null"/> when unknown. The default value is <see langword="null"/>.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>
    /// Whether the caller will process the delivery again if <see cref="SlackInteractionHandler.ProcessAsync"/> throws:
    /// a failure that may pass (the store or Slack unavailable) is then thrown, and the person is told nothing yet.
    /// Otherwise every failure is logged and told to the person. The default value is <see langword="false"/>.
    /// </summary>
    public bool CanRetry { get; init; }
}
