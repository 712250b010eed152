namespace Sym.Sdk.Integrations.Slack;

/// <summary>A Slack conversation (channel, private channel, DM or group DM) as conversations.list returns it.</summary>
public sealed record SlackConversation
{
    /// <summary>The conversation id (<c>C…</c>, <c>G…</c> or <c>D…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The channel name without <c>#</c>, or <see langword="null"/> for a DM.</summary>
    public string? Name { get; init; }

    /// <summary>Whether the channel is private.</summary>
    public bool IsPrivate { get; init; }

    /// <summary>Whether the channel is archived.</summary>
    public bool IsArchived { get; init; }

    /// <summary>Whether the app is a member.</summary>
    public bool IsMember { get; init; }
}
