using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;
using Sym.Sdk.Templates;

namespace SymExamples.Approvals;

/// <summary>Sym's <c>approvals</c> example: an approval-only flow (no strategy, no duration) with an approver safelist.</summary>
public sealed class ApprovalsFlow : FlowImplementation
{
    /// <summary>Decide who can see and take actions on requests.</summary>
    public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(new RequestPermission(
            // Only admins may view this request in Sym's web app.
            webappView: PermissionLevel.Admin,
            // Only member may approve or deny requests.
            approveDeny: PermissionLevel.Member,
            // allowSelfApproval lets users approve their own requests. This is great for testing!
            allowSelfApproval: true));

    /// <summary>Route Sym requests to a channel specified in the flow's vars.</summary>
    public override ValueTask<IReadOnlyList<Notification>?> GetRequestNotificationsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new([Notification.To(Slack.Channel(evt.Flow.Vars["request_channel"]))]);

    /// <summary>Only let members of the approver safelist approve requests.</summary>
    public override ValueTask<TemplateStep?> OnApproveAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(HasApproveAccess(evt) ? null : ApprovalTemplate.Ignore("You are not authorized to approve this request."));

    /// <summary>Only let members of the approve safelist or the original requester deny requests.</summary>
    public override ValueTask<TemplateStep?> OnDenyAsync(Event evt, CancellationToken cancellationToken = default)
    {
        User? requester = evt.GetActor(ApprovalTemplateStep.Request);
        return new(requester == evt.User || HasApproveAccess(evt) ? null : ApprovalTemplate.Ignore("You are not authorized to deny this request."));
    }

    /// <summary>Check if the acting user is in the safelist, defined in the flow's vars.</summary>
    private static bool HasApproveAccess(Event evt) =>
        evt.Flow.Vars["approvers"].Split(',').Contains(evt.User.Username);
}
