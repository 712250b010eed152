namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// The text form of a posted request message that the engine keeps on the run (<c>SymRun.MessageReference</c>):
/// <c>slack:{channel}:{ts}</c>, followed by <c>;dm:{channel}:{ts}</c> when the notifier also posted the requester's
/// "submitted" DM (a request made from Slack). Kept on the run, it survives a restart with a durable store, so the same
/// messages are updated on every later decision. A reference without the DM part (every reference written before it
/// existed) still reads as before.
/// </summary>
internal static class SlackMessageReference
{
    private const string Prefix = "slack:";
    private const string SubmittedPrefix = ";dm:";

    public static string Format(SlackMessageRef message, SlackMessageRef? submitted = null) => submitted is null
        ? $"{Prefix}{message.ChannelId}:{message.Ts}"
        : $"{Prefix}{message.ChannelId}:{message.Ts}{SubmittedPrefix}{submitted.ChannelId}:{submitted.Ts}";

    /// <summary>Reads the request message from a reference.</summary>
    public static bool TryParse(string? reference, out SlackMessageRef message)
    {
        message = null!;
        if (reference is null || !reference.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> rest = reference.AsSpan(Prefix.Length);
        int end = rest.IndexOf(SubmittedPrefix, StringComparison.Ordinal);
        return TryParseRef(end < 0 ? rest : rest[..end], out message);
    }

    /// <summary>Reads the requester's "submitted" DM from a reference, when the notifier posted one.</summary>
    public static bool TryParseSubmitted(string? reference, out SlackMessageRef message)
    {
        message = null!;
        if (reference is null || !reference.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        int start = reference.IndexOf(SubmittedPrefix, Prefix.Length, StringComparison.Ordinal);
        return start >= 0 && TryParseRef(reference.AsSpan(start + SubmittedPrefix.Length), out message);
    }

    private static bool TryParseRef(ReadOnlySpan<char> text, out SlackMessageRef message)
    {
        message = null!;
        int colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1 || !SlackIds.IsChannelId(text[..colon]) || text[(colon + 1)..].IndexOfAny(':', ';') >= 0)
        {
            return false;
        }

        message = new SlackMessageRef(text[..colon].ToString(), text[(colon + 1)..].ToString());
        return true;
    }
}
