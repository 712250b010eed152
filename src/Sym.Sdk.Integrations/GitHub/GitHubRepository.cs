using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.GitHub;

/// <summary>A repository, as <c>GET /orgs/{org}/repos</c> lists it.</summary>
public sealed record GitHubRepository
{
    /// <summary>The repository's numeric id.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }

    /// <summary>The name, for example <c>api</c>.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The full name, <c>owner/name</c>.</summary>
    [JsonPropertyName("full_name")]
    public required string FullName { get; init; }

    /// <summary>Whether the repository is private.</summary>
    [JsonPropertyName("private")]
    public bool Private { get; init; }

    /// <summary>Whether the repository is archived.</summary>
    [JsonPropertyName("archived")]
    public bool Archived { get; init; }
}
