using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sym.Sdk.Integrations.GitHub;
using Sym.Sdk.Integrations.GitHub.Internal;
using Sym.Sdk.Testing.Faults;

namespace Sym.Sdk.Testing.GitHub;

/// <summary>
/// An in-memory GitHub implementing <see cref="IGitHubClient"/>: organizations with repositories (collaborators with
/// permissions, pending invitations) and teams (members, pending memberships). Seed it with <see cref="AddRepository"/>
/// and <see cref="AddTeam"/>, hand it to the code under test, then inspect <see cref="PermissionOf"/>,
/// <see cref="HasPendingInvitation"/>, <see cref="TeamMembershipOf"/> and <see cref="Calls"/>. It raises the same
/// <see cref="SymException"/>s as the real client (<c>GitHub:REPOSITORY_NOT_FOUND</c>, <c>GitHub:TEAM_NOT_FOUND</c>, …), and
/// <see cref="Faults"/> makes any operation fail on demand. Thread-safe.
/// </summary>
/// <remarks>
/// <see cref="InviteCollaborators"/> chooses how a new collaborator is added: directly (an organization member, GitHub's
/// 204) or as a pending invitation (an outside collaborator, GitHub's 201) that <see cref="AcceptInvitation"/> turns into
/// access. Likewise <see cref="InviteTeamMembers"/> for team memberships. In a <see cref="SymFlowHarness"/>,
/// <see cref="SymFlowHarness.Reset"/> puts the world back as it was at <see cref="SymFlowHarnessBuilder.Build"/>.
/// </remarks>
public sealed class FakeGitHub : IGitHubClient, ISymFake, IStoryScopedFake
{
    private readonly Lock _gate = new();
    private readonly List<string> _calls = [];
    private World _world = World.Empty;
    private World _worldAtStart = World.Empty;

    /// <summary>
    /// Fault injection. Operations are named <c>github.ListOrganizationRepositories</c>,
    /// <c>github.AddRepositoryCollaborator</c>, <c>github.RemoveRepositoryCollaborator</c>, <c>github.AddTeamMember</c> and
    /// <c>github.RemoveTeamMember</c>. A fired fault changes nothing.
    /// </summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>Whether a new collaborator gets a pending invitation (an outside collaborator) instead of access at once. The default value is <see langword="false"/>.</summary>
    public bool InviteCollaborators { get; set; }

    /// <summary>Whether a new team member gets a pending membership (not yet in the organization). The default value is <see langword="false"/>.</summary>
    public bool InviteTeamMembers { get; set; }

