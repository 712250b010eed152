namespace Sym.Sdk.Runtime;

/// <summary>What a notification is: the kind of a <see cref="SymOutboxMessage"/>, and of what the test harness records.</summary>
public enum SymNotificationKind
{
    /// <summary>Announce a pending request to approvers at a destination.</summary>
    Announce = 0,

    /// <summary>Update the request message after a change (approved by X, denied, expired, access granted, revoked, …).</summary>
    Update = 1,

    /// <summary>Tell the requester (a DM) that their request was decided, or that access was granted or ended.</summary>
    Requester = 2,

    /// <summary>
    /// Tell an actor that their action was ignored, and why. The engine sends none: it answers the actor in the action's
    /// <see cref="SymActionResult"/>, and the front end (the API, the Slack handler) shows it where the actor acted. The
    /// test harness records these answers under this kind.
    /// </summary>
    Ignored = 3,

    /// <summary>Post an error to a flow's error channel.</summary>
    Error = 4,

    /// <summary>
    /// A message the flow's own code sent (a hook calling <c>SlackMessenger.SendMessageAsync</c>, Sym's
    /// <c>slack.send_message</c>). The engine sends none; the test harness records these under this kind, beside the
    /// engine's own messages.
    /// </summary>
    HookMessage = 5,
}
