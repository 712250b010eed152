using System.Text.Json.Nodes;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// Slack message metadata: an app's structured data attached to a message it posts (chat.postMessage's <c>metadata</c>),
/// invisible to people and read back from the conversation's history. <see cref="SlackNotifier"/> tags every message it
/// posts with one, so a retried delivery can find what an earlier attempt posted instead of posting it twice.
/// </summary>
public sealed record SlackMessageMetadata
{
    /// <summary>Creates metadata.</summary>
    /// <param name="eventType">The event type: a short, human-readable, alphanumeric name, for example <c>sym_message</c>.</param>
    /// <param name="eventPayload">The payload: an object of strings, numbers and booleans (and objects of them).</param>
    /// <exception cref="ArgumentException"><paramref name="eventType"/> is empty.</exception>
    public SlackMessageMetadata(string eventType, JsonObject eventPayload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(eventPayload);
        EventType = eventType;
        EventPayload = eventPayload;
    }

    /// <summary>The event type, for example <c>sym_message</c>.</summary>
    public string EventType { get; }

    /// <summary>The payload. Treat as read-only once posted.</summary>
    public JsonObject EventPayload { get; }

    /// <summary>The payload's value named <paramref name="name"/> when it is a string, else <see langword="null"/>.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The string, or <see langword="null"/>.</returns>
    public string? GetString(string name) =>
        EventPayload[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
