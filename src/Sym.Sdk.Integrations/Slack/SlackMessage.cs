using Sym.Sdk.Integrations.Slack.BlockKit;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// A message to post or an update to one: text (also the notification and accessibility fallback when there are
/// blocks) and optional Block Kit blocks.
/// </summary>
public sealed record SlackMessage
{
    /// <summary>Creates a message.</summary>
    /// <param name="text">The text (mrkdwn), or the fallback text when <paramref name="blocks"/> are given.</param>
    /// <param name="blocks">The Block Kit blocks (see <see cref="SlackBlock"/>), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">Both the text and the blocks are empty.</exception>
    public SlackMessage(string text, IReadOnlyList<SlackBlock>? blocks = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 && (blocks is null || blocks.Count == 0))
        {
            throw new ArgumentException("A Slack message needs text or blocks.", nameof(text));
        }

        Text = text;
        Blocks = blocks;
    }

    /// <summary>The text, or the fallback text of the blocks.</summary>
    public string Text { get; }

    /// <summary>The Block Kit blocks, or <see langword="null"/> for a text message.</summary>
    public IReadOnlyList<SlackBlock>? Blocks { get; }

    /// <summary>The <c>ts</c> of the parent message to reply in a thread, or <see langword="null"/> for a top-level message.</summary>
    public string? ThreadTs { get; init; }

    /// <summary>Whether a thread reply is also shown in the channel. The default value is <see langword="false"/>.</summary>
    public bool ReplyBroadcast { get; init; }

    /// <summary>Whether Slack unfurls links in the text. The default value is <see langword="false"/>.</summary>
    public bool UnfurlLinks { get; init; }

    /// <summary>
    /// Metadata to attach when the message is posted (chat.postMessage), read back from the conversation's history
    /// (<see cref="ISlackClient.ListMessagesAsync"/>). The default value is <see langword="null"/>: none. Updates and
    /// ephemeral messages do not send it.
    /// </summary>
    public SlackMessageMetadata? Metadata { get; init; }

    /// <summary>Creates a text message.</summary>
    /// <param name="text">The text (mrkdwn).</param>
    /// <returns>The message.</returns>
    public static implicit operator SlackMessage(string text) => new(text);

    /// <summary>Creates a text message.</summary>
    /// <param name="text">The text (mrkdwn).</param>
    /// <returns>The message.</returns>
    public static SlackMessage FromText(string text) => new(text);
}
