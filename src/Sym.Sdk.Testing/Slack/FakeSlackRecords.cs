using System.Text.Json.Nodes;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Integrations.Slack.BlockKit;

namespace Sym.Sdk.Testing.Slack;

/// <summary>A message the fake received (posted, updated or shown ephemerally), as Slack would store it.</summary>
public sealed record FakeSlackMessage
{
    /// <summary>The conversation id.</summary>
    public required string ChannelId { get; init; }

    /// <summary>The message timestamp.</summary>
    public required string Ts { get; init; }

    /// <summary>The text.</summary>
    public required string Text { get; init; }

    /// <summary>The blocks (immutable), or <see langword="null"/>.</summary>
    public IReadOnlyList<SlackBlock>? Blocks { get; init; }

    /// <summary>The parent's timestamp for a thread reply, else <see langword="null"/>.</summary>
    public string? ThreadTs { get; init; }

    /// <summary>For an ephemeral message, the user who sees it; else <see langword="null"/>.</summary>
    public string? VisibleTo { get; init; }

    /// <summary>The metadata it was posted with (a copy), or <see langword="null"/>; updates keep it, as Slack does.</summary>
    public SlackMessageMetadata? Metadata { get; init; }

    /// <summary>The message's reference, to update it or reply to it.</summary>
    public SlackMessageRef Ref => new(ChannelId, Ts);

    /// <summary>The blocks as the JSON Slack would receive (empty when there are none), handy for assertions and snapshots.</summary>
    public string BlocksJson => Blocks is null ? string.Empty : SlackBlock.ToJson(Blocks);
}

/// <summary>A modal the fake opened or updated.</summary>
public sealed record FakeSlackView
{
    /// <summary>The view id.</summary>
    public required string Id { get; init; }

    /// <summary>The trigger id it was opened with, or <see langword="null"/> for an update.</summary>
    public string? TriggerId { get; init; }

    /// <summary>A copy of the view.</summary>
    public required JsonObject View { get; init; }

    /// <summary>The view's hash after this call.</summary>
    public required string Hash { get; init; }

    /// <summary>Whether this is an update (views.update) rather than an open (views.open).</summary>
    public bool IsUpdate { get; init; }
}

/// <summary>A channel of the fake workspace.</summary>
public sealed record FakeSlackChannel
{
    /// <summary>The channel id.</summary>
    public required string Id { get; init; }

    /// <summary>The channel name, without <c>#</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Whether the channel is private.</summary>
    public bool IsPrivate { get; init; }

    /// <summary>Whether the channel is archived.</summary>
    public bool IsArchived { get; init; }

    /// <summary>Whether the app is a member (it can post only where it is).</summary>
    public bool AppIsMember { get; init; } = true;
}
