using System.ComponentModel.DataAnnotations;

namespace Sym.Sdk.Integrations.GitHub;

/// <summary>
/// How to reach and authenticate to GitHub's REST API. Set <see cref="Token"/>; the options are validated when the host
/// starts. In <c>appsettings.json</c> they usually live under <c>Sym:GitHub</c>.
/// </summary>
public sealed class GitHubOptions
{
    /// <summary>The default API address, <c>https://api.github.com/</c>.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.github.com/");

    /// <summary>
    /// A token sent as <c>Authorization: Bearer …</c>: a fine-grained personal access token or a GitHub App installation
    /// token with Administration (repository collaborators) and Members (team membership) write access. Required; never
    /// logged.
    /// </summary>
    [Required]
    public string Token { get; set; } = string.Empty;

    /// <summary>The API's address. The default value is <c>https://api.github.com/</c>; GitHub Enterprise Server uses <c>https://HOST/api/v3/</c>.</summary>
    [Required]
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>The <c>User-Agent</c> GitHub requires on every request. The default value is <c>Sym.Sdk</c>.</summary>
    [Required]
    public string UserAgent { get; set; } = "Sym.Sdk";

    /// <summary>How many times a throttled or transiently failed call is retried. The default value is 3.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// The longest the client waits for GitHub's rate limit to reset before retrying; a longer wait fails the call at once
    /// with <see cref="SymRateLimitedException"/> (code <c>GitHub:RATE_LIMITED</c>). The default value is 1 minute.
    /// </summary>
    public TimeSpan MaxRateLimitDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one attempt may take before it is abandoned (and retried). The default value is 30 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string ToString() => $"GitHub {BaseAddress} ({(string.IsNullOrWhiteSpace(Token) ? "no token" : "token")})";
}
