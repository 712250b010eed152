using System.ComponentModel.DataAnnotations;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>Settings of the Slack integration, validated at startup.</summary>
public sealed class SlackOptions
{
    /// <summary>The bot token (<c>xoxb-…</c>). Required. Sent only in the Authorization header and never logged.</summary>
    [Required]
    public string BotToken { get; set; } = string.Empty;

    /// <summary>The Web API base address. The default value is <c>https://slack.com/api/</c>.</summary>
    [Required]
    public Uri BaseAddress { get; set; } = new("https://slack.com/api/");

    /// <summary>
    /// How many times a throttled (HTTP 429), failed (HTTP 5xx) or unreachable call is retried. The default value is 3.
    /// Other errors are never retried.
    /// </summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The base delay of the exponential back-off for 5xx and network errors. The default value is 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The page size of list calls (Slack recommends 100 to 200, allows up to 1000). The default value is 200.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 200;

    /// <summary>How long resolved names, emails and DM channels are cached. The default value is 10 minutes.</summary>
    public TimeSpan ResolveCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a Slack user's profile (users.info: email, name, guest and bot flags) is reused when mapping the person
    /// behind a click or a submitted form to a Sym user. The default value is 5 minutes; <see cref="TimeSpan.Zero"/>
    /// turns the cache off.
    /// </summary>
    /// <remarks>
    /// Up to 10,000 users are kept. Concurrent lookups of one user make one call; failed lookups (including
    /// <c>user_not_found</c>) are never cached. A change to someone's email or guest status is seen after at most this long.
    /// </remarks>
    public TimeSpan UserCacheDuration { get; set; } = TimeSpan.FromMinutes(5);
}
