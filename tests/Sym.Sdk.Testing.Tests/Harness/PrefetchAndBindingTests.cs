using Sym.Sdk.Flows;
using Sym.Sdk.Forms;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Harness;

/// <summary>Sym's github_dynamic_targets shape: a prefetched <c>repo_name</c> field, bound to the target's setting of that name.</summary>
public sealed class RepoFlow : FlowImplementation
{
    public RepoFlow() => PrefetchField("repo_name", GetReposAsync);

    public int Calls { get; private set; }

    public bool Fail { get; set; }

    /// <summary>Alice may ask for two repositories; anyone else for one.</summary>
    private ValueTask<IReadOnlyList<FieldOption>> GetReposAsync(Event evt, CancellationToken cancellationToken)
    {
        Calls++;
        if (Fail)
        {
            throw new InvalidOperationException("GitHub is down");
        }

        IReadOnlyList<FieldOption> repos = evt.User == Alice
            ? [new FieldOption("api"), new FieldOption("web")]
            : [new FieldOption("docs")];
        return new(repos);
    }

    public override ValueTask<IReadOnlyList<FieldOption>?> PrefetchFieldOptionsAsync(PromptField field, Event evt, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("the per-field reducer wins; this is never called for repo_name");

    public static void Configure(FlowOptions o)
    {
        o.AllowedDurations.Add("1h");
        o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
        o.Fields.Add(new PromptFieldOptions { Name = "repo_name", Type = "string", Prefetch = true, Required = false });
        o.Targets.Add(new AccessTargetOptions { Name = "repo", Type = "github_repo", Settings = { ["org"] = "acme" }, FieldBindings = { "repo_name" } });
    }
}

/// <summary>Records the target settings the strategy reads.</summary>
public sealed class SettingsStrategy : AccessStrategy
{
    public List<string> Granted { get; } = [];

    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        Granted.Add($"{evt.Fields.Target!.Settings["org"]}/{evt.Fields.Target.Settings["repo_name"]}");
        return new(StrategyOutput.Applied());
    }

    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) => new(StrategyOutput.Applied());
}

public sealed class PrefetchAndBindingTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static SymFlowHarness NewHarness() => SymFlowHarness.Create<RepoFlow, SettingsStrategy>("github", RepoFlow.Configure);

    [Fact]
    public async Task PromptAsync_PerFieldReducer_OffersTheRequestersOptions()
    {
        await using SymFlowHarness harness = NewHarness();

        SymPromptResult alice = await harness.Engine.PromptAsync("github", Alice);
        SymPromptResult bob = await harness.Engine.PromptAsync("github", Bob);

        alice.Form!.Find("repo_name")!.AllowedValues.Select(o => o.Value).Should().Equal("api", "web");
        bob.Form!.Find("repo_name")!.AllowedValues.Select(o => o.Value).Should().Equal("docs");
    }

    [Fact]
    public async Task RequestAsync_BoundField_FillsTheTargetSettingTheStrategyReads()
    {
        await using SymFlowHarness harness = NewHarness();
        var strategy = (SettingsStrategy)harness.Services.GetService(typeof(SettingsStrategy))!;

        HarnessRun run = await harness.RequestAsync(Alice, target: "repo", duration: Hour, reason: "fix",
            fields: new Dictionary<string, object?> { ["repo_name"] = "web" });
        await run.ApproveAsync(Bob);

        strategy.Granted.Should().Equal("acme/web");
        run.Current.Target!.Settings["repo_name"].Should().Be("web", "the bound setting is recorded with the run");
    }

    [Fact]
    public async Task RequestAsync_BoundFieldMissing_IsAFieldErrorAndCreatesNothing()
    {
        await using SymFlowHarness harness = NewHarness();

        Func<Task> request = () => harness.RequestAsync(Alice, target: "repo", duration: Hour, reason: "fix");

        SymRequestValidationException error = (await request.Should().ThrowAsync<SymRequestValidationException>()).Which;
        error.Errors.Should().ContainSingle().Which.Should().Be(new SymFieldError("repo_name", "repo_name is required for target 'repo', which binds it."));
        harness.Runs.Should().BeEmpty();
    }

    [Fact]
    public async Task RequestAsync_ForgedValueNeverOffered_IsRefusedAndCreatesNothing()
    {
        await using SymFlowHarness harness = NewHarness();

        Func<Task> forged = () => harness.RequestAsync(Bob, target: "repo", duration: Hour, reason: "fix",
            fields: new Dictionary<string, object?> { ["repo_name"] = "api" });

        SymRequestValidationException error = (await forged.Should().ThrowAsync<SymRequestValidationException>()).Which;
        error.ErrorCode.Should().Be(SymErrorCodes.InvalidRequest);
        error.Errors.Should().ContainSingle().Which.Should().Be(new SymFieldError("repo_name", "'api' is not one of the options offered for repo_name."));
        harness.Runs.Should().BeEmpty();
        harness.Services.GetService(typeof(RepoFlow)).Should().BeOfType<RepoFlow>().Which.Calls.Should().Be(1, "the options were computed again, for Bob");
    }

    [Fact]
    public async Task RequestAsync_PrefetchFails_RefusesTheValueInsteadOfAcceptingIt()
    {
        await using SymFlowHarness harness = NewHarness();
        ((RepoFlow)harness.Services.GetService(typeof(RepoFlow))!).Fail = true;

        Func<Task> request = () => harness.RequestAsync(Alice, target: "repo", duration: Hour, reason: "fix",
            fields: new Dictionary<string, object?> { ["repo_name"] = "web" });

        SymRequestValidationException error = (await request.Should().ThrowAsync<SymRequestValidationException>()).Which;
        error.Errors.Should().ContainSingle().Which.Message.Should().Be("The options of repo_name could not be computed, so the value cannot be checked; try again.");
        harness.Runs.Should().BeEmpty();
    }
}
