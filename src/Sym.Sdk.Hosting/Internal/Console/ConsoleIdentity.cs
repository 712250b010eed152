using System.Security.Claims;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>The console's session principal: a Sym user (username = email) with its role, however the person signed in.</summary>
internal static class ConsoleIdentity
{
    /// <summary>The principal for a person whose email is known to be theirs.</summary>
    public static ClaimsPrincipal Create(string email, string role, string method, string? displayName = null)
    {
        var claims = new List<Claim>(5)
        {
            new(ClaimTypes.Name, email),
            new(ClaimTypes.Email, email),
            new(ClaimTypes.Role, role),
            new(ConsoleDefaults.SignInMethodClaim, method),
        };
        if (!string.IsNullOrWhiteSpace(displayName))
        {
            claims.Add(new Claim(ClaimTypes.GivenName, displayName));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleDefaults.CookieScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>
    /// The principal for the subject of a validated ID token, or why there is none: the token must carry an email and
    /// <c>email_verified</c> true, since the email is what the person is known by in Sym. Admin when the email is in
    /// <see cref="SymConsoleOptions.Admins"/> or a group of the <see cref="SymConsoleOptions.GroupsClaim"/> claim is in
    /// <see cref="SymConsoleOptions.AdminGroups"/>.
    /// </summary>
    public static (ClaimsPrincipal? Principal, string? Refusal) FromIdToken(ClaimsPrincipal token, SymConsoleOptions options)
    {
        string? email = token.FindFirst("email")?.Value;
        if (string.IsNullOrWhiteSpace(email))
        {
            return (null, "the ID token has no email claim (ask for the 'email' scope)");
        }

        if (!string.Equals(token.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the identity provider has not verified the email");
        }

        bool admin = options.Admins.Any(a => string.Equals(a, email, StringComparison.OrdinalIgnoreCase))
            || token.FindAll(options.GroupsClaim).Any(g => options.AdminGroups.Contains(g.Value, StringComparer.Ordinal));
        return (Create(email, admin ? "admin" : "member", "oidc", token.FindFirst("name")?.Value), null);
    }
}
