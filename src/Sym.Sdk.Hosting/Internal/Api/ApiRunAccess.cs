using Microsoft.AspNetCore.Http;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>Who may read a run through the API: the engine's <see cref="SymEngine.CanRead"/>, answered as 404 or 403.</summary>
internal static class ApiRunAccess
{
    /// <summary>Reads a run the caller may see (<see cref="SymEngine.CanRead"/>); 404 when there is none, 403 when it is not theirs to see.</summary>
    public static async Task<(SymRun? Run, IResult? Problem)> VisibleRunAsync(HttpContext http, SymEngine engine, string id, CancellationToken cancellationToken)
    {
        SymRun? run = await engine.GetRunAsync(id, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return (null, NotFound(id));
        }

        return engine.CanRead(run, ApiMapping.ToUser(http.User))
            ? (run, null)
            : (null, ApiProblems.Problem(StatusCodes.Status403Forbidden, "The run is not yours to see.",
                "Only the requester, those who acted on the run, those who may decide it while it is pending, and admins may read it.",
                "SymApi:NOT_ALLOWED"));
    }

    private static IResult NotFound(string id) =>
        ApiProblems.Problem(StatusCodes.Status404NotFound, "No such run.", $"No run with id '{id}' exists.", SymErrorCodes.RunNotFound);
}
