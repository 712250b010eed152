using System.Text.Json;
using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;
using Sym.Sdk.Templates;

namespace OktaAccess;

/// <summary>
/// Sym's Okta example in C#: temporary membership of an Okta group, approved by the right people for the requester's
/// department.
/// <list type="bullet">
/// <item>Who may approve: the members of the requester's department's approvers group — <c>engineering_approvers_group</c>
/// for Engineering, <c>approvers_group</c> for everyone else — read from Okta when the request is made.</item>
/// <item>Where the request goes: Engineering to <c>#eng-requests</c>, everyone else to <c>#sym-requests</c>.</item>
/// <item>When someone approves: they must still be in the Okta group <c>approvers_group</c> at that moment (people
/// leave groups while requests wait), else the approval is ignored and they are told why.</item>
/// </list>
/// Access itself is granted by the shipped <see cref="OktaGroupStrategy"/>: the target's <c>group_id</c>.
/// </summary>
/// <param name="okta">The Okta client (the real one in a host, <c>FakeOkta</c> in tests).</param>
public sealed class OktaAccessFlow(IOktaClient okta) : FlowImplementation
{
    /// <summary>The flow's name.</summary>
    public const string Name = "okta_access";

    /// <summary>Flow var: the id of the Okta group whose members may approve (and the approvers of non-engineering requests).</summary>
    public const string ApproversGroupVar = "approvers_group";

    /// <summary>Flow var: the id of the Okta group whose members approve Engineering's requests.</summary>
    public const string EngineeringApproversGroupVar = "engineering_approvers_group";

    /// <summary>Where Engineering's requests go.</summary>
    public const string EngineeringChannel = "#eng-requests";

    /// <summary>Where everyone else's requests go.</summary>
    public const string DefaultChannel = "#sym-requests";

    /// <summary>The Okta profile attribute naming a person's department.</summary>
    public const string DepartmentAttribute = "department";

    /// <summary>What an approver outside <c>approvers_group</c> is told.</summary>
    public const string NotAnApproverMessage = "You are not authorized to approve this request: you are not in the Okta approvers group.";

    /// <summary>The approvers: the members of the requester's department's approvers group, without self-approval.</summary>
    /// <param name="evt">The request event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members of the group, or admins only when the group is empty.</returns>
    public override async ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        string groupId = await IsEngineeringAsync(evt.User, cancellationToken)
            ? RequiredVar(evt, EngineeringApproversGroupVar)
            : RequiredVar(evt, ApproversGroupVar);

        var approvers = new List<string>();
        await foreach (User member in okta.UsersInGroupAsync(groupId, cancellationToken))
        {
            approvers.Add(member.Email);
        }

        // An empty approvers group must not leave the request undecidable: only admins decide then.
        return approvers.Count == 0 ? RequestPermission.ForLevel(PermissionLevel.Admin) : RequestPermission.ForUsers(approvers);
    }

    /// <summary>Engineering's requests go to <c>#eng-requests</c>, everyone else's to <c>#sym-requests</c>.</summary>
    /// <param name="evt">The request event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One notification.</returns>
    public override async ValueTask<IReadOnlyList<Notification>?> GetRequestNotificationsAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        string channel = await IsEngineeringAsync(evt.User, cancellationToken) ? EngineeringChannel : DefaultChannel;
        return [Notification.To(Slack.Channel(channel))];
    }

    /// <summary>Ignores an approval by anyone who is not (or no longer) in the Okta group <c>approvers_group</c>.</summary>
    /// <param name="evt">The approve event; its user is the approver.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> to approve, or <see cref="Template.Ignore"/>.</returns>
    public override async ValueTask<TemplateStep?> OnApproveAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        string groupId = RequiredVar(evt, ApproversGroupVar);
        OktaUser? approver = await okta.FindUserAsync(evt.User, cancellationToken);
        bool member = approver is not null && await okta.IsUserInGroupAsync(groupId, approver.Id, cancellationToken);
        return member ? null : Template.Ignore(NotAnApproverMessage);
    }

    private async Task<bool> IsEngineeringAsync(User requester, CancellationToken cancellationToken)
    {
        OktaUser user = await okta.GetUserInfoAsync(requester, cancellationToken);
        return user.Profile.AdditionalAttributes.TryGetValue(DepartmentAttribute, out JsonElement department)
            && department.ValueKind == JsonValueKind.String
            && string.Equals(department.GetString(), "Engineering", StringComparison.OrdinalIgnoreCase);
    }

    private static string RequiredVar(Event evt, string name) =>
        evt.Flow.Vars.TryGetValue(name, out string? value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new SymException("OktaAccess:MISSING_VAR", $"The flow '{evt.Flow.Name}' has no var '{name}'.",
                $"Set Vars[\"{name}\"] to an Okta group id in the flow's definition.");
}
