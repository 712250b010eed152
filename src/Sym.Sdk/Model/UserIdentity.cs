namespace Sym.Sdk;

/// <summary>
/// A user's identity in one service: their Slack user id in a workspace, their Okta user id, their AWS Identity Store
/// user id, and so on.
/// </summary>
public sealed record UserIdentity
{
    /// <summary>The service type, for example <c>slack</c>, <c>okta</c>, <c>aws_sso</c> or <c>sym</c>.</summary>
    public required string Service { get; init; }

    /// <summary>
    /// The id of the service instance, for example the Slack workspace id (<c>T0123456789</c>) or the Okta domain
    /// (wire name <c>external_id</c>).
    /// </summary>
    public string? ServiceId { get; init; }

    /// <summary>The user's id in the service, for example a Slack user id (wire name <c>user_id</c>).</summary>
    public string? UserId { get; init; }

    /// <summary>The user's email in the service, when the service identifies users by email.</summary>
    public string? Email { get; init; }

    /// <summary>The value that identifies the user in the service: <see cref="UserId"/>, else <see cref="Email"/>.</summary>
    public string? MatchingValue => UserId ?? Email;

    /// <summary>What the parsed wire object held that the model does not (see <see cref="Serialization.SymEventJson"/>).</summary>
    internal Serialization.Internal.WireMembers? Wire { get; init; }
}
