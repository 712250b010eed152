using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>A request's audit: GET requests/{id}/audit, for those who may read the run.</summary>
internal static class ApiAuditEndpoints
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/requests/{id}/audit", AuditAsync);

    private static async Task<IResult> AuditAsync(HttpContext http, SymEngine engine, string id, CancellationToken cancellationToken)
    {
        (SymRun? run, IResult? problem) = await ApiRunAccess.VisibleRunAsync(http, engine, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var entries = new List<AuditEntryResponse>();
        await foreach (SymAuditEntry entry in engine.GetAuditAsync(new SymAuditQuery { RunId = run!.Id }, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ApiMapping.ToResponse(entry));
        }

        return TypedResults.Json(new AuditResponse(run.Id, entries), ApiJsonContext.Default.AuditResponse);
    }
}
