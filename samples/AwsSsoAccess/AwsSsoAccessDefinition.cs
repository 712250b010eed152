using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Aws.Strategies;

namespace AwsSsoAccess;

/// <summary>
/// The flow's definition in code: the approvers' channel, the targets (a permission set on an account each), the
/// allowed durations and the reason field. A host would usually bind the same from configuration.
/// </summary>
public static class AwsSsoAccessDefinition
{
    /// <summary>A permission set on an account that people may ask for.</summary>
    /// <param name="Name">The target's name (what requesters pick).</param>
    /// <param name="Label">What people read.</param>
    /// <param name="AccountId">The AWS account id (12 digits).</param>
    /// <param name="PermissionSetArn">The permission set's ARN.</param>
    public sealed record Target(string Name, string Label, string AccountId, string PermissionSetArn);

    /// <summary>The definition.</summary>
    /// <param name="requestChannel">The Slack channel whose members approve (<c>request_channel</c>).</param>
    /// <param name="targets">What people may ask for.</param>
    /// <returns>Configures the flow.</returns>
    public static Action<FlowOptions> Create(string requestChannel, params Target[] targets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestChannel);
        ArgumentNullException.ThrowIfNull(targets);
        return flow =>
        {
            flow.Label = "AWS access";
            flow.Vars[AwsSsoAccessFlow.RequestChannelVar] = requestChannel;
            flow.Strategy.Type = "aws_sso";
            flow.AllowedDurations.Add("1h");
            flow.AllowedDurations.Add("8h");
            flow.MaxDuration = "8h";
            flow.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string", Label = "Why do you need access?" });
            foreach (Target target in targets)
            {
                flow.Targets.Add(new AccessTargetOptions
                {
                    Name = target.Name,
                    Label = target.Label,
                    Type = "aws_sso_permission_set",
                    Settings =
                    {
                        [AwsSsoStrategy.AccountSetting] = target.AccountId,
                        [AwsSsoStrategy.PermissionSetSetting] = target.PermissionSetArn,
                    },
                });
            }
        };
    }
}
