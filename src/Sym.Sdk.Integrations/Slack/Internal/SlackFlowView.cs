using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Forms;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>What the Slack messages show of a flow's definition: its label, field labels, and what actions it offers.</summary>
internal sealed class SlackFlowView
{
    private static readonly TimeSpan[] DefaultExtensions = [TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(4)];

    private SlackFlowView(string name, FlowOptions? options)
    {
        Name = name;
        Label = options?.Label ?? name;
        AllowRevoke = options?.AllowRevoke ?? true;
        ScheduleDeescalation = options?.ScheduleDeescalation ?? true;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (PromptFieldOptions f in options?.Fields ?? [])
        {
            if (f.Name is { } fieldName)
            {
                order.Add(fieldName);
                labels[fieldName] = f.Label ?? fieldName;
                if (string.Equals(f.Type, FieldType.SlackUser.Value, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(f.Type, FieldType.SlackUserList.Value, StringComparison.OrdinalIgnoreCase))
                {
                    users.Add(labels[fieldName]);
                }
            }
        }

        FieldLabels = labels;
        UserFieldLabels = users;
        FieldOrder = order;
        TimeSpan? max = options?.MaxDuration is { } m && SymDuration.TryParse(m, out TimeSpan parsed) ? parsed : null;
        var extensions = new List<TimeSpan>();
        foreach (string d in options?.AllowedDurations ?? [])
        {
            if (SymDuration.TryParse(d, out TimeSpan t) && (max is null || t <= max))
            {
                extensions.Add(t);
            }
        }

        if (extensions.Count == 0)
        {
            extensions.AddRange(DefaultExtensions.Where(t => max is null || t <= max));
        }

        Extensions = extensions;
    }

    public string Name { get; }

    public string Label { get; }

    public bool AllowRevoke { get; }

    public bool ScheduleDeescalation { get; }

    public IReadOnlyDictionary<string, string> FieldLabels { get; }

    /// <summary>The labels of the <c>slack_user</c> and <c>slack_user_list</c> fields, whose values are shown as mentions.</summary>
    public IReadOnlySet<string> UserFieldLabels { get; }

    /// <summary>The prompt fields' names in display order.</summary>
    public IReadOnlyList<string> FieldOrder { get; }

    /// <summary>The durations a requester may extend by: the flow's allowed durations within its maximum.</summary>
    public IReadOnlyList<TimeSpan> Extensions { get; }

    public static SlackFlowView For(string flow, IOptionsMonitor<FlowOptions>? flows) => new(flow, flows?.Get(flow));
}
