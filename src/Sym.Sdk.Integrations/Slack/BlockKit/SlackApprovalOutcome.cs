namespace Sym.Sdk.Integrations.Slack;

/// <summary>What happened to a request, shown on its approval message once decided (the buttons are removed).</summary>
public sealed record SlackApprovalOutcome
{
    private SlackApprovalOutcome(SlackApprovalState state, string? actor, DateTimeOffset? until, string? note)
    {
        State = state;
        Actor = actor;
        Until = until;
        Note = note;
    }

    /// <summary>The state.</summary>
    public SlackApprovalState State { get; }

    /// <summary>Who decided, as mrkdwn (a mention or a name), or <see langword="null"/>.</summary>
    public string? Actor { get; }

    /// <summary>For <see cref="SlackApprovalState.Extended"/>, the new expiry.</summary>
    public DateTimeOffset? Until { get; }

    /// <summary>A note from the decider (for example the reason for a denial), or <see langword="null"/>.</summary>
    public string? Note { get; }

    /// <summary>Approved by someone.</summary>
    /// <param name="actor">Who approved.</param>
    /// <param name="note">An optional note.</param>
    /// <returns>The outcome.</returns>
    public static SlackApprovalOutcome ApprovedBy(string actor, string? note = null) =>
        new(SlackApprovalState.Approved, Check(actor), null, note);

    /// <summary>Denied by someone.</summary>
    /// <param name="actor">Who denied.</param>
    /// <param name="note">An optional reason.</param>
    /// <returns>The outcome.</returns>
    public static SlackApprovalOutcome DeniedBy(string actor, string? note = null) =>
        new(SlackApprovalState.Denied, Check(actor), null, note);

    /// <summary>Expired without a decision.</summary>
    /// <returns>The outcome.</returns>
    public static SlackApprovalOutcome Expired() => new(SlackApprovalState.Expired, null, null, null);

    /// <summary>The pending request was cancelled by someone (its requester, or an admin).</summary>
    /// <param name="actor">Who cancelled.</param>
    /// <returns>The outcome.</returns>
    public static SlackApprovalOutcome CancelledBy(string actor) => new(SlackApprovalState.Cancelled, Check(actor), null, null);

    /// <summary>The granted access was revoked by someone.</summary>
    /// <param name="actor">Who revoked.</param>
    /// <returns>The outcome.</returns>
    public static SlackApprovalOutcome RevokedBy(string actor) => new(SlackApprovalState.Revoked, Check(actor), null, null);

    /// <summary>The granted access was extended to a new expiry.</summary>
    /// <param name="until">The new expiry.</param>
    /// <param name="actor">Who extended it, or <see langword="null"/>.</param>
    /// <returns>The outcome.</returns>
    public static SlackApprovalOutcome ExtendedTo(DateTimeOffset until, string? actor = null) =>
        new(SlackApprovalState.Extended, actor, until, null);

    private static string Check(string actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return actor;
    }
}

/// <summary>The decided state of a request's approval message.</summary>
public enum SlackApprovalState
{
    /// <summary>Approved.</summary>
    Approved,

    /// <summary>Denied.</summary>
    Denied,

    /// <summary>Expired without a decision.</summary>
    Expired,

    /// <summary>Access revoked.</summary>
    Revoked,

    /// <summary>Access extended.</summary>
    Extended,

    /// <summary>Cancelled before a decision.</summary>
    Cancelled,
}
