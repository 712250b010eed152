using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.Okta;

/// <summary>An Okta group's profile.</summary>
public sealed record OktaGroupProfile
{
    /// <summary>The group's name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>The group's description, if any.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }
}
