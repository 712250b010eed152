namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>Recognises Slack ids by their shape: a prefix letter followed by upper-case letters and digits.</summary>
internal static class SlackIds
{
    public static bool IsUserId(ReadOnlySpan<char> s) => s.Length >= 3 && s[0] is 'U' or 'W' && IsIdTail(s[1..]);

    public static bool IsChannelId(ReadOnlySpan<char> s) => s.Length >= 3 && s[0] is 'C' or 'D' or 'G' && IsIdTail(s[1..]);

    public static bool IsUserGroupId(ReadOnlySpan<char> s) => s.Length >= 3 && s[0] == 'S' && IsIdTail(s[1..]);

    private static bool IsIdTail(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
