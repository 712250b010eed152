using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>
/// The JSON API over the engine, on its public front-end API only: one endpoint group per resource (requests, the
/// actions on a request, its audit, approvals), behind the API key policy, the URL limit and the error mapping
/// (<see cref="ApiErrorMapping"/>). Every decision is the engine's: an action it refuses answers by the result's
/// <see cref="SymActionResult.Verdict"/>, 403 with its reason when its rules refuse the caller
/// (<see cref="SymEngine.CheckAction"/>, which names no state, so an outsider learns nothing of it), 409 when the caller
/// may act but not now; invalid requests answer 400 with field errors. Who may read a run is <see cref="SymEngine.CanRead"/>,
/// who may decide one <see cref="SymEngine.CheckAction"/>.
/// </summary>
internal static class ApiEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string prefix)
    {
        RouteGroupBuilder group = endpoints.MapGroup(prefix);
        group.WithMetadata(SymApiEndpointMetadata.Instance);
        group.RequireAuthorization(SymHostingDefaults.ApiPolicy);
        group.AddEndpointFilter(ApiFallback.LimitUrlAsync);
        group.AddEndpointFilter(ApiErrorMapping.MapErrorsAsync);
        ApiRequestEndpoints.Map(group);
        ApiAuditEndpoints.Map(group);
        ApiRunActionEndpoints.Map(group);
        ApiApprovalEndpoints.Map(group);
        ApiFallback.Map(group);
        return group;
    }
}
