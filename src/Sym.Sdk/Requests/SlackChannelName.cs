namespace Sym.Sdk.Requests;

/// <summary>A Slack channel by name (<c>#sym-requests</c> or <c>sym-requests</c>), resolved to an id when sending.</summary>
public sealed record SlackChannelName : RequestDestination
{
    /// <summary>The longest channel name Slack allows.</summary>
    public const int MaxLength = 80;

    /// <summary>Creates the destination.</summary>
    /// <param name="channelName">The channel name, with or without a leading <c>#</c>.</param>
    /// <exception cref="ArgumentException">The name is empty, holds white space, or is longer than <see cref="MaxLength"/>.</exception>
    public SlackChannelName(string channelName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelName);
        string name = channelName.StartsWith('#') ? channelName[1..] : channelName;
        if (name.Length is 0 or > MaxLength || name.AsSpan().ContainsAny(" \t\r\n#"))
        {
            throw new ArgumentException(
                $"'{channelName}' is not a Slack channel name (1 to {MaxLength} characters, no white space).", nameof(channelName));
        }

        ChannelName = name;
    }

    /// <summary>The channel name, without <c>#</c>.</summary>
    public string ChannelName { get; }

    private protected override string Describe() => "#" + ChannelName;
}
