namespace Sym.Sdk.Integrations.Aws.IdentityStore;

/// <summary>A user's membership of an Identity Store group.</summary>
public sealed record GroupMembership
{
    /// <summary>The membership's id.</summary>
    public required string MembershipId { get; init; }

    /// <summary>The group's id.</summary>
    public required string GroupId { get; init; }

    /// <summary>The member's user id (group members that are not users are skipped).</summary>
    public required string UserId { get; init; }
}
