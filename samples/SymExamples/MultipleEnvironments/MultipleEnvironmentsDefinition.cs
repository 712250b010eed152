using Sym.Sdk.Flows;

namespace SymExamples.MultipleEnvironments;

/// <summary>
/// The example's Terraform module, instantiated once per environment: an environment with its Slack integration and a
/// flow in it with that environment's vars.
/// </summary>
public static class MultipleEnvironmentsDefinition
{
    /// <summary>The environment: its Slack workspace.</summary>
    /// <param name="slackWorkspaceId">The Slack workspace (Sym's <c>external_id</c>).</param>
    /// <returns>Configures the environment.</returns>
    public static Action<EnvironmentOptions> Environment(string slackWorkspaceId) => environment =>
        environment.Integrations["slack"] = new IntegrationOptions { Type = "slack", ExternalId = slackWorkspaceId };

    /// <summary>The flow in one environment.</summary>
    /// <param name="environment">The environment's name, for example <c>sandbox</c> or <c>prod</c>.</param>
    /// <param name="requestChannel">Where requests go, and whose members approve (flow var <c>request_channel</c>).</param>
    /// <param name="approvers">The approver safelist (flow var <c>approvers</c>).</param>
    /// <returns>Configures the flow.</returns>
    public static Action<FlowOptions> Flow(string environment, string requestChannel, string approvers) => flow =>
    {
        flow.Label = $"Approval ({environment})";
        flow.Environment = environment;
        flow.Vars["request_channel"] = requestChannel;
        flow.Vars["approvers"] = approvers;
        // Sym asks only on_deny who may deny (the impl lets the requester and the safelist); this SDK by default also asks
        // on_approve (DenyRequiresApprover), which would refuse the requester here.
        flow.DenyRequiresApprover = false;
        flow.Fields.Add(new PromptFieldOptions { Name = "resource", Label = "What do you need access to?", Type = "string", Required = true });
        flow.Fields.Add(new PromptFieldOptions { Name = "reason", Label = "Why do you need access?", Type = "string", Required = true });
    };
}
