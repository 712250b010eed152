using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.GitHub;

namespace SymExamples.GitHubDynamicTargets;

/// <summary>
/// The example's Terraform: the <c>github</c> integration (its external ID is the organization), the <c>github_repo</c>
/// target whose <c>repo_name</c> is bound to the prompt field of that name, and the flow.
/// </summary>
public static class GitHubDynamicTargetsDefinition
{
    /// <summary>The flow's name.</summary>
    public const string Name = "github";

    /// <summary>The environment the flow lives in.</summary>
    public const string EnvironmentName = "main";

    /// <summary>The environment: the GitHub integration for the organization.</summary>
    /// <param name="organization">The GitHub organization (Sym's <c>external_id</c>).</param>
    /// <returns>Configures the environment.</returns>
    public static Action<EnvironmentOptions> Environment(string organization) => environment =>
        environment.Integrations["github"] = new IntegrationOptions { Type = "github", ExternalId = organization };

    /// <summary>The flow's definition.</summary>
    /// <param name="organization">The GitHub organization whose repositories are requested.</param>
    /// <returns>Configures the flow.</returns>
    public static Action<FlowOptions> Flow(string organization) => flow =>
    {
        flow.Label = "GitHub Repo Access";
        flow.Environment = EnvironmentName;
        flow.Strategy.Type = "github";
        flow.Strategy.IntegrationName = "github";
        flow.Targets.Add(new AccessTargetOptions
        {
            Name = "private-repos",
            Label = "Private Repos",
            Type = "github_repo",
            Settings = { [GitHubStrategy.OrganizationSetting] = organization },
            // The `repo_name` setting is filled from the `repo_name` prompt field.
            FieldBindings = { GitHubStrategy.RepositoryNameSetting },
        });
        flow.Fields.Add(new PromptFieldOptions { Name = "repo_name", Label = "Repository Name", Type = "string", Required = true, Prefetch = true });
        flow.Fields.Add(new PromptFieldOptions { Name = "reason", Label = "Why do you need access?", Type = "string", Required = true });
        flow.AllowedDurations.Add("1h");
        flow.AllowedDurations.Add("1d");
        flow.AllowedDurations.Add("10d");
    };
}
