using Sym.Sdk.Flows;

namespace SymExamples.OktaSdk;

/// <summary>The example's <c>sym_flow</c>: the approvers' Okta group as a flow var, and no strategy.</summary>
public static class OktaSdkDefinition
{
    /// <summary>The flow's name.</summary>
    public const string Name = "okta_sdk";

    /// <summary>The flow's definition.</summary>
    /// <param name="approversGroupId">The Okta group whose members may approve (flow var <c>approvers_group</c>).</param>
    /// <returns>Configures the flow.</returns>
    public static Action<FlowOptions> Create(string approversGroupId) => flow =>
    {
        flow.Label = "Okta SDK";
        flow.Vars["approvers_group"] = approversGroupId;
        flow.Fields.Add(new PromptFieldOptions { Name = "resource", Label = "What do you need access to?", Type = "string", Required = true });
        flow.Fields.Add(new PromptFieldOptions { Name = "reason", Label = "Why do you need access?", Type = "string", Required = true });
    };
}
