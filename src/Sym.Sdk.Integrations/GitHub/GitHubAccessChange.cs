namespace Sym.Sdk.Integrations.GitHub;

/// <summary>What adding or removing a repository collaborator or team member did.</summary>
public enum GitHubAccessChange
{
    /// <summary>The user was given access (an organization member added directly, or an active team membership).</summary>
    Added = 0,

    /// <summary>GitHub invited the user; access starts when they accept (an outside collaborator, or a pending team membership).</summary>
    Invited = 1,

    /// <summary>The user already had access (or an invitation pending); nothing changed.</summary>
    AlreadyMember = 2,

    /// <summary>The user's access (or pending invitation) was removed.</summary>
    Removed = 3,

    /// <summary>The user had no access and no pending invitation; nothing changed.</summary>
    NotMember = 4,
}
