using Microsoft.Extensions.Options;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>The attribute rules on <see cref="OktaOptions"/> ([Required], [Range], nested OAuth), source-generated.</summary>
[OptionsValidator]
internal sealed partial class OktaOptionsValidator : IValidateOptions<OktaOptions>;

/// <summary>The rules attributes cannot say: a usable domain, exactly one auth mode, a loadable private key.</summary>
internal sealed class OktaOptionsRulesValidator : IValidateOptions<OktaOptions>
{
    public ValidateOptionsResult Validate(string? name, OktaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Domain) && !OktaDomain.TryGetBaseUri(options.Domain, out _, out string? problem))
        {
            failures.Add($"Okta: {problem}");
        }

        bool hasToken = !string.IsNullOrWhiteSpace(options.ApiToken);
        switch (hasToken, options.OAuth is not null)
        {
            case (false, false):
                failures.Add("Okta: set exactly one of ApiToken (SSWS) and OAuth (service app); neither is set.");
                break;
            case (true, true):
                failures.Add("Okta: set exactly one of ApiToken (SSWS) and OAuth (service app); both are set.");
                break;
        }

        // TimeSpan ranges are checked here: [Range(typeof(TimeSpan), …)] is not trimming-safe.
        CheckRange(failures, nameof(options.MaxRateLimitDelay), options.MaxRateLimitDelay, TimeSpan.Zero, TimeSpan.FromHours(1));
        CheckRange(failures, nameof(options.AttemptTimeout), options.AttemptTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        if (options.OAuth is not null)
        {
            CheckRange(failures, "OAuth.TokenRefreshMargin", options.OAuth.TokenRefreshMargin, TimeSpan.Zero, TimeSpan.FromMinutes(30));
        }

        if (options.OAuth is { PrivateKeyPem.Length: > 0 } oauth)
        {
            try
            {
                using OktaSigningKey key = OktaSigningKey.FromPem(oauth.PrivateKeyPem, oauth.KeyId);
            }
            catch (ArgumentException e)
            {
                // The message describes the key's shape, never its content.
                failures.Add($"Okta: OAuth.PrivateKeyPem is not usable: {e.Message.Split(" (Parameter", 2)[0]}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckRange(List<string> failures, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"Okta: {name} is {value} but must be between {min} and {max}.");
        }
    }
}
