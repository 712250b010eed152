using Microsoft.Extensions.Options;

namespace Sym.Sdk.Integrations.PagerDuty.Internal;

/// <summary>The attribute rules on <see cref="PagerDutyOptions"/> ([Required], [Range]), source-generated.</summary>
[OptionsValidator]
internal sealed partial class PagerDutyOptionsValidator : IValidateOptions<PagerDutyOptions>;

/// <summary>The rules attributes cannot say: a usable address, a token that is not blank, sensible time spans.</summary>
internal sealed class PagerDutyOptionsRulesValidator : IValidateOptions<PagerDutyOptions>
{
    public ValidateOptionsResult Validate(string? name, PagerDutyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiToken))
        {
            failures.Add("PagerDuty: ApiToken is required (a REST API key from Integrations → API Access Keys).");
        }

        if (options.BaseAddress is { } address && (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"PagerDuty: BaseAddress '{address}' must be an absolute http(s) URL, for example https://api.pagerduty.com/.");
        }

        if (options.MaxRateLimitDelay < TimeSpan.Zero || options.MaxRateLimitDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"PagerDuty: MaxRateLimitDelay is {options.MaxRateLimitDelay} but must be between 00:00:00 and 01:00:00.");
        }

        if (options.AttemptTimeout < TimeSpan.FromSeconds(1) || options.AttemptTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"PagerDuty: AttemptTimeout is {options.AttemptTimeout} but must be between 00:00:01 and 00:10:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
