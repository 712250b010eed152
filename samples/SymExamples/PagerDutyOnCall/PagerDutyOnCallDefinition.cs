using Sym.Sdk.Flows;

namespace SymExamples.PagerDutyOnCall;

/// <summary>The example's <c>sym_flow</c>: an approval flow (no strategy) with a resource and a reason.</summary>
public static class PagerDutyOnCallDefinition
{
    /// <summary>The flow's name.</summary>
    public const string Name = "approval";

    /// <summary>The flow's definition.</summary>
    /// <returns>Configures the flow.</returns>
    public static Action<FlowOptions> Create() => flow =>
    {
        flow.Label = "Approval";
        flow.Fields.Add(new PromptFieldOptions { Name = "resource", Label = "What do you need access to?", Type = "string", Required = true });
        flow.Fields.Add(new PromptFieldOptions { Name = "reason", Label = "Why do you need access?", Type = "string", Required = true });
    };
}
