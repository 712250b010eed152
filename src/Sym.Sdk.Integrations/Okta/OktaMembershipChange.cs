namespace Sym.Sdk.Integrations.Okta;

/// <summary>What adding a user to a group, or removing one, did.</summary>
public enum OktaMembershipChange
{
    /// <summary>The user was added to the group.</summary>
    Added = 0,

    /// <summary>The user was already a member; nothing changed.</summary>
    AlreadyMember = 1,

    /// <summary>The user was removed from the group.</summary>
    Removed = 2,

    /// <summary>The user was not a member; nothing changed.</summary>
    NotMember = 3,
}
