using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.Okta;

/// <summary>An Okta group, as <c>GET /api/v1/groups</c> returns it.</summary>
public sealed record OktaGroup
{
    /// <summary>The group type whose membership Okta manages, and the only type whose members can be added or removed.</summary>
    public const string OktaGroupType = "OKTA_GROUP";

    /// <summary>The Okta group id, for example <c>00g1emaKYZTWRYYRRTSK</c>.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The group type: <c>OKTA_GROUP</c>, <c>APP_GROUP</c> (imported; read-only membership) or <c>BUILT_IN</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = OktaGroupType;

    /// <summary>The group's profile: its name and description.</summary>
    [JsonPropertyName("profile")]
    public OktaGroupProfile Profile { get; init; } = new();

    /// <summary>The group's name (same as <see cref="OktaGroupProfile.Name"/>).</summary>
    [JsonIgnore]
    public string Name => Profile.Name;
}
