using System.ComponentModel.DataAnnotations;

namespace Sym.Sdk.Integrations.PagerDuty;

/// <summary>
/// How to reach and authenticate to PagerDuty's REST API v2. Set <see cref="ApiToken"/>; the options are validated when
/// the host starts. In <c>appsettings.json</c> they usually live under <c>Sym:PagerDuty</c>.
/// </summary>
public sealed class PagerDutyOptions
{
    /// <summary>The default API address, <c>https://api.pagerduty.com/</c>.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.pagerduty.com/");

    /// <summary>
    /// A PagerDuty REST API key (a read-only key is enough), sent as <c>Authorization: Token token=…</c>. Required; never
    /// logged.
    /// </summary>
    [Required]
    public string ApiToken { get; set; } = string.Empty;

    /// <summary>
    /// The API's address. The default value is <c>https://api.pagerduty.com/</c>; EU accounts use the same address.
    /// Change it only for a proxy.
    /// </summary>
    [Required]
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>How many times a throttled (429) or transiently failed call is retried. The default value is 3.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// The longest the client waits for PagerDuty's rate limit to reset before retrying; a longer wait fails the call at
    /// once with <see cref="SymRateLimitedException"/> (code <c>PagerDuty:RATE_LIMITED</c>). The default value is 1 minute.
    /// </summary>
    public TimeSpan MaxRateLimitDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one attempt may take before it is abandoned (and retried). The default value is 30 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string ToString() => $"PagerDuty {BaseAddress} ({(string.IsNullOrWhiteSpace(ApiToken) ? "no API token" : "API token")})";
}
