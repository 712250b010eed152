namespace Sym.Sdk.Integrations.Slack;

/// <summary>How <see cref="SlackNotifier"/> delivers the engine's messages to Slack.</summary>
public sealed class SlackNotifierOptions
{
    /// <summary>
    /// How long announcing a request to one destination may take (resolving the destination and posting, with the
    /// client's retries) before it counts as a failed delivery and the engine forwards the request. The default value is
    /// 30 seconds.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
