namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// The Slack interaction being handled on this async flow: who acted and in which conversation. The interaction handler
/// sets it around its engine call, so the notifier shows "ignored" answers as an ephemeral message where the person
/// clicked, and the handler knows whether they were told.
/// </summary>
internal sealed class SlackInteractionScope
{
    private static readonly AsyncLocal<SlackInteractionScope?> CurrentScope = new();

    private SlackInteractionScope(string userId, string? channelId)
    {
        UserId = userId;
        ChannelId = channelId;
    }

    public static SlackInteractionScope? Current => CurrentScope.Value;

    /// <summary>The Slack user who acted.</summary>
    public string UserId { get; }

    /// <summary>The conversation they acted in, if known.</summary>
    public string? ChannelId { get; }

    /// <summary>Whether the notifier told the user why their action was ignored.</summary>
    public bool UserNotified { get; set; }

    /// <summary>
    /// Whether the user is submitting a request from Slack: the notifier then posts their "submitted" DM with the
    /// announcement, so its reference is kept on the run.
    /// </summary>
    public bool SubmittingRequest { get; set; }

    public static Lease Enter(string userId, string? channelId)
    {
        SlackInteractionScope? previous = CurrentScope.Value;
        var scope = new SlackInteractionScope(userId, channelId);
        CurrentScope.Value = scope;
        return new Lease(scope, previous);
    }

    internal readonly struct Lease(SlackInteractionScope scope, SlackInteractionScope? previous) : IDisposable
    {
        public SlackInteractionScope Scope => scope;

        public void Dispose() => CurrentScope.Value = previous;
    }
}
