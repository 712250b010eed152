namespace Sym.Sdk.Requests;

/// <summary>A Slack channel by id: <c>C…</c> (public), <c>G…</c> (private or group) or <c>D…</c> (DM).</summary>
public sealed record SlackChannelId : RequestDestination
{
    /// <summary>Creates the destination.</summary>
    /// <param name="channelId">The channel id, for example <c>C0123456789</c>.</param>
    /// <exception cref="ArgumentException">The id does not start with C, D or G followed by upper-case letters and digits.</exception>
    public SlackChannelId(string channelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        if (!IsSlackId(channelId, 'C', 'D', 'G'))
        {
            throw new ArgumentException(
                $"'{channelId}' is not a Slack channel id (C…, D… or G… followed by upper-case letters and digits). Use SlackChannelName for a name.",
                nameof(channelId));
        }

        ChannelId = channelId;
    }

    /// <summary>The channel id.</summary>
    public string ChannelId { get; }

    private protected override string Describe() => "<#" + ChannelId + ">";
}
