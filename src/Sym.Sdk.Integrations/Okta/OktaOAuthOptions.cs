using System.ComponentModel.DataAnnotations;

namespace Sym.Sdk.Integrations.Okta;

/// <summary>
/// OAuth 2.0 client credentials for an Okta API service app that authenticates with a private-key JWT
/// (<c>private_key_jwt</c>). The client signs a short-lived assertion with the key (RS256 for an RSA key, ES256 for a
/// P-256 EC key), trades it at <c>https://{domain}/oauth2/v1/token</c> for an access token, and reuses that token until
/// shortly before it expires.
/// </summary>
public sealed class OktaOAuthOptions
{
    /// <summary>The service app's client id. Required.</summary>
    [Required]
    public string ClientId { get; set; } = string.Empty;

    /// <summary>
    /// The app's private key in PEM (<c>-----BEGIN PRIVATE KEY-----</c>, <c>RSA PRIVATE KEY</c> or <c>EC PRIVATE KEY</c>).
    /// RSA keys sign with RS256, P-256 keys with ES256. Required; never logged.
    /// </summary>
    [Required]
    public string PrivateKeyPem { get; set; } = string.Empty;

    /// <summary>The key id (<c>kid</c>) Okta shows for the app's public key, or <see langword="null"/> when the app has one key.</summary>
    public string? KeyId { get; set; }

    /// <summary>
    /// The scopes to request, separated by spaces. The default value is
    /// <c>okta.users.read okta.groups.read okta.groups.manage</c>, what the Okta group strategy needs.
    /// </summary>
    [Required]
    public string Scopes { get; set; } = "okta.users.read okta.groups.read okta.groups.manage";

    /// <summary>
    /// Whether to bind tokens to a key with DPoP proofs (RFC 9449), for service apps with "Require Demonstrating Proof
    /// of Possession (DPoP)" turned on. The client then signs a proof per request with an ephemeral P-256 key and
    /// answers Okta's <c>use_dpop_nonce</c> challenges. The default value is <see langword="false"/>; when an app needs
    /// DPoP and this is off, calls fail with <c>Okta:DPOP_REQUIRED</c>.
    /// </summary>
    public bool UseDPoP { get; set; }

    /// <summary>
    /// How long before its expiry a cached access token is replaced. The default value is 5 minutes.
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);
}
