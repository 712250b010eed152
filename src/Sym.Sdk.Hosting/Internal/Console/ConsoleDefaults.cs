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
}
