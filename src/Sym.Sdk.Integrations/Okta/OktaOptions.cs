using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Sym.Sdk.Integrations.Okta;

/// <summary>
/// How to reach and authenticate to an Okta org. Set <see cref="Domain"/> and exactly one of <see cref="ApiToken"/> and
/// <see cref="OAuth"/>; the options are validated when the host starts.
/// </summary>
public sealed class OktaOptions
{
    /// <summary>
    /// The Okta org's domain, for example <c>acme.okta.com</c> or <c>https://acme.okta.com</c> (a custom domain works too).
    /// Required.
    /// </summary>
    [Required]
    public string Domain { get; set; } = string.Empty;

    /// <summary>
    /// An Okta API token, sent as <c>Authorization: SSWS …</c>, or <see langword="null"/> to use <see cref="OAuth"/>.
    /// Never logged. The default value is <see langword="null"/>.
    /// </summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// OAuth 2.0 for an Okta service app (client credentials with a private-key JWT), or <see langword="null"/> to use
    /// <see cref="ApiToken"/>. The default value is <see langword="null"/>.
    /// </summary>
    [ValidateObjectMembers]
    public OktaOAuthOptions? OAuth { get; set; }

    /// <summary>How many times a throttled (429) or transiently failed call is retried. The default value is 3.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// The longest the client waits for a rate-limit window to reset before retrying; a longer wait fails the call at
    /// once with <see cref="SymRateLimitedException"/> (code <c>Okta:RATE_LIMITED</c>) carrying the wait. The default
    /// value is 1 minute.
    /// </summary>
    public TimeSpan MaxRateLimitDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one attempt may take before it is abandoned (and retried). The default value is 30 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string ToString() =>
        $"Okta {Domain} ({(OAuth is null ? ApiToken is null ? "no credentials" : "SSWS API token" : "OAuth service app " + OAuth.ClientId)})";
}
