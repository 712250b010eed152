using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Hosting.Internal.Api;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>
/// Admins only: every run, filtered by flow, state, requester, target and request time, paged; revoke on each active one
/// (the engine admits admins); links to export the audit log as JSON lines or CSV with the same filters.
/// </summary>
internal static class AdminPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, string? flow, string? state, string? requester, string? target, string? from, string? to)
    {
        var request = ConsoleRequest.For(http);
        if (!request.IsAdmin)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status403Forbidden, "Admins only", "This page is for Sym admins.");
        }

        SymRunState? stateFilter = state is { Length: > 0 } && ApiMapping.TryParseState(state, out SymRunState s) ? s : null;
        DateTimeOffset? since = Day(from);
        DateTimeOffset? until = Day(to)?.AddDays(1);
        (DateTimeOffset? before, string? beforeId) = RunPaging.Cursor(http.Request);
        if (before is null && until is not null)
        {
            before = until;
        }

        var query = new SymRunQuery
        {
            State = stateFilter,
            Requester = requester is { Length: > 0 } && !string.IsNullOrWhiteSpace(requester) ? requester.Trim() : null,
            RequestedBefore = before,
            BeforeRunId = beforeId,
        };
        string? flowFilter = flow is { Length: > 0 } ? flow : null;
        string? targetFilter = target is { Length: > 0 } ? target : null;
        (List<SymRun> page, bool more) = await RunPaging.ReadAsync(http.RequestServices.GetRequiredService<ISymRunStore>(), query, request.Options.PageSize,
            run => (flowFilter is null || run.Flow == flowFilter) && (targetFilter is null || run.Target?.Name == targetFilter),
            run => since is { } min && run.RequestedAt < min, http.RequestAborted).ConfigureAwait(false);

        var body = new Html().Add($"<form method=\"get\" action=\"{request.Url("admin")}\" class=\"filters\">")
            .Add($"<div class=\"field\"><label for=\"flow\">Flow</label><select id=\"flow\" name=\"flow\"><option value=\"\">Any</option>");
        foreach (FlowDescriptor f in request.Engine.FlowCatalog)
        {
            body.Add($"<option value=\"{f.Name}\"{Selected(f.Name == flowFilter)}>{f.Label}</option>");
        }

        body.Add($"</select></div><div class=\"field\"><label for=\"state\">State</label>{RunListPages.StateSelect(stateFilter)}</div>")
            .Add($"<div class=\"field\"><label for=\"requester\">Requester</label><input type=\"text\" id=\"requester\" name=\"requester\" value=\"{requester}\"></div>")
            .Add($"<div class=\"field\"><label for=\"target\">Target</label><select id=\"target\" name=\"target\"><option value=\"\">Any</option>");
        foreach (string name in request.Engine.FlowCatalog.SelectMany(static f => f.Targets).Select(static t => t.Name).Distinct(StringComparer.Ordinal))
        {
            body.Add($"<option value=\"{name}\"{Selected(name == targetFilter)}>{name}</option>");
        }

        body.Add($"</select></div>")
            .Add($"<div class=\"field\"><label for=\"from\">Requested from</label><input type=\"date\" id=\"from\" name=\"from\" value=\"{from}\"></div>")
            .Add($"<div class=\"field\"><label for=\"to\">Requested to</label><input type=\"date\" id=\"to\" name=\"to\" value=\"{to}\"></div>")
            .Add($"<button type=\"submit\" class=\"secondary\">Filter</button></form>");

        var exportQuery = new List<KeyValuePair<string, string?>>();
        void Keep(string key, string? value)
        {
            if (value is { Length: > 0 })
            {
                exportQuery.Add(new(key, value));
            }
        }

        Keep("flow", flowFilter);
        Keep("target", targetFilter);
        Keep("requester", query.Requester);
        Keep("from", from);
        Keep("to", to);
        QueryString qs = QueryString.Create(exportQuery);
        body.Add($"<p class=\"exports\">Export the audit log (these filters but state): <a href=\"{request.Url("admin/audit.jsonl")}{qs}\" download>JSON lines</a> · ")
            .Add($"<a href=\"{request.Url("admin/audit.csv")}{qs}\" download>CSV</a></p>")
            .Add($"{RunTable.Render(request, page, "All requests, newest first", "No request matches.", run => Actions(request, run))}")
            .Add($"{RunPaging.NextLink(http.Request, page, more)}");
        return ConsoleLayout.Page(request, "Admin: all requests", body.ToMarkup(), "admin");
    }

    private static Markup Actions(ConsoleRequest request, SymRun run) =>
        request.Engine.CheckAction(run, request.RequireUser, SymRunAction.Revoke).IsAllowed
            ? RunPage.InlineAction(request, run, "revoke", "Revoke", "admin" + request.Http.Request.QueryString, danger: true)
            : Markup.Empty;

    /// <summary>A date (<c>yyyy-MM-dd</c>, as a date input sends it) as the start of that day in UTC.</summary>
    public static DateTimeOffset? Day(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime day)
            ? new DateTimeOffset(day, TimeSpan.Zero)
            : null;

    private static Markup Selected(bool selected) => selected ? new(" selected") : Markup.Empty;
}
