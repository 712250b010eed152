using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>Names the console registers.</summary>
internal static class ConsoleDefaults
{
    public const string CookieScheme = "SymConsole";
    public const string OidcScheme = "SymConsoleOidc";
    public const string Policy = "SymConsole";
    public const string SessionCookie = "sym.session";
    public const string AntiforgeryCookie = "sym.af";
    public const string AntiforgeryField = "__RequestVerificationToken";

    /// <summary>The claim that records how the person signed in (<c>oidc</c> or <c>demo</c>).</summary>
    public const string SignInMethodClaim = "sym:signin";

    /// <summary>
    /// The console's cookies are <c>Secure</c> always, except in Development, where they follow the request so the sample
    /// works on plain <c>http://localhost</c> (antiforgery refuses to issue a <c>Secure</c> cookie over HTTP).
    /// </summary>
    public static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
}
