using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>
/// The web console's routes. Pages are rendered on the server and work without JavaScript; every state-changing form is
/// a POST with an antiforgery token; every decision is the engine's (<see cref="SymEngine.CheckAction"/>,
/// <see cref="SymEngine.GetRunPermissions"/>, the actions' <see cref="SymActionResult"/>), shown with its reason.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <summary>
    /// The console's Content-Security-Policy: its own script and style only (no inline code), no frames, forms posting
    /// only to itself.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'";

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string prefix)
    {
        ConsoleRoute route = endpoints.ServiceProvider.GetService<ConsoleRoute>()
            ?? throw new InvalidOperationException("MapSymConsole needs the console's services: call UseConsole() in AddSymHosting first: builder.AddSymHosting(sym => sym.UseConsole()).");
        route.Prefix = prefix.EndsWith('/') ? prefix : prefix + "/";

        RouteGroupBuilder group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(GuardAsync);
        group.MapGet("/console.css", ConsoleAssets.Css);
        group.MapGet("/console.js", ConsoleAssets.Script);
        group.MapGet("/signin", SignInPages.SignIn);
        group.MapGet("/signin/oidc", SignInPages.StartOidc);
        group.MapPost("/signin/demo", (Delegate)SignInPages.DemoAsync);
        group.MapGet("/signed-out", SignInPages.SignedOut);

        RouteGroupBuilder signedIn = group.MapGroup("/").RequireAuthorization(ConsoleDefaults.Policy);
        signedIn.MapPost("/signout", (Delegate)SignInPages.SignOutAsync);
        signedIn.MapGet("/", RunListPages.MineAsync);
        signedIn.MapGet("/request", RequestPage.Show);
        signedIn.MapPost("/request", (Delegate)RequestPage.SubmitAsync);
        signedIn.MapGet("/approvals", (Delegate)RunListPages.ApprovalsAsync);
        signedIn.MapGet("/active", (Delegate)ActivePage.ShowAsync);
        signedIn.MapGet("/runs/{id}", RunPage.ShowAsync);
        signedIn.MapPost("/runs/{id}/{action}", RunPage.ActAsync);
        signedIn.MapGet("/admin", AdminPage.ShowAsync);
        signedIn.MapGet("/admin/audit.jsonl", AuditExport.JsonLinesAsync);
        signedIn.MapGet("/admin/audit.csv", AuditExport.CsvAsync);
        return group;
    }

    /// <summary>
    /// Every console answer: security headers first; then any failure becomes a friendly page that names no internals
    /// (the exception goes to the log).
    /// </summary>
    private static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        IHeaderDictionary headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (SymNotFoundException ex) when (ex.ErrorCode == SymErrorCodes.RunNotFound)
        {
            return ConsoleLayout.Error(ConsoleRequest.For(http), StatusCodes.Status404NotFound, "Not found", "There is no such request.");
        }
        catch (SymException ex) when (ex.ErrorCode == SymErrorCodes.RunConflict)
        {
            return ConsoleLayout.Error(ConsoleRequest.For(http), StatusCodes.Status409Conflict, "Changed meanwhile",
                "The request changed while you were acting on it. Open it again to see where it stands.");
        }
        catch (SymException ex) when (ex.ErrorCode.StartsWith("Storage:", StringComparison.Ordinal))
        {
            LogFailure(http, ex);
            return ConsoleLayout.Error(ConsoleRequest.For(http), StatusCodes.Status503ServiceUnavailable, "Unavailable",
                "The console cannot reach its store right now. Try again in a moment.");
        }
        catch (BadHttpRequestException ex)
        {
            return ConsoleLayout.Error(ConsoleRequest.For(http), ex.StatusCode, "Bad request", "The server could not read what the browser sent.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailure(http, ex);
            return ConsoleLayout.Error(ConsoleRequest.For(http), StatusCodes.Status500InternalServerError, "Something went wrong",
                $"The console failed while handling this page; the error is in the server's log (reference {http.TraceIdentifier}).");
        }
    }

    /// <summary>The answer to a POST whose antiforgery token is missing or wrong: nothing was done.</summary>
    public static IResult Forged(ConsoleRequest request) =>
        ConsoleLayout.Error(request, StatusCodes.Status400BadRequest, "Form refused",
            "This form was not sent from a page of this console, or it has expired. Nothing was changed. Go back, reload the page and try again.");

    private static void LogFailure(HttpContext http, Exception exception) =>
        HostingLog.ConsoleFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleEndpoints)), exception, http.Request.Path);
}
