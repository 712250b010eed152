using Microsoft.AspNetCore.Http;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>Where <c>MapSymConsole</c> put the console, for the sign-in redirects configured before it was mapped.</summary>
internal sealed class ConsoleRoute
{
    /// <summary>The prefix, with a trailing slash: <c>/</c> or <c>/console/</c>.</summary>
    public string Prefix { get; set; } = "/";

    public string Path(string relative) => Prefix + relative;

    /// <summary>The sign-in page, coming back to the page asked for.</summary>
    public string SignInUrl(HttpRequest request) =>
        $"{request.PathBase}{Path("signin")}{QueryString.Create("returnUrl", $"{request.PathBase}{request.Path}{request.QueryString}")}";

    /// <summary>Whether <paramref name="url"/> is a local path safe to redirect to after sign-in (not <c>//host</c>, not <c>/\host</c>).</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains('\n', StringComparison.Ordinal)
        && !url.Contains('\r', StringComparison.Ordinal);
}
