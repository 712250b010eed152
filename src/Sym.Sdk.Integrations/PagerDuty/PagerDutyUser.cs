using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.PagerDuty;

/// <summary>A PagerDuty user, as <c>GET /users/{id}</c> (or an on-call's included user) returns it.</summary>
public sealed record PagerDutyUser
{
    /// <summary>The identity service name PagerDuty ids are stored under on a Sym <see cref="User"/>: <c>pagerduty</c>.</summary>
    public const string IdentityService = "pagerduty";

    /// <summary>The PagerDuty user id, for example <c>PXPGF42</c>.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The user's email (their login), which matches them to Sym users.</summary>
    [JsonPropertyName("email")]
    public string? Email { get; init; }

    /// <summary>The user's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>
    /// The Sym user for this PagerDuty user: their email as username, their name, and a <c>pagerduty</c> identity holding
    /// their PagerDuty id (Sym matches PagerDuty users to its users by email).
    /// </summary>
    /// <returns>The Sym user.</returns>
    /// <exception cref="SymException"><c>PagerDuty:INVALID_RESPONSE</c>: PagerDuty gave no email for the user.</exception>
    public User ToSymUser()
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            throw new SymException(PagerDutyErrorCodes.InvalidResponse, $"PagerDuty user {Id} has no email, so no Sym user matches them.",
                "Sym matches PagerDuty users by email; give the user an email in PagerDuty.");
        }

        return new User
        {
            Username = Email,
            Email = Email,
            Name = Name,
            Identities = [new UserIdentity { Service = IdentityService, UserId = Id, Email = Email }],
        };
    }
}
