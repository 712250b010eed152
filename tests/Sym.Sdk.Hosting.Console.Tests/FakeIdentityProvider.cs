using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sym.Sdk.Hosting.Console.Tests;

/// <summary>
/// A small but real OpenID Connect provider on loopback, as the console meets Okta: discovery, an authorize endpoint with
/// a sign-in page (the browser types an email), a token endpoint that checks the client secret and the PKCE verifier
/// (S256 only; an authorize request without a challenge is refused), and a JWKS endpoint; ID tokens are RS256-signed
/// JWTs with <c>email</c>, <c>email_verified</c>, <c>nonce</c> and <c>groups</c>. It also serves an attacker's page on
/// another site (<c>localhost</c> rather than <c>127.0.0.1</c>), for the cross-site forgery test.
/// </summary>
internal sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "sym-console";
    public const string ClientSecret = "idp-client-secret-never-rendered";

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IdpUser> _users = new(StringComparer.OrdinalIgnoreCase);

    private FakeIdentityProvider(WebApplication app) => _app = app;

    public Uri Authority { get; private set; } = null!;

    /// <summary>The console's origin, to accept its redirect URI (set once the console has started).</summary>
    public Uri? ConsoleOrigin { get; set; }

    /// <summary>Every token request that was refused, and why (the tests assert there are none they did not expect).</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public int TokensIssued;

    public void AddUser(string email, bool emailVerified = true, params string[] groups) => _users[email] = new IdpUser(email, emailVerified, groups);

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var idp = new FakeIdentityProvider(app);
        app.MapGet("/.well-known/openid-configuration", idp.Discovery);
        app.MapGet("/authorize", (Delegate)idp.AuthorizeAsync);
        app.MapPost("/authorize", (Delegate)idp.SignInAsync);
        app.MapPost("/token", (Delegate)idp.TokenAsync);
        app.MapGet("/jwks", idp.Jwks);
        app.MapGet("/attack", Attack);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        idp.Authority = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return idp;
    }

    /// <summary>The same provider under another site's name: <c>localhost</c> instead of <c>127.0.0.1</c>.</summary>
    public Uri OtherSite(string pathAndQuery) => new($"http://localhost:{Authority.Port}{pathAndQuery}");

    private string Issuer => Authority.ToString().TrimEnd('/');

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Issuer}/authorize",
        ["token_endpoint"] = $"{Issuer}/token",
        ["jwks_uri"] = $"{Issuer}/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["scopes_supported"] = new[] { "openid", "email", "profile", "groups" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
    });

    private IResult Jwks()
    {
        RSAParameters p = _key.ExportParameters(includePrivateParameters: false);
        return Results.Json(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "test-key", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } },
        });
    }

    /// <summary>GET authorize: checks the request as a provider does, then shows its sign-in page.</summary>
    private Task<IResult> AuthorizeAsync(HttpContext http)
    {
        IQueryCollection q = http.Request.Query;
        string? problem = CheckAuthorize(q["client_id"], q["redirect_uri"], q["response_type"], q["scope"], q["code_challenge"], q["code_challenge_method"]);
        if (problem is not null)
        {
            Refusals.Enqueue(problem);
            return Task.FromResult(Results.Content($"<!DOCTYPE html><title>Refused</title><p>{HtmlEncoder.Default.Encode(problem)}</p>", "text/html", statusCode: 400));
        }

        return Task.FromResult(Results.Content(SignInPage(q, null), "text/html"));
    }

    private string? CheckAuthorize(string? clientId, string? redirectUri, string? responseType, string? scope, string? challenge, string? method)
    {
        if (clientId != ClientId)
        {
            return "unknown client";
        }

        if (ConsoleOrigin is null || redirectUri != new Uri(ConsoleOrigin, "/signin-oidc").ToString())
        {
            return $"redirect_uri not registered: {redirectUri}";
        }

        if (responseType != "code")
        {
            return "only the authorization code flow";
        }

        if (scope is null || !scope.Split(' ').Contains("openid") || !scope.Split(' ').Contains("email"))
        {
            return "scope must include openid and email";
        }

        return string.IsNullOrEmpty(challenge) || method != "S256" ? "PKCE (S256) is required" : null;
    }

    private static string SignInPage(IQueryCollection q, string? error)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><title>Fake IdP sign-in</title></head><body><main><h1>Fake IdP</h1>");
        if (error is not null)
        {
            html.Append("<p role=\"alert\">").Append(HtmlEncoder.Default.Encode(error)).Append("</p>");
        }

        html.Append("<form method=\"post\" action=\"/authorize\">");
        foreach (string name in new[] { "client_id", "redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method", "scope", "response_type" })
        {
            html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(HtmlEncoder.Default.Encode(q[name].ToString())).Append("\">");
        }

        html.Append("<label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\"><button type=\"submit\">Sign in</button></form></main></body></html>");
        return html.ToString();
    }

    /// <summary>POST authorize: the person signed in at the provider; back to the client with a one-time code.</summary>
    private async Task<IResult> SignInAsync(HttpContext http)
    {
        IFormCollection form = await http.Request.ReadFormAsync();
        string? problem = CheckAuthorize(form["client_id"], form["redirect_uri"], form["response_type"], form["scope"], form["code_challenge"], form["code_challenge_method"]);
        if (problem is not null)
        {
            Refusals.Enqueue(problem);
            return Results.BadRequest();
        }

        if (!_users.TryGetValue(form["email"].ToString(), out IdpUser? user))
        {
            var query = new QueryCollection(form.ToDictionary(static kv => kv.Key, static kv => kv.Value));
            return Results.Content(SignInPage(query, "No such user."), "text/html", statusCode: 401);
        }

        string code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new Grant(user, form["redirect_uri"]!, form["nonce"]!, form["code_challenge"]!);
        return Results.Redirect($"{form["redirect_uri"]}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(form["state"].ToString())}");
    }

    /// <summary>POST token: the code for an ID token, once, for the right client, redirect URI and PKCE verifier.</summary>
    private async Task<IResult> TokenAsync(HttpContext http)
    {
        IFormCollection form = await http.Request.ReadFormAsync();
        (string? clientId, string? secret) = ClientCredentials(http.Request, form);
        Grant? grant = null;
        string? problem = form["grant_type"] != "authorization_code" ? "grant_type"
            : clientId != ClientId || secret != ClientSecret ? "client authentication"
            : !_codes.TryRemove(form["code"].ToString(), out grant) ? "unknown or used code"
            : grant.RedirectUri != form["redirect_uri"] ? "redirect_uri differs"
            : Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge ? "PKCE verifier does not match"
            : null;
        if (problem is not null)
        {
            Refusals.Enqueue(problem);
            return Results.Json(new { error = "invalid_grant", error_description = problem }, statusCode: 400);
        }

        Interlocked.Increment(ref TokensIssued);
        DateTime now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "sub-" + grant!.User.Email,
                ["email"] = grant.User.Email,
                ["email_verified"] = grant.User.EmailVerified,
                ["name"] = grant.User.Email.Split('@')[0],
                ["nonce"] = grant.Nonce,
                ["groups"] = grant.User.Groups,
            },
        };
        string idToken = new JsonWebTokenHandler().CreateToken(descriptor);
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24)),
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["id_token"] = idToken,
        });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        string? authorization = request.Headers.Authorization;
        if (authorization is not null && authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            string[] pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    /// <summary>An attacker's page on another site: a form that posts to the console when a visitor clicks.</summary>
    private static IResult Attack(string target) => Results.Content(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Win a prize</title></head><body><main><h1>Win a prize</h1>"
        + $"<form method=\"post\" action=\"{HtmlEncoder.Default.Encode(target)}\"><input type=\"hidden\" name=\"reason\" value=\"forged\">"
        + "<button type=\"submit\">Claim</button></form></main></body></html>", "text/html");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }

    private sealed record IdpUser(string Email, bool EmailVerified, string[] Groups);

    private sealed record Grant(IdpUser User, string RedirectUri, string Nonce, string Challenge);
}
