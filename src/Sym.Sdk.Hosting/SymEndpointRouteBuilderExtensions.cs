using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sym.Sdk.Hosting.Internal;
using Sym.Sdk.Hosting.Internal.Api;
using Sym.Sdk.Hosting.Internal.Console;
using Sym.Sdk.Hosting.Internal.Slack;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Sym host's endpoints. Register the services first with <c>AddSymHosting</c>.</summary>
public static class SymEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the JSON API under <paramref name="prefix"/>, authenticated by API key (<c>Authorization: Bearer &lt;key&gt;</c>):
    /// <c>POST requests</c> (create), <c>GET requests</c> (mine; <c>?state=</c>, <c>?limit=</c>), <c>GET requests/{id}</c>,
    /// <c>GET requests/{id}/audit</c>, <c>POST requests/{id}/approve|deny|cancel|revoke|relinquish</c> (optional
    /// <c>{"reason": …}</c>), <c>POST requests/{id}/extend</c> (<c>{"duration": "1h", "reason": …}</c>),
    /// <c>POST requests/{id}/extension/approve|deny</c> and <c>GET approvals</c> (pending requests I may decide and have
    /// not voted on). Both lists are newest first, one page at a time: <c>next</c> in the answer links to the following
    /// page (<c>?before=</c> the last run's request time, <c>&amp;beforeId=</c> its id) while there is one. Who may read
    /// and act is the engine's rule (<c>SymEngine.CanRead</c>, <c>SymEngine.GetRefusal</c>). Answers, all but the
    /// successes in <c>application/problem+json</c>: 401 without a valid key; 403 when the engine's rules refuse the
    /// caller (whatever the run's state); 409 when the caller may act but the run is past the action; 400 with field
    /// errors; 404 for an unknown run or path; 405 (with <c>Allow</c>) for a method a path does not take; 413 for a body
    /// over <c>Sym:Api:MaxRequestBodySize</c> (64 KB); 414 for a URL over <c>Sym:Api:MaxUrlLength</c> (2,048
    /// characters); 503 with the store's <c>Storage:*</c> code when the store fails (with <c>Retry-After</c> when it is
    /// busy); and 500 <c>SymApi:INTERNAL_ERROR</c> for anything else; the last two are logged in full and answer without
    /// the exception's message.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">The route prefix. The default value is <c>/api</c>.</param>
    /// <returns>The route group, to add conventions (for example rate limiting or another authorization policy).</returns>
    public static RouteGroupBuilder MapSymApi(this IEndpointRouteBuilder endpoints, string prefix = "/api")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return ApiEndpoints.Map(endpoints, prefix);
    }

    /// <summary>
    /// Maps Slack's request URLs under <paramref name="prefix"/>: <c>POST commands</c> (the slash command, <c>/sym req</c>)
    /// and <c>POST interactions</c> (modal submissions and button clicks). Every request's signature is checked against
    /// <c>Sym:Slack:SigningSecret</c> before anything is parsed (401 when missing, stale or wrong; 413 over
    /// <c>Sym:Slack:MaxRequestBodySize</c>); Slack gets its answer at once and the slow part (opening the modal, calling the
    /// engine, telling people) runs on a bounded background queue. A request with a slow part is recorded in the store's
    /// inbox before it is answered, so a crash after the answer loses nothing (the host's recovery service processes it)
    /// and the same request received again is answered without being processed twice; a store that cannot record it
    /// makes the answer 503. Without Slack configured (<c>Sym:Slack:BotToken</c> and <c>Sym:Slack:SigningSecret</c>)
    /// nothing is mapped and the paths answer 404.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">The route prefix. The default value is <c>/slack</c>.</param>
    /// <returns>The route group, to add conventions (for example rate limiting).</returns>
    public static RouteGroupBuilder MapSymSlack(this IEndpointRouteBuilder endpoints, string prefix = "/slack")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return SlackEndpoints.Map(endpoints, prefix);
    }

    /// <summary>
    /// Maps the web console under <paramref name="prefix"/>: server-rendered pages that work without JavaScript to request
    /// access (a form built from the flow's prompt fields, checked by the engine's own validation), see one's requests
    /// (cancel, relinquish, ask to extend), decide the approvals waiting for one, see active access (a table and an SVG
    /// timeline), read a run's page (timeline, decisions, strategy outcomes, errors, audit trail) and, for admins, list
    /// every run with filters, revoke, and export the audit log as JSON lines or CSV. Who may see and do what is the
    /// engine's rule (<c>SymEngine.GetRunPermissions</c>, <c>CheckAction</c>), and a refusal shows the engine's reason.
    /// People sign in with OpenID Connect (<c>Sym:Console:Oidc</c>) or, in Development only, as a configured demo user;
    /// every form carries an antiforgery token, and every answer a Content-Security-Policy without inline code,
    /// <c>X-Frame-Options: DENY</c> and <c>frame-ancestors 'none'</c>. Register the services first with
    /// <c>UseConsole</c> (on the builder <c>AddSymHosting</c> hands its callback).
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">The route prefix. The default value is <c>/</c> (the console at the site's root).</param>
    /// <returns>The route group, to add conventions (for example rate limiting).</returns>
    /// <exception cref="InvalidOperationException"><c>UseConsole</c> (on the builder <c>AddSymHosting</c> hands its callback) was not called.</exception>
    public static RouteGroupBuilder MapSymConsole(this IEndpointRouteBuilder endpoints, string prefix = "/")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return ConsoleEndpoints.Map(endpoints, prefix);
    }

    /// <summary>
    /// Maps a health endpoint: 200 with <c>{"status":"Healthy","checks":[…]}</c> when the store answers a read and takes a
    /// write (<c>sym-store</c>) and the scheduler has completed a tick within <c>Sym:Engine:SchedulerStallTimeout</c>
    /// (<c>sym-scheduler</c>; otherwise due revocations are not firing), 503 with <c>"Unhealthy"</c> and the failing check
    /// when not. Anonymous: it reveals no data (the checks' errors go to the log, not the answer).
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="path">The path. The default value is <c>/health</c>.</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapSymHealth(this IEndpointRouteBuilder endpoints, string path = "/health")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return endpoints.MapHealthChecks(path, new HealthCheckOptions
        {
            Predicate = static r => r.Tags.Contains(SymHostingDefaults.HealthTag),
            ResponseWriter = WriteHealthAsync,
        });
    }

    private static async Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var writer = new Utf8JsonWriter(context.Response.Body);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("status", report.Status.ToString());
            writer.WriteStartArray("checks");
            foreach (KeyValuePair<string, HealthReportEntry> entry in report.Entries)
            {
                writer.WriteStartObject();
                writer.WriteString("name", entry.Key);
                writer.WriteString("status", entry.Value.Status.ToString());
                writer.WriteString("description", entry.Value.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }
}
