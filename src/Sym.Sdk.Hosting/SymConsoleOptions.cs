namespace Sym.Sdk.Hosting;

/// <summary>
/// The web console's settings (<c>Sym:Console</c>): how people sign in and who is an admin. See <c>UseConsole</c> and
/// <c>MapSymConsole</c>.
/// </summary>
public sealed class SymConsoleOptions
{
    /// <summary>The configuration section: <c>Sym:Console</c>.</summary>
    public const string Section = "Sym:Console";

    /// <summary>The name the console shows in its header and page titles. The default value is <c>Sym</c>.</summary>
    public string Title { get; set; } = "Sym";

    /// <summary>Emails of the people who are Sym admins in the console (compared ignoring case). The default value is empty.</summary>
    public IList<string> Admins { get; } = new List<string>();

    /// <summary>
    /// Groups (values of the <see cref="GroupsClaim"/> claim of the identity provider's ID token) whose members are Sym
    /// admins in the console. The default value is empty.
    /// </summary>
    public IList<string> AdminGroups { get; } = new List<string>();

    /// <summary>The ID token claim that lists the person's groups. The default value is <c>groups</c> (Okta's).</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>
    /// How long a sign-in lasts; afterwards the person signs in again (the session is not extended by activity). From one
    /// minute to seven days. The default value is 8 hours.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How many runs a list page shows, from 1 to 500. The default value is 25.</summary>
    public int PageSize { get; set; } = 25;

    /// <summary>Sign-in with OpenID Connect (authorization code with PKCE). Turned on by setting <see cref="SymConsoleOidcOptions.Authority"/>.</summary>
    public SymConsoleOidcOptions Oidc { get; } = new();

    /// <summary>
    /// People the sign-in page offers to sign in as without an identity provider, <b>in the Development environment
    /// only</b>: outside it they are not offered and a demo sign-in is refused. The default value is empty.
    /// </summary>
    public IList<SymConsoleDemoUser> DemoUsers { get; } = new List<SymConsoleDemoUser>();
}

/// <summary>The identity provider the console signs people in with (<c>Sym:Console:Oidc</c>).</summary>
public sealed class SymConsoleOidcOptions
{
    /// <summary>
    /// The issuer's URL, where <c>.well-known/openid-configuration</c> is found (Okta: <c>https://&lt;org&gt;.okta.com/oauth2/default</c>).
    /// The default value is <see langword="null"/>: no OpenID Connect sign-in.
    /// </summary>
    public Uri? Authority { get; set; }

    /// <summary>The console's client id at the identity provider. Required with <see cref="Authority"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The client secret, for a confidential client (Okta's "Web" application); <see langword="null"/> for a public client
    /// with PKCE only. Keep it in a secret store (<c>Sym__Console__Oidc__ClientSecret</c>), never in appsettings.json.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for besides <c>openid</c>, <c>email</c> and <c>profile</c>, for example <c>groups</c>. The default value is empty.</summary>
    public IList<string> Scopes { get; } = new List<string>();

    /// <summary>The provider's name on the sign-in button. The default value is <c>your identity provider</c>.</summary>
    public string DisplayName { get; set; } = "your identity provider";

    /// <summary>The path the provider redirects back to (register <c>https://&lt;host&gt;&lt;path&gt;</c> with it). The default value is <c>/signin-oidc</c>.</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>Whether the provider's metadata must be fetched over HTTPS. The default value is <see langword="true"/>; turn it off only for a local test provider.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}

/// <summary>A person the Development-only demo sign-in offers (<c>Sym:Console:DemoUsers:&lt;n&gt;</c>).</summary>
public sealed class SymConsoleDemoUser
{
    /// <summary>Their email, which is their Sym username. Required.</summary>
    public string? Email { get; set; }

    /// <summary>Their role: <c>member</c>, <c>admin</c> or <c>guest</c>. The default value is <c>member</c>.</summary>
    public string Role { get; set; } = "member";
}
