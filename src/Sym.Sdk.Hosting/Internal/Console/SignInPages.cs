using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>Signing in (OpenID Connect, or the Development-only demo sign-in) and out.</summary>
internal static class SignInPages
{
    public static IResult SignIn(HttpContext http, string? returnUrl, string? error)
    {
        var request = ConsoleRequest.For(http);
        string back = ConsoleRoute.IsLocal(returnUrl) ? returnUrl! : request.Url("");
        var body = new Html();
        if (error is "failed")
        {
            body.Add($"<p class=\"alert\" role=\"alert\">Sign-in did not complete. Try again; if it keeps failing, ask your administrator.</p>");
        }
        else if (error is "unverified")
        {
            body.Add($"<p class=\"alert\" role=\"alert\">Your identity provider did not confirm your email address, which is how Sym knows you. Ask your administrator.</p>");
        }

        bool any = false;
        if (request.Options.Oidc.Authority is not null)
        {
            any = true;
            body.Add($"<p><a class=\"button\" href=\"{request.Url("signin/oidc")}{QueryString.Create("returnUrl", back)}\">Sign in with {request.Options.Oidc.DisplayName}</a></p>");
        }

        if (request.Environment.IsDevelopment() && request.Options.DemoUsers.Count > 0)
        {
            any = true;
            body.Add($"<section aria-labelledby=\"demo\"><h2 id=\"demo\">Demo sign-in (Development only)</h2>")
                .Add($"<form method=\"post\" action=\"{request.Url("signin/demo")}\">{request.AntiforgeryField()}")
                .Add($"<input type=\"hidden\" name=\"returnUrl\" value=\"{back}\">")
                .Add($"<div class=\"field\"><label for=\"demo-user\">Sign in as</label><select id=\"demo-user\" name=\"email\">");
            foreach (SymConsoleDemoUser user in request.Options.DemoUsers)
            {
                body.Add($"<option value=\"{user.Email}\">{user.Email} ({user.Role})</option>");
            }

            body.Add($"</select></div><button type=\"submit\">Sign in</button></form></section>");
        }

        if (!any)
        {
            body.Add($"<p>No sign-in is configured. Set <code>Sym:Console:Oidc:Authority</code> and <code>ClientId</code> (see the Sym.Sdk.Hosting README).</p>");
        }

        return ConsoleLayout.Page(request, "Sign in", body.ToMarkup());
    }

    public static IResult StartOidc(HttpContext http, string? returnUrl)
    {
        var request = ConsoleRequest.For(http);
        if (request.Options.Oidc.Authority is null)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status404NotFound, "Not found", "Sign-in with an identity provider is not configured.");
        }

        var properties = new AuthenticationProperties { RedirectUri = ConsoleRoute.IsLocal(returnUrl) ? returnUrl : request.Url("") };
        return Results.Challenge(properties, [ConsoleDefaults.OidcScheme]);
    }

    /// <summary>The demo sign-in: in the Development environment only, as one of <see cref="SymConsoleOptions.DemoUsers"/>.</summary>
    public static async Task<IResult> DemoAsync(HttpContext http)
    {
        var request = ConsoleRequest.For(http);
        if (!request.Environment.IsDevelopment())
        {
            return ConsoleLayout.Error(request, StatusCodes.Status403Forbidden, "Not available",
                "The demo sign-in is available only in the Development environment.");
        }

        if (!await request.IsValidFormAsync().ConfigureAwait(false))
        {
            return ConsoleEndpoints.Forged(request);
        }

        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        string? email = ConsoleRequest.Field(form, "email");
        SymConsoleDemoUser? user = request.Options.DemoUsers.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
        if (user is null)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status400BadRequest, "Not a demo user", "Pick one of the demo users offered.");
        }

        await http.SignInAsync(ConsoleDefaults.CookieScheme, ConsoleIdentity.Create(user.Email!, user.Role, "demo")).ConfigureAwait(false);
        string? back = ConsoleRequest.Field(form, "returnUrl");
        return Results.Redirect(ConsoleRoute.IsLocal(back) ? back! : request.Url(""));
    }

    public static async Task<IResult> SignOutAsync(HttpContext http)
    {
        var request = ConsoleRequest.For(http);
        if (!await request.IsValidFormAsync().ConfigureAwait(false))
        {
            return ConsoleEndpoints.Forged(request);
        }

        await http.SignOutAsync(ConsoleDefaults.CookieScheme).ConfigureAwait(false);
        return Results.Redirect(request.Url("signed-out"));
    }

    public static IResult SignedOut(HttpContext http)
    {
        var request = ConsoleRequest.For(http);
        var body = new Html().Add($"<p>You are signed out of the console.</p><p><a class=\"button\" href=\"{request.Url("signin")}\">Sign in again</a></p>");
        return ConsoleLayout.Page(request, "Signed out", body.ToMarkup());
    }
}
