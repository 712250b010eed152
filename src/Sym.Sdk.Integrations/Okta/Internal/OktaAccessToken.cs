namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>An OAuth access token and when to replace it. <see cref="ToString"/> never shows the token.</summary>
internal sealed class OktaAccessToken(string value, string scheme, DateTimeOffset expiresAt, DateTimeOffset refreshAt)
{
    public string Value { get; } = value;

    /// <summary><c>Bearer</c>, or <c>DPoP</c> for a key-bound token.</summary>
    public string Scheme { get; } = scheme;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>When the cache stops handing this token out (shortly before <see cref="ExpiresAt"/>).</summary>
    public DateTimeOffset RefreshAt { get; } = refreshAt;

    public bool IsDPoP => string.Equals(Scheme, "DPoP", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Scheme} access token (expires {ExpiresAt:O})";
}
