using System.Collections.Frozen;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Integrations.GitHub;

/// <summary>
/// Grants access to a GitHub repository (as a collaborator with a permission) or a team (as a member), and revokes it.
/// The target says which in its settings: <c>repo</c> (<c>owner/name</c>) with an optional <c>permission</c>
/// (default <c>push</c>), or <c>org</c> with <c>team_slug</c> and an optional <c>role</c> (default <c>member</c>). The
/// requester's GitHub username is their stored <c>github</c> identity; GitHub cannot look users up by email, so a user
/// without one fails the grant with <see cref="IdentityNotFoundException"/> (<c>Identity:NOT_FOUND</c>) naming the
/// <c>github</c> service: store the username first (the identity store, or <c>User.Identities</c>).
/// </summary>
/// <remarks>
/// <para>Idempotent both ways. Escalate: an existing collaborator or team member, or one with an invitation still
/// pending, is <see cref="StrategyOutput.AlreadyGranted"/>; an outside collaborator is invited, which is recorded as
/// applied with the message that access starts when they accept. Deescalate: removes the collaborator <em>and</em>
/// cancels a pending invitation (an invitation accepted after expiry would otherwise grant access again), or removes the
/// team membership (active or pending); no access, a 404, a deleted repository or team, or a requester without a GitHub
/// identity is <see cref="StrategyOutput.AlreadyRevoked"/>.</para>
/// <para>Sym's own GitHub strategy names the repository by its name within the integration's organization; here
/// <c>repo</c> is <c>owner/name</c> so one flow can span organizations. <c>repo_name</c> with <c>org</c> is accepted
/// too, as Sym writes it.</para>
/// </remarks>
/// <param name="github">The GitHub client (the real one, or <c>FakeGitHub</c> in tests).</param>
public sealed class GitHubStrategy(IGitHubClient github) : AccessStrategy
{
    /// <summary>The target setting naming the repository as <c>owner/name</c>: <c>repo</c>.</summary>
    public const string RepositorySetting = "repo";

    /// <summary>The target setting naming the repository within <see cref="OrganizationSetting"/> (Sym's form): <c>repo_name</c>.</summary>
    public const string RepositoryNameSetting = "repo_name";

    /// <summary>The target setting with the collaborator permission: <c>permission</c> (default <c>push</c>).</summary>
    public const string PermissionSetting = "permission";

    /// <summary>The target setting naming the organization: <c>org</c>.</summary>
    public const string OrganizationSetting = "org";

    /// <summary>The target setting naming the team: <c>team_slug</c>.</summary>
    public const string TeamSlugSetting = "team_slug";

    /// <summary>The target setting with the team role: <c>role</c> (default <c>member</c>).</summary>
    public const string RoleSetting = "role";

    /// <inheritdoc />
    /// <value><c>github</c>.</value>
    public override string IdentityService => "github";

    /// <inheritdoc />
    /// <remarks>GitHub has no lookup of users by email, so this finds nothing: the username must be stored as the user's <c>github</c> identity.</remarks>
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new ValueTask<string?>((string?)null);
    }

    /// <inheritdoc />
    /// <exception cref="SymException"><c>SymSDK:MISSING_TARGET</c> or <c>SymSDK:MISSING_TARGET_SETTING</c>: the target names neither a repository nor a team.</exception>
    /// <exception cref="IdentityNotFoundException">The requester has no stored <c>github</c> identity.</exception>
    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        GitHubTarget target = GetTarget(targetId, evt);
        string username = await GetRequesterIdentityAsync(evt, cancellationToken).ConfigureAwait(false);
        GitHubAccessChange change = target.IsTeam
            ? await github.AddTeamMemberAsync(target.Owner, target.Name, username, target.Level, cancellationToken).ConfigureAwait(false)
            : await github.AddRepositoryCollaboratorAsync(target.Owner, target.Name, username, target.Level, cancellationToken).ConfigureAwait(false);
        return change switch
        {
            GitHubAccessChange.AlreadyMember => StrategyOutput.AlreadyGranted(),
            GitHubAccessChange.Invited => StrategyOutput.Applied(Record(target, username),
                $"Invited GitHub user {username} to {target}; access starts when they accept the invitation."),
            _ => StrategyOutput.Applied(Record(target, username), $"Gave GitHub user {username} {target.Level} access to {target}."),
        };
    }

    /// <inheritdoc />
    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        GitHubTarget target = GetTarget(targetId, evt);
        string username;
        try
        {
            username = await GetRequesterIdentityAsync(evt, cancellationToken).ConfigureAwait(false);
        }
        catch (IdentityNotFoundException)
        {
            return StrategyOutput.AlreadyRevoked();
        }

        try
        {
            GitHubAccessChange change = target.IsTeam
                ? await github.RemoveTeamMemberAsync(target.Owner, target.Name, username, cancellationToken).ConfigureAwait(false)
                : await github.RemoveRepositoryCollaboratorAsync(target.Owner, target.Name, username, cancellationToken).ConfigureAwait(false);
            return change == GitHubAccessChange.NotMember
                ? StrategyOutput.AlreadyRevoked()
                : StrategyOutput.Applied(Record(target, username), $"Removed GitHub user {username} from {target}.");
        }
        catch (SymNotFoundException e) when (e.ErrorCode is GitHubErrorCodes.RepositoryNotFound or GitHubErrorCodes.TeamNotFound)
        {
            return StrategyOutput.AlreadyRevoked();
        }
    }

    private static GitHubTarget GetTarget(string targetId, Event evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        AccessTarget target = evt.Fields.Target ?? throw new SymException(SymErrorCodes.MissingTarget,
            $"The {evt.Name} event for target '{targetId}' carries no access target, so the GitHub repository or team is unknown.",
            "GitHub flows need targets with a repo (owner/name) setting, or org and team_slug settings.");
        IReadOnlyDictionary<string, string> settings = target.Settings;
        if (settings.TryGetValue(TeamSlugSetting, out string? slug) && !string.IsNullOrWhiteSpace(slug))
        {
            return new GitHubTarget(true, target.GetRequiredSetting(OrganizationSetting), slug, Optional(settings, RoleSetting) ?? "member");
        }

        string permission = Optional(settings, PermissionSetting) ?? "push";
        if (Optional(settings, RepositoryNameSetting) is { } repoName)
        {
            return new GitHubTarget(false, target.GetRequiredSetting(OrganizationSetting), repoName, permission);
        }

        string repo = target.GetRequiredSetting(RepositorySetting);
        int slash = repo.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == repo.Length - 1 || repo.IndexOf('/', slash + 1) >= 0)
        {
            throw new SymException(SymErrorCodes.MissingTargetSetting,
                $"Target '{target.Name}' has repo '{repo}', which is not of the form owner/name.",
                "Set repo to owner/name, for example acme/api.");
        }

        return new GitHubTarget(false, repo[..slash], repo[(slash + 1)..], permission);
    }

    private static string? Optional(IReadOnlyDictionary<string, string> settings, string key) =>
        settings.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static FrozenDictionary<string, string> Record(GitHubTarget target, string username) =>
        new Dictionary<string, string>(3, StringComparer.Ordinal)
        {
            [target.IsTeam ? TeamSlugSetting : RepositorySetting] = target.ToString(),
            [target.IsTeam ? RoleSetting : PermissionSetting] = target.Level,
            ["github_username"] = username,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    private sealed record GitHubTarget(bool IsTeam, string Owner, string Name, string Level)
    {
        public override string ToString() => $"{Owner}/{Name}";
    }
}
