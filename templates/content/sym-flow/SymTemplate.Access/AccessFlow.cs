using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Requests;

namespace SymTemplate.Access;

/// <summary>
/// Who decides, and where requests go: requests are announced in the Slack channel of the flow var
/// <c>request_channel</c>, and the people in the flow var <c>approvers</c> (comma-separated emails) may approve, deny and
/// revoke them. The engine enforces it in Slack, the API and tests alike. Override more of
/// <see cref="FlowImplementation"/> (<c>OnRequestAsync</c>, <c>OnApproveAsync</c>, <c>GetRequestNotificationsAsync</c>)
/// to change what happens at each step.
/// </summary>
public sealed class AccessFlow : FlowImplementation
{
    /// <summary>The flow's name: what requesters pick, and the key of its settings in <c>Sym:Flows</c>.</summary>
    public const string Name = "access";

    /// <summary>Flow var: the Slack channel requests are announced in.</summary>
    public const string RequestChannelVar = "request_channel";

    /// <summary>Flow var: the emails of the people who may approve, comma-separated.</summary>
    public const string ApproversVar = "approvers";

    /// <inheritdoc />
    public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return new(new SlackChannelName(evt.Flow.Vars[RequestChannelVar]));
    }

    /// <inheritdoc />
    public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        string[] approvers = evt.Flow.Vars[ApproversVar].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new(RequestPermission.ForUsers(approvers));
    }
}
