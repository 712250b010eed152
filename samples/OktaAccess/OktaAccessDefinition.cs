using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Okta;

namespace OktaAccess;

/// <summary>
/// The flow's definition in code: the two approvers groups, the targets (Okta groups) people may join, the allowed
/// durations and the reason field. A host would usually bind the same from configuration (<c>BindConfiguration()</c>).
/// </summary>
public static class OktaAccessDefinition
{
    /// <summary>An Okta group people may ask to join.</summary>
    /// <param name="Name">The target's name (what requesters pick).</param>
    /// <param name="Label">What people read.</param>
    /// <param name="GroupId">The Okta group id.</param>
    public sealed record Target(string Name, string Label, string GroupId);

    /// <summary>The definition.</summary>
    /// <param name="approversGroupId">The Okta group whose members may approve (<c>approvers_group</c>).</param>
    /// <param name="engineeringApproversGroupId">The Okta group approving Engineering's requests (<c>engineering_approvers_group</c>).</param>
    /// <param name="targets">The groups people may join.</param>
    /// <returns>Configures the flow.</returns>
    public static Action<FlowOptions> Create(string approversGroupId, string engineeringApproversGroupId, params Target[] targets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approversGroupId);
        ArgumentException.ThrowIfNullOrWhiteSpace(engineeringApproversGroupId);
        ArgumentNullException.ThrowIfNull(targets);
        return flow =>
        {
            flow.Label = "Okta group access";
            flow.Vars[OktaAccessFlow.ApproversGroupVar] = approversGroupId;
            flow.Vars[OktaAccessFlow.EngineeringApproversGroupVar] = engineeringApproversGroupId;
            flow.Strategy.Type = "okta";
            flow.AllowedDurations.Add("1h");
            flow.AllowedDurations.Add("4h");
            flow.AllowedDurations.Add("1d");
            flow.MaxDuration = "1d";
            flow.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string", Label = "Why do you need access?" });
            foreach (Target target in targets)
            {
                flow.Targets.Add(new AccessTargetOptions
                {
                    Name = target.Name,
                    Label = target.Label,
                    Type = "okta_group",
                    Settings = { [OktaGroupStrategy.GroupIdSetting] = target.GroupId },
                });
            }
        };
    }
}
