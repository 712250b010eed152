namespace Sym.Sdk.Integrations.Slack;

/// <summary>Where a posted message lives: its channel and timestamp, the pair Slack uses to update it or reply to it.</summary>
/// <param name="ChannelId">The channel id.</param>
/// <param name="Ts">The message timestamp (its id in the channel).</param>
public sealed record SlackMessageRef(string ChannelId, string Ts);
