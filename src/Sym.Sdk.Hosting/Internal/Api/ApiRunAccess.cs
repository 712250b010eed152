using Microsoft.AspNetCore.Http;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>
/// Who may read a run through the API: the engine's <see cref="SymEngine.CanView"/> (Sym's <c>webapp_view</c>). A run the
/// caller may not view answers 404, as one that does not exist, so its id reveals nothing.
/// </summary>
internal static class ApiRunAccess
{
    /// <summary>Reads a run the caller may view (<see cref="SymEngine.CanView"/>); 404 when there is none or it is not theirs to view.</summary>
    public static async Task<(SymRun? Run, IResult? Problem)> VisibleRunAsync(HttpContext http, SymEngine engine, string id, CancellationToken cancellationToken)
    {
        SymRun? run = await engine.GetRunAsync(id, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return (null, NotFound(id));
        }

        return engine.CanView(run, ApiMapping.ToUser(http.User)) ? (run, null) : (null, NotFound(id));
    }

    private static IResult NotFound(string id) =>
        ApiProblems.Problem(StatusCodes.Status404NotFound, "No such run.", $"No run with id '{id}' exists.", SymErrorCodes.RunNotFound);
}
