namespace Sym.Sdk.Runtime;

/// <summary>
/// Something a front end received and acknowledged before processing it (a verified Slack interaction, say), kept in the
/// store's inbox so a crash after the acknowledgement loses nothing: see <see cref="ISymInbox"/>.
/// </summary>
public sealed record SymInboxItem
{
    /// <summary>
    /// The item's id and de-duplication key: the same delivery received twice (a retry, a replay) has the same id, for
    /// example a hash of the verified body.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>Where it came from and how to process it, for example <c>slack/interactions</c>.</summary>
    public required string Source { get; init; }

    /// <summary>What was received, as the front end needs it to process the item again.</summary>
    public required string Body { get; init; }

    /// <summary>When it was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>How many times processing has started (one per claim).</summary>
    public int Attempts { get; init; }

    /// <summary>Set by the store when a processor claims the item.</summary>
    public long ClaimToken { get; init; }

    /// <summary>Until when the claim holds; after that the item may be claimed again.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>When processing finished, or <see langword="null"/> while it has not.</summary>
    public DateTimeOffset? ProcessedAt { get; init; }
}
