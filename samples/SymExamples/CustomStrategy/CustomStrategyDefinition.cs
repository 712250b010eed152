using Sym.Sdk.Flows;

namespace SymExamples.CustomStrategy;

/// <summary>
/// The example's Terraform: the <c>custom</c> integration holding the API key as secret 0, the custom target with its
/// <c>identifier</c> setting, and the flow using the custom strategy.
/// </summary>
public static class CustomStrategyDefinition
{
    /// <summary>The flow's name.</summary>
    public const string Name = "custom-access";

    /// <summary>The environment the flow lives in.</summary>
    public const string EnvironmentName = "main";

    /// <summary>The integration the strategy uses.</summary>
    public const string IntegrationName = "custom-integration";

    /// <summary>The environment: the custom integration, its API key read from a secret.</summary>
    /// <param name="apiKey">Where the API key is (Sym's <c>sym_secret</c>).</param>
    /// <returns>Configures the environment.</returns>
    public static Action<EnvironmentOptions> Environment(SecretReferenceOptions apiKey) => environment =>
        environment.Integrations[IntegrationName] = new IntegrationOptions
        {
            Type = "custom",
            // The external ID is a unique identifier for your account in the third party system.
            ExternalId = "my-account",
            Secrets = { apiKey },
        };

    /// <summary>The flow's definition.</summary>
    /// <returns>Configures the flow.</returns>
    public static Action<FlowOptions> Flow() => flow =>
    {
        flow.Label = "Custom Access";
        flow.Environment = EnvironmentName;
        flow.Strategy.Type = "custom";
        flow.Strategy.IntegrationName = IntegrationName;
        flow.Targets.Add(new AccessTargetOptions { Name = "custom-target", Label = "Custom Target", Type = "custom", Settings = { ["identifier"] = "some-resource" } });
        flow.AllowedDurations.Add("1h");
        flow.AllowedDurations.Add("1d");
        flow.Fields.Add(new PromptFieldOptions { Name = "reason", Label = "Why do you need access?", Type = "string", Required = true });
    };
}
