using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.Okta;

/// <summary>An Okta user's profile: the standard attributes, and every other attribute in <see cref="AdditionalAttributes"/>.</summary>
public sealed record OktaUserProfile
{
    /// <summary>The user's login (unique in the org), usually their email.</summary>
    [JsonPropertyName("login")]
    public string Login { get; init; } = string.Empty;

    /// <summary>The user's primary email.</summary>
    [JsonPropertyName("email")]
    public string Email { get; init; } = string.Empty;

    /// <summary>The user's first name.</summary>
    [JsonPropertyName("firstName")]
    public string? FirstName { get; init; }

    /// <summary>The user's last name.</summary>
    [JsonPropertyName("lastName")]
    public string? LastName { get; init; }

    /// <summary>The user's display name, if set.</summary>
    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }

    /// <summary>The user's secondary email, if set.</summary>
    [JsonPropertyName("secondEmail")]
    public string? SecondEmail { get; init; }

    /// <summary>Every other profile attribute (custom attributes included), by name, as Okta sent it.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement> AdditionalAttributes { get; set; } = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
}
