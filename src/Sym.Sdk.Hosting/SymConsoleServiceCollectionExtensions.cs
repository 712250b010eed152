using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting;
using Sym.Sdk.Hosting.Internal.Console;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Sym web console's services: its sign-in (OpenID Connect, a session cookie) and antiforgery.</summary>
public static class SymConsoleServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <c>MapSymConsole</c> needs, from <c>Sym:Console</c> (<see cref="SymConsoleOptions"/>, validated on start):
    /// a session cookie (<c>Secure</c> outside Development, where plain <c>http://localhost</c> must work too;
    /// <c>HttpOnly</c>, <c>SameSite=Lax</c>, lasting
    /// <see cref="SymConsoleOptions.SessionLifetime"/>); OpenID Connect sign-in with the authorization code flow and PKCE
    /// when <c>Sym:Console:Oidc:Authority</c> is set, mapping the person to a Sym user by their verified email (an ID token
    /// without <c>email_verified</c> true is refused); and antiforgery for every form (its cookie <c>Secure</c> like the
    /// session's, <c>HttpOnly</c>, <c>SameSite=Strict</c>). Call it after <c>AddSymHosting</c>. Calling it again is harmless.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The app's configuration, to know whether OpenID Connect is configured.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSymConsole(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(static d => d.ServiceType == typeof(ConsoleRoute)))
        {
            return services;
        }

        services.AddSingleton<ConsoleRoute>();
        services.AddOptions<SymConsoleOptions>().BindConfiguration(SymConsoleOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SymConsoleOptions>, ConsoleOptionsValidator>());
        services.AddAntiforgery();
        services.AddOptions<AntiforgeryOptions>().Configure<IHostEnvironment>(static (o, environment) =>
        {
            o.Cookie.Name = ConsoleDefaults.AntiforgeryCookie;
            o.Cookie.SecurePolicy = ConsoleDefaults.SecurePolicy(environment);
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = ConsoleDefaults.AntiforgeryField;
            o.HeaderName = null;
        });

        AuthenticationBuilder auth = services.AddAuthentication().AddCookie(ConsoleDefaults.CookieScheme);
        services.AddOptions<CookieAuthenticationOptions>(ConsoleDefaults.CookieScheme)
            .Configure<IOptions<SymConsoleOptions>, ConsoleRoute, IHostEnvironment>(static (o, console, route, environment) =>
            {
                o.Cookie.Name = ConsoleDefaults.SessionCookie;
                o.Cookie.SecurePolicy = ConsoleDefaults.SecurePolicy(environment);
                o.Cookie.HttpOnly = true;
                // Lax, not Strict: the way back from the identity provider is a cross-site navigation, after which the
                // first page must see the session. Cross-site POSTs still arrive without it.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = console.Value.SessionLifetime;
                o.SlidingExpiration = false;
                o.Events.OnRedirectToLogin = context =>
                {
                    context.Response.Redirect(route.SignInUrl(context.Request));
                    return Task.CompletedTask;
                };
            });

        var oidc = new SymConsoleOidcOptions();
        configuration.GetSection($"{SymConsoleOptions.Section}:Oidc").Bind(oidc);
        if (oidc.Authority is not null)
        {
            auth.AddOpenIdConnect(ConsoleDefaults.OidcScheme, static _ => { });
            services.AddOptions<OpenIdConnectOptions>(ConsoleDefaults.OidcScheme)
                .Configure<IOptions<SymConsoleOptions>, ConsoleRoute, IHostEnvironment>(static (o, console, route, environment) =>
                    ConsoleOidc.Configure(o, console.Value, route, ConsoleDefaults.SecurePolicy(environment)));
        }

        services.AddAuthorizationBuilder().AddPolicy(ConsoleDefaults.Policy, static policy =>
            policy.AddAuthenticationSchemes(ConsoleDefaults.CookieScheme).RequireAuthenticatedUser());
        return services;
    }
}
