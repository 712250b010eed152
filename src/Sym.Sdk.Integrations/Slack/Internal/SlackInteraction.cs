using System.Text.Json;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// An interactivity payload (the JSON in the <c>payload=</c> form field). <see cref="SlackBlockActions"/> and
/// <see cref="SlackViewSubmission"/> carry their own fields; other types keep everything in <see cref="Raw"/>.
/// </summary>
internal record SlackInteraction
{
    /// <summary>The payload type, for example <c>block_actions</c> or <c>view_submission</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The user who interacted.</summary>
    public required SlackInteractionUser User { get; init; }

    /// <summary>The workspace id, if given.</summary>
    public string? TeamId { get; init; }

    /// <summary>The app id, if given.</summary>
    public string? ApiAppId { get; init; }

    /// <summary>The trigger id, to open a modal within 3 seconds, if given.</summary>
    public string? TriggerId { get; init; }

    /// <summary>The whole payload, for fields not modelled here.</summary>
    public JsonElement Raw { get; init; }
}

/// <summary>The user of an interactivity payload.</summary>
/// <param name="Id">The user id.</param>
/// <param name="UserName">The handle, if given.</param>
/// <param name="TeamId">The user's workspace, if given.</param>
internal sealed record SlackInteractionUser(string Id, string? UserName, string? TeamId);

/// <summary>Someone clicked a button or chose from a menu in a message or view (<c>block_actions</c>).</summary>
internal sealed record SlackBlockActions : SlackInteraction
{
    /// <summary>The actions (normally one).</summary>
    public IReadOnlyList<SlackAction> Actions { get; init; } = [];

    /// <summary>The channel of the message, if the action came from a message.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The timestamp of the message, if the action came from a message.</summary>
    public string? MessageTs { get; init; }

    /// <summary>The message the action came from, as a reference to update it, or <see langword="null"/>.</summary>
    public SlackMessageRef? Message => ChannelId is not null && MessageTs is not null ? new SlackMessageRef(ChannelId, MessageTs) : null;

    /// <summary>Where to post responses, if given.</summary>
    public Uri? ResponseUrl { get; init; }

    /// <summary>The id of the view the action came from, if any.</summary>
    public string? ViewId { get; init; }
}

/// <summary>One action of a <see cref="SlackBlockActions"/> payload.</summary>
internal sealed record SlackAction
{
    /// <summary>The action id, for example <c>sym_approve</c>.</summary>
    public required string ActionId { get; init; }

    /// <summary>The block id.</summary>
    public string? BlockId { get; init; }

    /// <summary>The element type, for example <c>button</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The value: a button's value, or the value of a selected option.</summary>
    public string? Value { get; init; }

    /// <summary>When the action happened (Slack's timestamp text).</summary>
    public string? ActionTs { get; init; }
}

/// <summary>Someone submitted a modal (<c>view_submission</c>).</summary>
internal sealed record SlackViewSubmission : SlackInteraction
{
    /// <summary>The view id.</summary>
    public required string ViewId { get; init; }

    /// <summary>The view's callback id, for example <c>sym_request</c>.</summary>
    public string? CallbackId { get; init; }

    /// <summary>The private metadata the view was opened with.</summary>
    public string? PrivateMetadata { get; init; }

    /// <summary>The view's hash.</summary>
    public string? Hash { get; init; }

    /// <summary>The input values: <c>view.state.values</c>, keyed by block id then action id.</summary>
    public JsonElement StateValues { get; init; }
}
