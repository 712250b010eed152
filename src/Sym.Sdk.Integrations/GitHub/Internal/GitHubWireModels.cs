using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.GitHub.Internal;

internal sealed record GitHubInvitation
{
    [JsonPropertyName("id")]
    public long Id { get; init; }

    [JsonPropertyName("invitee")]
    public GitHubAccount? Invitee { get; init; }
}

internal sealed record GitHubAccount
{
    [JsonPropertyName("login")]
    public string? Login { get; init; }
}

internal sealed record GitHubTeamMembership
{
    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("role")]
    public string? Role { get; init; }
}

internal sealed record GitHubPermissionBody([property: JsonPropertyName("permission")] string Permission);

internal sealed record GitHubRoleBody([property: JsonPropertyName("role")] string Role);

internal sealed record GitHubErrorBody
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("documentation_url")]
    public string? DocumentationUrl { get; init; }
}

/// <summary>Source-generated JSON for every GitHub payload (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<GitHubRepository>))]
[JsonSerializable(typeof(List<GitHubInvitation>))]
[JsonSerializable(typeof(GitHubTeamMembership))]
[JsonSerializable(typeof(GitHubPermissionBody))]
[JsonSerializable(typeof(GitHubRoleBody))]
[JsonSerializable(typeof(GitHubErrorBody))]
internal sealed partial class GitHubJsonContext : JsonSerializerContext;