    /// <summary>Every call made through <see cref="IGitHubClient"/>, in order, as <c>operation arguments</c>; <see cref="SymFlowHarness.Reset"/> clears them.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Registers this GitHub as the <see cref="IGitHubClient"/>, in place of the real client.</summary>
    /// <param name="services">The services.</param>
    public void AddTo(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton<IGitHubClient>(this));
    }

    /// <inheritdoc />
    void IStoryScopedFake.MarkStart()
    {
        lock (_gate)
        {
            _worldAtStart = _world;
        }
    }

    /// <inheritdoc />
    void IStoryScopedFake.Restart()
    {
        lock (_gate)
        {
            _calls.Clear();
            _world = _worldAtStart;
        }
    }

    /// <summary>Adds a repository. Not recorded, never faulted.</summary>
    /// <param name="fullName">The repository as <c>owner/name</c>.</param>
    /// <param name="isPrivate">Whether it is private. The default value is <see langword="true"/>.</param>
    /// <returns>The repository.</returns>
    public GitHubRepository AddRepository(string fullName, bool isPrivate = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullName);
        int slash = fullName.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == fullName.Length - 1)
        {
            throw new ArgumentException($"'{fullName}' is not owner/name.", nameof(fullName));
        }

        lock (_gate)
        {
            if (_world.Repositories.ContainsKey(fullName))
            {
                throw new ArgumentException($"FakeGitHub already has a repository '{fullName}'.", nameof(fullName));
            }

            var repository = new GitHubRepository { Id = _world.Repositories.Count + 1, Name = fullName[(slash + 1)..], FullName = fullName, Private = isPrivate };
            _world = _world with { Repositories = With(_world.Repositories, fullName, new Repo(repository, Empty, Empty)) };
            return repository;
        }
    }

    /// <summary>Adds a team. Not recorded, never faulted.</summary>
    /// <param name="organization">The organization.</param>
    /// <param name="slug">The team's slug.</param>
    public void AddTeam(string organization, string slug)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organization);
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        lock (_gate)
        {
            _world = _world with { Teams = With(_world.Teams, $"{organization}/{slug}", Empty) };
        }
    }

    /// <summary>Makes a user a collaborator, as set-up (not recorded, never faulted).</summary>
    /// <param name="fullName">The repository.</param>
    /// <param name="username">The user.</param>
    /// <param name="permission">The permission. The default value is <c>push</c>.</param>
    public void AddCollaborator(string fullName, string username, string permission = "push")
    {
        lock (_gate)
        {
            Repo repo = RequireRepo(fullName);
            _world = _world with { Repositories = With(_world.Repositories, fullName, repo with { Collaborators = With(repo.Collaborators, username, permission) }) };
        }
    }

    /// <summary>Accepts a user's pending invitation to a repository (they become a collaborator). Not recorded, never faulted.</summary>
    /// <param name="fullName">The repository.</param>
    /// <param name="username">The user.</param>
    /// <exception cref="InvalidOperationException">No invitation is pending for them.</exception>
    public void AcceptInvitation(string fullName, string username)
    {
        lock (_gate)
        {
            Repo repo = RequireRepo(fullName);
            string permission = repo.Invitations.TryGetValue(username, out string? p) ? p
                : throw new InvalidOperationException($"No invitation to {fullName} is pending for {username}.");
            _world = _world with
            {
                Repositories = With(_world.Repositories, fullName,
                    repo with { Collaborators = With(repo.Collaborators, username, permission), Invitations = Without(repo.Invitations, username) }),
            };
        }
    }

    /// <summary>A user's permission on a repository right now, or <see langword="null"/> when they are not a collaborator (inspection).</summary>
    /// <param name="fullName">The repository.</param>
    /// <param name="username">The user.</param>
    /// <returns>The permission, or <see langword="null"/>.</returns>
    public string? PermissionOf(string fullName, string username)
    {
        lock (_gate)
        {
            return _world.Repositories.TryGetValue(fullName, out Repo? repo) && repo.Collaborators.TryGetValue(username, out string? p) ? p : null;
        }
    }

    /// <summary>Whether an invitation to a repository is pending for a user (inspection).</summary>
    /// <param name="fullName">The repository.</param>
    /// <param name="username">The user.</param>
    /// <returns>Whether one is pending.</returns>
    public bool HasPendingInvitation(string fullName, string username)
    {
        lock (_gate)
        {
            return _world.Repositories.TryGetValue(fullName, out Repo? repo) && repo.Invitations.ContainsKey(username);
        }
    }

    /// <summary>A user's team membership state right now: <c>active</c>, <c>pending</c>, or <see langword="null"/> (inspection).</summary>
    /// <param name="organization">The organization.</param>
    /// <param name="slug">The team's slug.</param>
    /// <param name="username">The user.</param>
    /// <returns>The state, or <see langword="null"/>.</returns>
    public string? TeamMembershipOf(string organization, string slug, string username)
    {
        lock (_gate)
        {
            return _world.Teams.TryGetValue($"{organization}/{slug}", out IReadOnlyDictionary<string, string>? members)
                && members.TryGetValue(username, out string? state) ? state : null;
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<GitHubRepository> ListOrganizationRepositoriesAsync(string organization, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organization);
        List<GitHubRepository> repositories;
        lock (_gate)
        {
            Begin("github.ListOrganizationRepositories", organization, cancellationToken);
            repositories = [.. _world.Repositories.Values.Select(static r => r.Value)
                .Where(r => r.FullName.StartsWith(organization + "/", StringComparison.OrdinalIgnoreCase))];
            if (repositories.Count == 0 && !_world.Teams.Keys.Any(t => t.StartsWith(organization + "/", StringComparison.OrdinalIgnoreCase)))
            {
                throw GitHubErrors.NotFound(GitHubResource.Organization, organization);
            }
        }

        return Yield(repositories, cancellationToken);
    }

    /// <inheritdoc />
    public Task<GitHubAccessChange> AddRepositoryCollaboratorAsync(string owner, string repository, string username, string permission = "push",
        CancellationToken cancellationToken = default)
    {
        string fullName = RepoName(owner, repository, username);
        ArgumentException.ThrowIfNullOrWhiteSpace(permission);
        lock (_gate)
        {
            Begin("github.AddRepositoryCollaborator", $"{fullName} {username} {permission}", cancellationToken);
            Repo repo = RequireRepo(fullName);
            if (permission is not ("pull" or "triage" or "push" or "maintain" or "admin"))
            {
                throw GitHubErrors.Validation($"Validation Failed: permission '{permission}' is not a role of {fullName}", fullName);
            }

            if (repo.Collaborators.ContainsKey(username) || repo.Invitations.ContainsKey(username))
            {
                return Task.FromResult(GitHubAccessChange.AlreadyMember);
            }

            Repo changed = InviteCollaborators
                ? repo with { Invitations = With(repo.Invitations, username, permission) }
                : repo with { Collaborators = With(repo.Collaborators, username, permission) };
            _world = _world with { Repositories = With(_world.Repositories, fullName, changed) };
            return Task.FromResult(InviteCollaborators ? GitHubAccessChange.Invited : GitHubAccessChange.Added);
        }
    }

    /// <inheritdoc />
    public Task<GitHubAccessChange> RemoveRepositoryCollaboratorAsync(string owner, string repository, string username, CancellationToken cancellationToken = default)
    {
        string fullName = RepoName(owner, repository, username);
        lock (_gate)
        {
            Begin("github.RemoveRepositoryCollaborator", $"{fullName} {username}", cancellationToken);
            Repo repo = RequireRepo(fullName);
            if (!repo.Collaborators.ContainsKey(username) && !repo.Invitations.ContainsKey(username))
            {
                return Task.FromResult(GitHubAccessChange.NotMember);
            }

            _world = _world with
            {
                Repositories = With(_world.Repositories, fullName,
                    repo with { Collaborators = Without(repo.Collaborators, username), Invitations = Without(repo.Invitations, username) }),
            };
            return Task.FromResult(GitHubAccessChange.Removed);
        }
    }

    /// <inheritdoc />
    public Task<GitHubAccessChange> AddTeamMemberAsync(string organization, string teamSlug, string username, string role = "member",
        CancellationToken cancellationToken = default)
    {
        string team = TeamName(organization, teamSlug, username);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        lock (_gate)
        {
            Begin("github.AddTeamMember", $"{team} {username} {role}", cancellationToken);
            IReadOnlyDictionary<string, string> members = RequireTeam(team);
            if (members.ContainsKey(username))
            {
                return Task.FromResult(GitHubAccessChange.AlreadyMember);
            }

            _world = _world with { Teams = With(_world.Teams, team, With(members, username, InviteTeamMembers ? "pending" : "active")) };
            return Task.FromResult(InviteTeamMembers ? GitHubAccessChange.Invited : GitHubAccessChange.Added);
        }
    }

    /// <inheritdoc />
    public Task<GitHubAccessChange> RemoveTeamMemberAsync(string organization, string teamSlug, string username, CancellationToken cancellationToken = default)
    {
        string team = TeamName(organization, teamSlug, username);
        lock (_gate)
        {
            Begin("github.RemoveTeamMember", $"{team} {username}", cancellationToken);

            // Like GitHub's DELETE, an unknown team or a non-member is a 404, which the client reads as "not a member".
            if (!_world.Teams.TryGetValue(team, out IReadOnlyDictionary<string, string>? members) || !members.ContainsKey(username))
            {
                return Task.FromResult(GitHubAccessChange.NotMember);
            }

            _world = _world with { Teams = With(_world.Teams, team, Without(members, username)) };
            return Task.FromResult(GitHubAccessChange.Removed);
        }
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    private static string RepoName(string owner, string repository, string username)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        return $"{owner}/{repository}";
    }

    private static string TeamName(string organization, string teamSlug, string username)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organization);
        ArgumentException.ThrowIfNullOrWhiteSpace(teamSlug);
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        return $"{organization}/{teamSlug}";
    }

    private static IReadOnlyDictionary<string, TValue> With<TValue>(IReadOnlyDictionary<string, TValue> source, string key, TValue value) =>
        new Dictionary<string, TValue>(source, StringComparer.OrdinalIgnoreCase) { [key] = value };

    private static IReadOnlyDictionary<string, TValue> Without<TValue>(IReadOnlyDictionary<string, TValue> source, string key)
    {
        var copy = new Dictionary<string, TValue>(source, StringComparer.OrdinalIgnoreCase);
        copy.Remove(key);
        return copy;
    }

    private static async IAsyncEnumerable<GitHubRepository> Yield(List<GitHubRepository> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (GitHubRepository item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // Called under the lock: records the call, then lets the fault injector fail it before anything changes.
    private void Begin(string operation, string arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _calls.Add($"{operation} {arguments}");
        Faults.ThrowIfFaulted(operation);
    }

    private Repo RequireRepo(string fullName) =>
        _world.Repositories.TryGetValue(fullName, out Repo? repo) ? repo : throw GitHubErrors.NotFound(GitHubResource.Repository, fullName);

    private IReadOnlyDictionary<string, string> RequireTeam(string team) =>
        _world.Teams.TryGetValue(team, out IReadOnlyDictionary<string, string>? members) ? members : throw GitHubErrors.NotFound(GitHubResource.Team, team);

    private sealed record Repo(GitHubRepository Value, IReadOnlyDictionary<string, string> Collaborators, IReadOnlyDictionary<string, string> Invitations);

    /// <summary>The world, immutable: a story's changes replace it, so the snapshot at build is a reference.</summary>
    private sealed record World(IReadOnlyDictionary<string, Repo> Repositories, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Teams)
    {
        public static readonly World Empty = new(
            new Dictionary<string, Repo>(StringComparer.OrdinalIgnoreCase),
            new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase));
    }
}
