namespace Sym.Sdk.Integrations.Slack;

/// <summary>A message as a conversation's history returns it (conversations.history).</summary>
public sealed record SlackHistoryMessage
{
    /// <summary>The message timestamp (its id in the conversation).</summary>
    public required string Ts { get; init; }

    /// <summary>The text (the fallback text of a message with blocks).</summary>
    public string? Text { get; init; }

    /// <summary>The user who posted it, if a user did (an app's messages carry its bot user).</summary>
    public string? UserId { get; init; }

    /// <summary>The bot that posted it, if a bot did.</summary>
    public string? BotId { get; init; }

    /// <summary>The parent's timestamp when the message belongs to a thread, else <see langword="null"/>.</summary>
    public string? ThreadTs { get; init; }

    /// <summary>The message's metadata, if it has some (the client asks Slack for all of it).</summary>
    public SlackMessageMetadata? Metadata { get; init; }
}
