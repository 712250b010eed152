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

    /// <summary>Whether the configuration section turns Slack on.</summary>
    public static bool IsConfigured(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{Section}:{nameof(BotToken)}"])
        && !string.IsNullOrWhiteSpace(configuration[$"{Section}:{nameof(SigningSecret)}"]);
}
