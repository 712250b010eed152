using Sym.Sdk.Forms;
using Sym.Sdk.FrontEnds;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// The request modal of a flow, as opening it and checking its submission both need it: the fields (with a duration
/// select when the flow has no duration field) and the modal's options.
/// </summary>
internal static class SlackFlowModal
{
    /// <summary>The modal's fields (with a duration select when the flow grants access and has no duration field) and options.</summary>
    public static (IReadOnlyList<PromptField> Fields, SlackRequestModalOptions Options) For(FlowDescriptor flow, IReadOnlyList<PromptField> fields)
    {
        var list = new List<PromptField>(fields.Count + 1);
        if (!flow.IsApprovalOnly && !fields.Any(static f => f.Name == "duration"))
        {
            list.Add(new PromptField { Name = "duration", Type = FieldType.Duration, Label = "Duration", Required = true });
        }

        list.AddRange(fields);
        var options = new SlackRequestModalOptions
        {
            Title = flow.Label,
            PrivateMetadata = flow.Name,
            Targets = flow.Targets,
            Durations = flow.GetDurationChoices(new SlackRequestModalOptions().Durations),
        };
        return (list, options);
    }
}
