namespace Sym.Sdk.Hosting.Internal.Slack;

/// <summary>
/// The host's Slack settings under <c>Sym:Slack</c> (the same section also binds <c>SlackOptions</c> and
/// <c>SlackInteractionOptions</c>). Slack is on when both the bot token and the signing secret are set.
/// </summary>
internal sealed class SlackHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sym:Slack";

    /// <summary>The bot token (<c>xoxb-…</c>).</summary>
    public string? BotToken { get; set; }

    /// <summary>The app's signing secret (Basic Information → App Credentials).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. The default value is 64 KB.</summary>
    public int MaxRequestBodySize { get; set; } = 64 * 1024;

    /// <summary>How many acknowledged interactions may wait for their background work. The default value is 256.</summary>
    public int BackgroundQueueCapacity { get; set; } = 256;

    /// <summary>How many interactions' background work runs at once. The default value is 4.</summary>
    public int BackgroundConcurrency { get; set; } = 4;

    /// <summary>
    /// How long the claim on a recorded delivery (the store's inbox) holds while it is processed: after a crash, the
    /// recovery service processes it again this long after it was received or last claimed. Longer than the slowest
    /// processing (a click runs the strategy's escalate), or a slow delivery may be processed twice (harmless: the engine
    /// ignores the second, a submission makes one request). The default value is 2 minutes.
    /// </summary>
    public TimeSpan InboxLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the recovery service looks for recorded deliveries whose claim lapsed. The default value is 5 seconds.</summary>
    public TimeSpan InboxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many times a recorded delivery is processed before the host gives up on it (logged as an error, and marked
    /// processed so it never runs again): a delivery that keeps crashing or hanging the host must not do so forever. On
    /// the last attempt a failure that could pass is told to the person instead of retried. The default value is 5.
    /// </summary>
    public int InboxMaxAttempts { get; set; } = 5;

    /// <summary>
    /// How long processed deliveries stay in the inbox, so the same delivery received again (a retry, a replay of the
    /// signed request) is recognised and not processed twice. At least Slack's 5-minute signature window, since a replay
    /// older than that fails verification anyway. Purged hourly. The default value is 1 day.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Whether the configuration section turns Slack on.</summary>
    public static bool IsConfigured(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{Section}:{nameof(BotToken)}"])
        && !string.IsNullOrWhiteSpace(configuration[$"{Section}:{nameof(SigningSecret)}"]);
}
