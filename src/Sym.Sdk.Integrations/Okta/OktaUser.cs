using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.Okta;

/// <summary>An Okta user, as <c>GET /api/v1/users/{id}</c> returns it.</summary>
public sealed record OktaUser
{
    /// <summary>The Okta user id, for example <c>00u1ero7vZFVEIYLWPBN</c>.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The user's status: <c>ACTIVE</c>, <c>STAGED</c>, <c>PROVISIONED</c>, <c>SUSPENDED</c>, <c>DEPROVISIONED</c>, …</summary>
    [JsonPropertyName("status")]
    public string Status { get; init; } = "ACTIVE";

    /// <summary>When the user was created, if Okta said.</summary>
    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    /// <summary>When the user last logged in, if ever.</summary>
    [JsonPropertyName("lastLogin")]
    public DateTimeOffset? LastLogin { get; init; }

    /// <summary>The user's profile: login, email, names and custom attributes.</summary>
    [JsonPropertyName("profile")]
    public OktaUserProfile Profile { get; init; } = new();
}
