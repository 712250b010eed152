using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;

namespace CustomAccess;

/// <summary>
/// The quickstart's flow: requests go to the Slack channel in flow var <c>request_channel</c>, and only the people listed
/// in flow var <c>approvers</c> (comma-separated emails) may approve or deny, their own requests included.
/// </summary>
/// <remarks>
/// Who approves is the flow's <see cref="GetPermissionsAsync"/>, not a check in <c>OnApproveAsync</c>: the engine then
/// applies it to approvals and denials alike, and front ends show pending requests only to those approvers.
/// </remarks>
public sealed class CustomAccessFlow : FlowImplementation
{
    /// <summary>The flow's name.</summary>
    public const string Name = "custom_access";

    /// <inheritdoc />
    public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return new(Slack.Channel(evt.Flow.Vars["request_channel"], allowSelf: true));
    }

    /// <summary>The people in flow var <c>approvers</c>, self-approval allowed; with nobody listed, only admins.</summary>
    /// <inheritdoc />
    public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        string[] approvers = evt.Flow.Vars.TryGetValue("approvers", out string? list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        return new(approvers.Length > 0
            ? RequestPermission.ForUsers(approvers, allowSelfApproval: true)
            : RequestPermission.ForLevel(PermissionLevel.Admin));
    }
}
