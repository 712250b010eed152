using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.PagerDuty;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;
using Sym.Sdk.Templates;

namespace SymExamples.PagerDutyOnCall;

/// <summary>Sym's <c>pagerduty_on_call</c> example: on-call engineers' requests are approved at once.</summary>
/// <param name="pagerduty">Sym's <c>pagerduty</c> module (<c>FakePagerDuty</c> in tests).</param>
/// <param name="slack">Sym's <c>slack</c> module.</param>
public sealed class PagerDutyOnCallFlow(IPagerDutyClient pagerduty, SlackMessenger slack) : FlowImplementation
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

    /// <summary>Send Sym requests to the sym-requests slack channel.</summary>
    public override ValueTask<IReadOnlyList<Notification>?> GetRequestNotificationsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new([Notification.To(Slack.Channel("#sym-requests"))]);

    /// <summary>If the requester is on-call, auto-approve their requests.</summary>
    public override async ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default)
    {
        try
        {
            if (await pagerduty.IsOnCallAsync(evt.User, cancellationToken: cancellationToken))
            {
                string? originalReason = evt.Fields.GetString("reason");
                return ApprovalTemplate.Approve(reason: $"Auto-approved On-call engineer: {originalReason}");
            }
        }
        catch (SymException e)
        {
            // Catch any exceptions, such as an expired PagerDuty Token.
            // Skip auto-approval and report the error to the error channel.
            await slack.SendMessageAsync(
                Slack.Channel("#sym-requests"),
                $"A PagerDutyError occurred while checking who's on-call. Falling back to off-call behavior.\n{e.Message}",
                cancellationToken);
        }

        return null;
    }
}
