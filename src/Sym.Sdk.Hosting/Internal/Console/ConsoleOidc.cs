using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>The console's OpenID Connect client: authorization code with PKCE, signing in to the console's cookie.</summary>
internal static class ConsoleOidc
{
    public static void Configure(OpenIdConnectOptions o, SymConsoleOptions console, ConsoleRoute route, CookieSecurePolicy secure)
    {
        SymConsoleOidcOptions oidc = console.Oidc;
        o.Authority = oidc.Authority!.ToString().TrimEnd('/');
        o.ClientId = oidc.ClientId;
        o.ClientSecret = oidc.ClientSecret;
        o.ResponseType = OpenIdConnectResponseType.Code;
        // The code comes back in the query: a plain top-level navigation, which SameSite=Lax cookies follow.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.UsePkce = true;
        o.SignInScheme = ConsoleDefaults.CookieScheme;
        o.CallbackPath = oidc.CallbackPath;
        o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        o.Scope.Clear();
        foreach (string scope in new[] { "openid", "email", "profile" }.Concat(oidc.Scopes).Distinct(StringComparer.Ordinal))
        {
            o.Scope.Add(scope);
        }

        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.CorrelationCookie.SecurePolicy = secure;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = secure;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.Events.OnTokenValidated = context =>
        {
            (System.Security.Claims.ClaimsPrincipal? principal, string? refusal) = ConsoleIdentity.FromIdToken(context.Principal!, console);
            if (principal is null)
            {
                Log(context.HttpContext, refusal!);
                context.HandleResponse();
                context.Response.Redirect($"{context.Request.PathBase}{route.Path("signin")}?error=unverified");
                return Task.CompletedTask;
            }

            context.Principal = principal;
            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = context =>
        {
            // The provider's or the handler's error is logged; the person gets a page that tells them what to do.
            Log(context.HttpContext, context.Failure?.Message ?? "remote failure");
            context.HandleResponse();
            context.Response.Redirect($"{context.Request.PathBase}{route.Path("signin")}?error=failed");
            return Task.CompletedTask;
        };
    }

    private static void Log(HttpContext http, string reason) =>
        HostingLog.ConsoleSignInRefused(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleOidc)), reason);
}
