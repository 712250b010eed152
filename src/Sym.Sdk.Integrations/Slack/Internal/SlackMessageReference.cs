namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// The text form of a posted request message that the engine keeps on the run (<c>SymRun.MessageReference</c>):
/// <c>slack:{channel}:{ts}</c>. Kept on the run, it survives a restart with a durable store, so the same message is
/// updated on every later decision.
/// </summary>
internal static class SlackMessageReference
{
    private const string Prefix = "slack:";

    public static string Format(SlackMessageRef message) => $"{Prefix}{message.ChannelId}:{message.Ts}";

    public static bool TryParse(string? reference, out SlackMessageRef message)
    {
        message = null!;
        if (reference is null || !reference.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> rest = reference.AsSpan(Prefix.Length);
        int colon = rest.IndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1 || !SlackIds.IsChannelId(rest[..colon]))
        {
            return false;
        }

        message = new SlackMessageRef(rest[..colon].ToString(), rest[(colon + 1)..].ToString());
        return true;
    }
}
