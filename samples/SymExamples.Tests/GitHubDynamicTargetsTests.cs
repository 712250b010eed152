using Sym.Sdk;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.GitHub;
using SymExamples.GitHubDynamicTargets;

namespace SymExamples.Tests;

/// <summary>
/// Sym's <c>github_dynamic_targets</c> example, ported: the prefetch reducer offers the organization's private
/// repositories, the chosen one is bound into the target's <c>repo_name</c>, and the GitHub strategy grants it.
/// </summary>
public sealed class GitHubDynamicTargetsTests : IAsyncLifetime
{
    private const string Org = "sym-test";
    private static readonly User Alice = FakeEvents.User("alice@example.com", "U0ALICE", null, null, null, FakeEvents.Identity("github", "alice-gh"));
    private static readonly User Bob = FakeEvents.User("bob@example.com", slackId: "U0BOB");

    private readonly FakeGitHub _github = new();
    private SymFlowHarness _harness = null!;

    public Task InitializeAsync()
    {
        _github.AddRepository($"{Org}/payments");
        _github.AddRepository($"{Org}/ledger");
        _github.AddRepository($"{Org}/website", isPrivate: false);
        _harness = SymFlowHarness.CreateBuilder()
            .AddEnvironment(GitHubDynamicTargetsDefinition.EnvironmentName, GitHubDynamicTargetsDefinition.Environment(Org))
            .AddFlow<GitHubDynamicTargetsFlow, Sym.Sdk.Integrations.GitHub.GitHubStrategy>(GitHubDynamicTargetsDefinition.Name, GitHubDynamicTargetsDefinition.Flow(Org))
            .Use(_github)
            .Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<HarnessRun> RequestAsync(User requester, string repo) =>
        _harness.RequestAsync(requester, target: "private-repos", duration: TimeSpan.FromHours(1), reason: "fix the build",
            fields: new Dictionary<string, object?> { ["repo_name"] = repo });

    [Fact]
    public async Task Prefetch_OffersThePrivateRepositoriesOnly()
    {
        SymPromptResult prompt = await _harness.Engine.PromptAsync(GitHubDynamicTargetsDefinition.Name, Alice);

        prompt.Form!.Fields.Single(f => f.Name == "repo_name").AllowedValues.Select(o => o.Value)
            .Should().BeEquivalentTo(["payments", "ledger"]);
    }

    [Fact]
    public async Task Approve_AddsTheChosenRepository_AndExpiryRemovesIt()
    {
        HarnessRun run = await RequestAsync(Alice, "payments");

        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Active).AssertNoErrors();
        run.Current.Target!.Settings["repo_name"].Should().Be("payments");
        _github.PermissionOf($"{Org}/payments", "alice-gh").Should().Be("push");
        _github.PermissionOf($"{Org}/ledger", "alice-gh").Should().BeNull();

        await _harness.AdvanceAsync(TimeSpan.FromHours(1));

        run.AssertState(SymRunState.Ended);
        _github.PermissionOf($"{Org}/payments", "alice-gh").Should().BeNull();
    }

    [Fact]
    public async Task Request_ForARepositoryNeverOffered_IsRefused_AndNothingIsCreated()
    {
        Func<Task> act = () => RequestAsync(Alice, "website");

        await act.Should().ThrowAsync<SymRequestValidationException>();
        _harness.Runs.Should().BeEmpty();
    }

    [Fact]
    public async Task RequesterWithoutAGitHubIdentity_FailsTheGrantClearly()
    {
        HarnessRun run = await RequestAsync(Bob, "ledger");

        await run.ApproveAsync(Alice);

        run.State.Should().NotBe(SymRunState.Active);
        run.Errors.Should().Contain(e => e.Code == "Identity:NOT_FOUND");
    }
}
