using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;
using Sym.Sdk.Templates;

namespace SymExamples.MultipleEnvironments;

/// <summary>
/// Sym's <c>multiple_environments</c> example's <c>impl.py</c>: one implementation, deployed as a flow in each
/// environment (sandbox, prod) with its own vars and its own Slack workspace integration.
/// </summary>
/// <param name="slack">Sym's <c>slack</c> module.</param>
public sealed class MultipleEnvironmentsFlow(SlackMessenger slack) : FlowImplementation
{
    /// <summary>Decide who can see and take actions on requests.</summary>
    public override async ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default)
    {
        var flowVars = evt.Flow.Vars;

        return new RequestPermission(
            // Only admins may view this request in Sym's web app.
            webappView: PermissionLevel.Admin,
            // Only the members of the request channel may approve or deny requests.
            approveDeny: await slack.UsersInChannelAsync(flowVars["request_channel"], cancellationToken),
            // allowSelfApproval lets users approve their own requests. This is great for testing!
            allowSelfApproval: true);
    }

    /// <summary>Send Sym requests to the flow's request channel.</summary>
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
