using Microsoft.Extensions.Options;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>Validates <c>Sym:Console</c> on start; every message names the setting.</summary>
internal sealed class ConsoleOptionsValidator : IValidateOptions<SymConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, SymConsoleOptions options)
    {
        var failures = new List<string>();
        if (options.SessionLifetime < TimeSpan.FromMinutes(1) || options.SessionLifetime > TimeSpan.FromDays(7))
        {
            failures.Add($"Sym:Console:SessionLifetime {options.SessionLifetime} is not between 00:01:00 and 7.00:00:00.");
        }

        if (options.PageSize is < 1 or > 500)
        {
            failures.Add($"Sym:Console:PageSize {options.PageSize} is not between 1 and 500.");
        }

        if (string.IsNullOrWhiteSpace(options.GroupsClaim))
        {
            failures.Add("Sym:Console:GroupsClaim is empty: name the ID token claim that lists groups (Okta: groups).");
        }

        SymConsoleOidcOptions oidc = options.Oidc;
        if (oidc.Authority is { } authority)
        {
            if (!authority.IsAbsoluteUri || (authority.Scheme != Uri.UriSchemeHttps && (oidc.RequireHttpsMetadata || authority.Scheme != Uri.UriSchemeHttp)))
            {
                failures.Add($"Sym:Console:Oidc:Authority '{authority}' is not an absolute https URL.");
            }

            if (string.IsNullOrWhiteSpace(oidc.ClientId))
            {
                failures.Add("Sym:Console:Oidc:ClientId is required with Sym:Console:Oidc:Authority.");
            }

            if (string.IsNullOrEmpty(oidc.CallbackPath) || oidc.CallbackPath[0] != '/')
            {
                failures.Add($"Sym:Console:Oidc:CallbackPath '{oidc.CallbackPath}' is not a path starting with '/'.");
            }
        }
        else if (!string.IsNullOrEmpty(oidc.ClientId) || !string.IsNullOrEmpty(oidc.ClientSecret))
        {
            failures.Add("Sym:Console:Oidc:Authority is required with Sym:Console:Oidc:ClientId or ClientSecret.");
        }

        for (int i = 0; i < options.DemoUsers.Count; i++)
        {
            SymConsoleDemoUser user = options.DemoUsers[i];
            if (string.IsNullOrWhiteSpace(user.Email))
            {
                failures.Add($"Sym:Console:DemoUsers:{i}:Email is required.");
            }

            if (user.Role is not ("member" or "admin" or "guest"))
            {
                failures.Add($"Sym:Console:DemoUsers:{i}:Role '{user.Role}' is not member, admin or guest.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
