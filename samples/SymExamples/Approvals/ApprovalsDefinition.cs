using Sym.Sdk.Flows;

namespace SymExamples.Approvals;

/// <summary>The example's <c>sym_flow</c> (Terraform in Sym): vars and prompt fields, and no strategy.</summary>
public static class ApprovalsDefinition
{
    /// <summary>The flow's name.</summary>
    public const string Name = "approval";

    /// <summary>The flow's definition.</summary>
    /// <param name="requestChannel">Where requests go (flow var <c>request_channel</c>).</param>
    /// <param name="approvers">The approver safelist: comma-separated usernames (flow var <c>approvers</c>).</param>
    /// <returns>Configures the flow.</returns>
    public static Action<FlowOptions> Create(string requestChannel, string approvers) => flow =>
    {
        flow.Label = "Approval";
        flow.Vars["request_channel"] = requestChannel;
        flow.Vars["approvers"] = approvers;
        // Sym asks only on_deny who may deny (the impl lets the requester and the safelist); this SDK by default also asks
        // on_approve (DenyRequiresApprover), which would refuse the requester here.
        flow.DenyRequiresApprover = false;
        flow.Fields.Add(new PromptFieldOptions { Name = "resource", Label = "What do you need access to?", Type = "string", Required = true });
        flow.Fields.Add(new PromptFieldOptions { Name = "reason", Label = "Why do you need access?", Type = "string", Required = true });
    };
}
