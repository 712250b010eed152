using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;

namespace SymExamples.CustomStrategy;

/// <summary>Sym's <c>custom_strategy</c> example's <c>impl.py</c>: members approve, no self-approval.</summary>
public sealed class CustomStrategyFlow : FlowImplementation
{
    /// <summary>Decide who can see and take actions on requests.</summary>
    public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(new RequestPermission(
            // Only admins may view this request in Sym's web app.
            webappView: PermissionLevel.Admin,
            // Only member may approve or deny requests.
            approveDeny: PermissionLevel.Member,
            // allowSelfApproval lets users approve their own requests. This is great for testing!
            allowSelfApproval: false));

    /// <summary>Send Sym requests to the sym-requests slack channel.</summary>
    public override ValueTask<IReadOnlyList<Notification>?> GetRequestNotificationsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new([Notification.To(Slack.Channel("#sym-requests"))]);
}
