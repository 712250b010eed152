namespace Sym.Sdk.Integrations.GitHub;

/// <summary>
/// The GitHub REST API calls Sym.Sdk needs: an organization's repositories, repository collaborators and team membership.
/// Register the real client with <c>services.AddSymGitHub(…)</c>; tests use <c>Sym.Sdk.Testing.GitHub.FakeGitHub</c>, an
/// in-memory GitHub with the same contract. Adding and removing are idempotent.
/// </summary>
/// <remarks>
/// Every failure is a <see cref="SymException"/> with a <c>GitHub:…</c> code (<see cref="GitHubErrorCodes"/>):
/// <see cref="SymNotFoundException"/> (<c>GitHub:REPOSITORY_NOT_FOUND</c>, <c>GitHub:TEAM_NOT_FOUND</c>, …),
/// <see cref="SymAuthenticationException"/> (<c>GitHub:INVALID_TOKEN</c>, <c>GitHub:FORBIDDEN</c>),
/// <see cref="SymRateLimitedException"/> (<c>GitHub:RATE_LIMITED</c>), or <see cref="SymException"/>
/// (<c>GitHub:VALIDATION</c>, …).
/// </remarks>
public interface IGitHubClient
{
    /// <summary>Lists an organization's repositories, following every <c>Link: rel="next"</c> page.</summary>
    /// <param name="organization">The organization's login.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The repositories.</returns>
    /// <exception cref="SymNotFoundException"><c>GitHub:ORGANIZATION_NOT_FOUND</c>.</exception>
    IAsyncEnumerable<GitHubRepository> ListOrganizationRepositoriesAsync(string organization, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives a user access to a repository (<c>PUT /repos/{owner}/{repo}/collaborators/{username}</c>). A user who is
    /// already a collaborator, or already invited, is <see cref="GitHubAccessChange.AlreadyMember"/>; an outside
    /// collaborator is <see cref="GitHubAccessChange.Invited"/> (access starts when they accept).
    /// </summary>
    /// <param name="owner">The repository's owner (organization or user).</param>
    /// <param name="repository">The repository's name.</param>
    /// <param name="username">The user's GitHub login.</param>
    /// <param name="permission"><c>pull</c>, <c>triage</c>, <c>push</c>, <c>maintain</c>, <c>admin</c> or a custom role. The default value is <c>push</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="SymNotFoundException"><c>GitHub:REPOSITORY_NOT_FOUND</c>.</exception>
    /// <exception cref="SymException"><c>GitHub:VALIDATION</c>: GitHub refused the user or the permission.</exception>
    Task<GitHubAccessChange> AddRepositoryCollaboratorAsync(string owner, string repository, string username, string permission = "push",
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes a user's access to a repository away: removes them as a collaborator
    /// (<c>DELETE /repos/{owner}/{repo}/collaborators/{username}</c>) and cancels any invitation still pending, so an
    /// invitation accepted later grants nothing.
    /// </summary>
    /// <param name="owner">The repository's owner.</param>
    /// <param name="repository">The repository's name.</param>
    /// <param name="username">The user's GitHub login.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="GitHubAccessChange.Removed"/>, or <see cref="GitHubAccessChange.NotMember"/> when nothing was needed.</returns>
    Task<GitHubAccessChange> RemoveRepositoryCollaboratorAsync(string owner, string repository, string username, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a user to a team (<c>PUT /orgs/{org}/teams/{team_slug}/memberships/{username}</c>). An existing membership,
    /// active or pending, is <see cref="GitHubAccessChange.AlreadyMember"/>; a user outside the organization gets a
    /// pending membership, <see cref="GitHubAccessChange.Invited"/>.
    /// </summary>
    /// <param name="organization">The organization's login.</param>
    /// <param name="teamSlug">The team's slug.</param>
    /// <param name="username">The user's GitHub login.</param>
    /// <param name="role"><c>member</c> or <c>maintainer</c>. The default value is <c>member</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="SymNotFoundException"><c>GitHub:TEAM_NOT_FOUND</c>.</exception>
    Task<GitHubAccessChange> AddTeamMemberAsync(string organization, string teamSlug, string username, string role = "member",
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a user from a team, or cancels their pending membership (<c>DELETE
    /// /orgs/{org}/teams/{team_slug}/memberships/{username}</c>). A 404 means they are not a member: nothing to do.
    /// </summary>
    /// <param name="organization">The organization's login.</param>
    /// <param name="teamSlug">The team's slug.</param>
    /// <param name="username">The user's GitHub login.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="GitHubAccessChange.Removed"/>, or <see cref="GitHubAccessChange.NotMember"/>.</returns>
    Task<GitHubAccessChange> RemoveTeamMemberAsync(string organization, string teamSlug, string username, CancellationToken cancellationToken = default);
}
