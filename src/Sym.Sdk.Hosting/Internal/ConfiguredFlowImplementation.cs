using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Requests;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>The implementation of configured flows that name none: Sym's defaults, approvers from <c>Approvers</c>.</summary>
internal sealed class ConfiguredFlowImplementation(IOptionsMonitor<SymFlowApproversOptions> approvers) : FlowImplementation
{
    public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return new(ToPermission(approvers.Get(evt.Flow.Name)));
    }

    internal static RequestPermission ToPermission(SymFlowApproversOptions options) =>
        (options.Users.Count > 0
            ? RequestPermission.ForUsers(options.Users, options.AllowSelfApproval)
            : RequestPermission.ForLevel(new PermissionLevel(options.Level ?? PermissionLevel.Member.Value), options.AllowSelfApproval))
        with { WebappView = options.WebappView is { Length: > 0 } view ? PermissionAudience.AtLevel(new PermissionLevel(view)) : null };
}
