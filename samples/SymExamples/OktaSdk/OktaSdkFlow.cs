using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;
using Sym.Sdk.Templates;

namespace SymExamples.OktaSdk;

/// <summary>Sym's <c>okta_sdk</c> example: approvers and routing by the requester's Okta department.</summary>
/// <param name="okta">Sym's <c>okta</c> module (<c>FakeOkta</c> in tests).</param>
/// <param name="slack">Sym's <c>slack</c> module.</param>
public sealed class OktaSdkFlow(IOktaClient okta, SlackMessenger slack) : FlowImplementation
{
    /// <summary>Decide who can see and take actions on requests.</summary>
    public override async ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default)
    {
        string department = await GetUserDepartmentAsync(evt.User, cancellationToken);
        IReadOnlyList<User> approveDeny = await slack.UsersInChannelAsync("#sym-requests", cancellationToken);
        if (department == "engineering")
        {
            approveDeny = await slack.UsersInChannelAsync("#eng-requests", cancellationToken);
        }

        return new RequestPermission(
            // Only admins may view this request in Sym's web app.
            webappView: PermissionLevel.Admin,
            // Depending on the department use Slack channels to manage what users can approve or deny requests.
            approveDeny: approveDeny,
            // allowSelfApproval lets users approve their own requests. This is great for testing!
            allowSelfApproval: true);
    }

    /// <summary>Send Sym requests to the sym-requests slack channel.</summary>
    public override async ValueTask<IReadOnlyList<Notification>?> GetRequestNotificationsAsync(Event evt, CancellationToken cancellationToken = default)
    {
        var notifications = new List<Notification>();
        string department = await GetUserDepartmentAsync(evt.User, cancellationToken);
        if (department == "engineering")
        {
            notifications.Add(Notification.To(Slack.Channel("#eng-requests")));
        }
        else
        {
            notifications.Add(Notification.To(Slack.Channel("#sym-requests")));
        }

        return notifications;
    }

    /// <summary>Get the user's department from their Okta profile.</summary>
    private async Task<string> GetUserDepartmentAsync(User user, CancellationToken cancellationToken)
    {
        OktaUser userInfo = await okta.GetUserInfoAsync(user, cancellationToken);
        return userInfo.Profile.GetString("department") ?? "";
    }

    /// <summary>Require approvers to be in the Okta group defined in our flow variables.</summary>
    public override async ValueTask<TemplateStep?> OnApproveAsync(Event evt, CancellationToken cancellationToken = default)
    {
        if (!await okta.IsUserInGroupAsync(evt.User, groupId: evt.Flow.Vars["approvers_group"], cancellationToken))
        {
            return ApprovalTemplate.Ignore("You are not an authorized approver!");
        }

        return null;
    }
}
