using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;
using Sym.Sdk.Templates;

namespace CustomAccess;

/// <summary>
/// The quickstart's flow: requests go to the Slack channel in flow var <c>request_channel</c> (self-approval allowed),
/// and only the people listed in flow var <c>approvers</c> (comma-separated emails) may approve.
/// </summary>
public sealed class CustomAccessFlow : FlowImplementation
{
    /// <summary>The flow's name.</summary>
    public const string Name = "custom_access";

    /// <summary>What an approver who is not on the list is told.</summary>
    public const string NotAuthorized = "You are not authorized to approve this request.";

    /// <inheritdoc />
    public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return new(Slack.Channel(evt.Flow.Vars["request_channel"], allowSelf: true));
    }

    /// <inheritdoc />
    public override ValueTask<TemplateStep?> OnApproveAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return new(IsApprover(evt) ? null : Template.Ignore(NotAuthorized));
    }

    private static bool IsApprover(Event evt) =>
        evt.Flow.Vars.TryGetValue("approvers", out string? approvers)
        && approvers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(evt.User.Email, StringComparer.OrdinalIgnoreCase);
}
