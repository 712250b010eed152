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

    /// <summary>
    /// A profile attribute as text, standard (<c>login</c>, <c>email</c>, <c>firstName</c>, <c>lastName</c>,
    /// <c>displayName</c>, <c>secondEmail</c>) or custom: Sym's <c>user_info.get("profile", {}).get("department", "")</c> is
    /// <c>user.Profile.GetString("department") ?? ""</c>. Numbers and booleans come as their JSON text, arrays and objects
    /// as their JSON (read those with <see cref="GetStringList"/> or <see cref="AdditionalAttributes"/>).
    /// </summary>
    /// <param name="attribute">The attribute's name as Okta spells it (case-sensitive), for example <c>department</c>.</param>
    /// <returns>The value, or <see langword="null"/> when the profile lacks it or it is null.</returns>
    public string? GetString(string attribute)
    {
        ArgumentException.ThrowIfNullOrEmpty(attribute);
        switch (attribute)
        {
            case "login": return Login;
            case "email": return Email;
            case "firstName": return FirstName;
            case "lastName": return LastName;
            case "displayName": return DisplayName;
            case "secondEmail": return SecondEmail;
        }

        if (!AdditionalAttributes.TryGetValue(attribute, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
    }

    /// <summary>A multi-valued profile attribute (an Okta string array), for example a custom <c>teams</c> attribute.</summary>
    /// <param name="attribute">The attribute's name as Okta spells it.</param>
    /// <returns>The strings (non-string items as their JSON text); a single string as a one-item list; empty when absent or null.</returns>
    public IReadOnlyList<string> GetStringList(string attribute)
    {
        ArgumentException.ThrowIfNullOrEmpty(attribute);
        if (!AdditionalAttributes.TryGetValue(attribute, out JsonElement value))
        {
            return GetString(attribute) is { } standard ? [standard] : [];
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                var list = new List<string>(value.GetArrayLength());
                foreach (JsonElement item in value.EnumerateArray())
                {
                    if (item.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                    {
                        list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
                    }
                }

                return list;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return [];
            default:
                return [GetString(attribute)!];
        }
    }
}
