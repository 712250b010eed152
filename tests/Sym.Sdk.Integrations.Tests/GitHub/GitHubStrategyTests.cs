using Sym.Sdk.Integrations.GitHub;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.GitHub;

namespace Sym.Sdk.Integrations.Tests.GitHub;

/// <summary>GitHubStrategy on the engine, through SymFlowHarness and FakeGitHub.</summary>
public sealed class GitHubStrategyTests
{
    private static readonly User Alice = FakeEvents.User("alice@example.com", slackId: "U0ALICE",
        identities: new UserIdentity { Service = "github", UserId = "alice-gh" });

    private static readonly User NoGitHub = FakeEvents.User("carol@example.com", slackId: "U0CAROL");

    private readonly FakeGitHub _github = new();

    public GitHubStrategyTests()
    {
        _github.AddRepository("acme/api");
        _github.AddTeam("acme", "sre");
    }

    private SymFlowHarness Harness(Dictionary<string, string> settings) =>
        SymFlowHarness.Create<OverlapFlow, GitHubStrategy>(OverlappingRuns.Flow, OverlappingRuns.Definition(settings), b => b.Use(_github));

    private static Dictionary<string, string> RepoTarget => new() { [GitHubStrategy.RepositorySetting] = "acme/api", [GitHubStrategy.PermissionSetting] = "maintain" };

    [Fact]
    public async Task Grant_ThenExpiry_AddsTheCollaboratorAndRemovesThemAtExpiry()
    {
        await using SymFlowHarness harness = Harness(RepoTarget);

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromSeconds(20), reason: "deploy");
        (await run.ApproveAsync(OverlappingRuns.Bob)).IsApplied.Should().BeTrue();

        run.AssertState(SymRunState.Active).AssertNoErrors();
        _github.PermissionOf("acme/api", "alice-gh").Should().Be("maintain");
        run.Current.Outputs["escalate"].Data["github_username"].Should().Be("alice-gh");

        await harness.AdvanceToAsync(run.Current.ExpiresAt!.Value);

        run.AssertState(SymRunState.Ended).AssertStrategyCalls("deescalate", 1).AssertNoErrors();
        _github.PermissionOf("acme/api", "alice-gh").Should().BeNull();
    }

    [Fact]
    public async Task Revoke_TeamMembership_RemovesTheMember()
    {
        await using SymFlowHarness harness = Harness(new() { [GitHubStrategy.OrganizationSetting] = "acme", [GitHubStrategy.TeamSlugSetting] = "sre" });
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromSeconds(20), reason: "incident");
        await run.ApproveAsync(OverlappingRuns.Bob);
        _github.TeamMembershipOf("acme", "sre", "alice-gh").Should().Be("active");

        (await run.RevokeAsync(OverlappingRuns.Bob)).IsApplied.Should().BeTrue();

        run.AssertState(SymRunState.Ended).AssertNoErrors();
        _github.TeamMembershipOf("acme", "sre", "alice-gh").Should().BeNull();
    }

    [Fact]
    public async Task Expiry_InvitationNeverAccepted_CancelsTheInvitationSoALateAcceptGrantsNothing()
    {
        _github.InviteCollaborators = true;
        await using SymFlowHarness harness = Harness(RepoTarget);
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromSeconds(20), reason: "deploy");
        await run.ApproveAsync(OverlappingRuns.Bob);
        _github.HasPendingInvitation("acme/api", "alice-gh").Should().BeTrue();
        run.Current.Outputs["escalate"].Message.Should().Contain("access starts when they accept");

        await harness.AdvanceToAsync(run.Current.ExpiresAt!.Value);

        run.AssertState(SymRunState.Ended).AssertNoErrors();
        _github.HasPendingInvitation("acme/api", "alice-gh").Should().BeFalse();
        Action accept = () => _github.AcceptInvitation("acme/api", "alice-gh");
        accept.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public async Task Grant_AlreadyCollaborator_IsAlreadyGranted()
    {
        _github.AddCollaborator("acme/api", "alice-gh", "maintain");
        await using SymFlowHarness harness = Harness(RepoTarget);

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromSeconds(20), reason: "deploy");
        await run.ApproveAsync(OverlappingRuns.Bob);

        run.Current.Outputs["escalate"].IsNoOp.Should().BeTrue();
        run.AssertState(SymRunState.Active);
    }

    [Fact]
    public async Task Grant_RequesterWithoutGitHubIdentity_FailsWithIdentityNotFoundNamingGitHubAndGrantsNothing()
    {
        await using SymFlowHarness harness = Harness(RepoTarget);

        HarnessRun run = await harness.RequestAsync(NoGitHub, target: "prod", duration: TimeSpan.FromSeconds(20), reason: "deploy");
        await run.ApproveAsync(OverlappingRuns.Bob);

        SymRunError error = run.Errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(IdentityNotFoundException.Code);
        error.Message.Should().Contain("github").And.Contain("carol@example.com");
        _github.Calls.Should().NotContain(static c => c.StartsWith("github.AddRepositoryCollaborator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Grant_RepoNotOwnerSlashName_FailsWithMissingTargetSetting()
    {
        await using SymFlowHarness harness = Harness(new() { [GitHubStrategy.RepositorySetting] = "api" });

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromSeconds(20), reason: "deploy");
        await run.ApproveAsync(OverlappingRuns.Bob);

        run.Errors.Should().Contain(static e => e.Step == "escalate" && e.Code == SymErrorCodes.MissingTargetSetting);
        _github.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Grant_SymStyleRepoNameAndOrg_AddsTheCollaboratorWithPush()
    {
        await using SymFlowHarness harness = Harness(new() { [GitHubStrategy.OrganizationSetting] = "acme", [GitHubStrategy.RepositoryNameSetting] = "api" });

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromSeconds(20), reason: "deploy");
        await run.ApproveAsync(OverlappingRuns.Bob);

        _github.PermissionOf("acme/api", "alice-gh").Should().Be("push");
    }
}
