using Microsoft.Extensions.Options;

namespace Sym.Sdk.Integrations.GitHub.Internal;

/// <summary>The attribute rules on <see cref="GitHubOptions"/> ([Required], [Range]), source-generated.</summary>
[OptionsValidator]
internal sealed partial class GitHubOptionsValidator : IValidateOptions<GitHubOptions>;

/// <summary>The rules attributes cannot say: a token and user agent that are not blank, a usable address, sensible time spans.</summary>
internal sealed class GitHubOptionsRulesValidator : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            failures.Add("GitHub: Token is required (a fine-grained personal access token or a GitHub App installation token).");
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent))
        {
            failures.Add("GitHub: UserAgent is required; GitHub refuses requests without one.");
        }

        if (options.BaseAddress is { } address && (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"GitHub: BaseAddress '{address}' must be an absolute http(s) URL, for example https://api.github.com/.");
        }

        if (options.MaxRateLimitDelay < TimeSpan.Zero || options.MaxRateLimitDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"GitHub: MaxRateLimitDelay is {options.MaxRateLimitDelay} but must be between 00:00:00 and 01:00:00.");
        }

        if (options.AttemptTimeout < TimeSpan.FromSeconds(1) || options.AttemptTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"GitHub: AttemptTimeout is {options.AttemptTimeout} but must be between 00:00:01 and 00:10:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
