using Sym.Sdk.Integrations.GitHub;
using Sym.Sdk.Testing.GitHub;

namespace Sym.Sdk.Testing.Tests.GitHub;

public sealed class FakeGitHubTests
{
    private readonly FakeGitHub _github = new();

    public FakeGitHubTests()
    {
        _github.AddRepository("acme/api");
        _github.AddRepository("other/web");
        _github.AddTeam("acme", "sre");
    }

    [Fact]
    public async Task Collaborators_AddTwiceRemoveTwice_IsIdempotent()
    {
        (await _github.AddRepositoryCollaboratorAsync("acme", "api", "octo", "admin")).Should().Be(GitHubAccessChange.Added);
        (await _github.AddRepositoryCollaboratorAsync("acme", "api", "octo")).Should().Be(GitHubAccessChange.AlreadyMember);
        _github.PermissionOf("acme/api", "octo").Should().Be("admin");
        (await _github.RemoveRepositoryCollaboratorAsync("acme", "api", "octo")).Should().Be(GitHubAccessChange.Removed);
        (await _github.RemoveRepositoryCollaboratorAsync("acme", "api", "octo")).Should().Be(GitHubAccessChange.NotMember);
        _github.Calls.Should().HaveCount(4);
    }

    [Fact]
    public async Task Invitations_PendingUntilAccepted_AndRemovedWithTheCollaborator()
    {
        _github.InviteCollaborators = true;

        (await _github.AddRepositoryCollaboratorAsync("acme", "api", "octo")).Should().Be(GitHubAccessChange.Invited);
        _github.PermissionOf("acme/api", "octo").Should().BeNull();
        _github.AcceptInvitation("acme/api", "octo");
        _github.PermissionOf("acme/api", "octo").Should().Be("push");
    }

    [Fact]
    public async Task Errors_AreTheRealClients()
    {
        Func<Task> repo = () => _github.AddRepositoryCollaboratorAsync("acme", "nope", "octo");
        Func<Task> team = () => _github.AddTeamMemberAsync("acme", "nope", "octo");
        Func<Task> permission = () => _github.AddRepositoryCollaboratorAsync("acme", "api", "octo", "owner");
        Func<Task> org = async () => await _github.ListOrganizationRepositoriesAsync("ghost").ToListAsync();

        (await repo.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(GitHubErrorCodes.RepositoryNotFound);
        (await team.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(GitHubErrorCodes.TeamNotFound);
        (await permission.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(GitHubErrorCodes.Validation);
        (await org.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(GitHubErrorCodes.OrganizationNotFound);
        _github.PermissionOf("acme/api", "octo").Should().BeNull();
    }

    [Fact]
    public async Task Teams_PendingMembership_AndRemoveOfNonMemberIsNotMember()
    {
        _github.InviteTeamMembers = true;

        (await _github.AddTeamMemberAsync("acme", "sre", "octo")).Should().Be(GitHubAccessChange.Invited);
        _github.TeamMembershipOf("acme", "sre", "octo").Should().Be("pending");
        (await _github.RemoveTeamMemberAsync("acme", "sre", "octo")).Should().Be(GitHubAccessChange.Removed);
        (await _github.RemoveTeamMemberAsync("acme", "gone", "octo")).Should().Be(GitHubAccessChange.NotMember);
    }

    [Fact]
    public async Task ListOrganizationRepositoriesAsync_ListsOnlyTheOrganizations()
    {
        (await _github.ListOrganizationRepositoriesAsync("acme").ToListAsync()).Select(static r => r.FullName).Should().Equal("acme/api");
    }

    [Fact]
    public async Task Faults_FireBeforeAnythingChanges()
    {
        _github.Faults.FailNext(1, "github.AddRepositoryCollaborator");

        Func<Task> act = () => _github.AddRepositoryCollaboratorAsync("acme", "api", "octo");

        await act.Should().ThrowAsync<Sym.Sdk.Testing.Faults.InjectedFaultException>();
        _github.PermissionOf("acme/api", "octo").Should().BeNull();
    }

    [Fact]
    public async Task Restart_PutsTheWorldBackAsMarked()
    {
        IStoryScopedFake scoped = _github;
        scoped.MarkStart();
        await _github.AddRepositoryCollaboratorAsync("acme", "api", "octo");

        scoped.Restart();

        _github.PermissionOf("acme/api", "octo").Should().BeNull();
        _github.Calls.Should().BeEmpty();
    }
}
