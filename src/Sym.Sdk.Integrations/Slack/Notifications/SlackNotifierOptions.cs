namespace Sym.Sdk.Integrations.Slack;

/// <summary>How <see cref="SlackNotifier"/> delivers the engine's messages to Slack.</summary>
public sealed class SlackNotifierOptions
{
    /// <summary>The largest <see cref="HistoryLookupMargin"/>: one day.</summary>
    internal static readonly TimeSpan MaxHistoryLookupMargin = TimeSpan.FromDays(1);

    /// <summary>
    /// How long one delivery attempt may take (resolving destinations, looking for an earlier post, posting, with the
    /// client's retries) before it counts as a transient failure (code <c>Slack:TIMEOUT</c>): the engine delivers the
    /// message again later, and the next attempt looks for a post this one may have made before posting. The default
    /// value is 30 seconds; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far before the outbox message's <see cref="Sym.Sdk.Runtime.SymOutboxMessage.CreatedAt"/> the look-up of an
    /// earlier post starts reading the conversation's history, to allow for clock skew between this host and Slack. A
    /// larger margin reads more history on a busy channel. The default value is 5 minutes; at most one day.
    /// </summary>
    public TimeSpan HistoryLookupMargin { get; set; } = TimeSpan.FromMinutes(5);
}
