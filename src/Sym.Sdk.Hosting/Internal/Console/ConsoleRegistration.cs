using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting;
using Sym.Sdk.Hosting.Internal.Console;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>Registers the Sym web console's services: its sign-in (OpenID Connect, a session cookie) and antiforgery.</summary>
internal static class ConsoleRegistration
{
    /// <summary>Adds what <c>MapSymConsole</c> needs (see <see cref="SymHostingBuilder.UseConsole"/>). Calling it again is harmless.</summary>
    public static IServiceCollection Add(IServiceCollection services, IConfiguration configuration)
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
