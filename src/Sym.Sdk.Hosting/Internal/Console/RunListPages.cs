using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Hosting.Internal.Api;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>"My requests" and "Approvals waiting for me", paged like the API's <c>GET requests</c> and <c>GET approvals</c>.</summary>
internal static class RunListPages
{
    public static async Task<IResult> MineAsync(HttpContext http, string? state)
    {
        var request = ConsoleRequest.For(http);
        User user = request.RequireUser;
        SymRunState? filter = state is { Length: > 0 } && ApiMapping.TryParseState(state, out SymRunState s) ? s : null;
        (DateTimeOffset? before, string? beforeId) = RunPaging.Cursor(http.Request);
        var query = new SymRunQuery { Requester = user.Username, State = filter, RequestedBefore = before, BeforeRunId = beforeId };
        (List<SymRun> page, bool more) = await RunPaging.ReadAsync(
            http.RequestServices.GetRequiredService<ISymRunStore>(), query, request.Options.PageSize, null, null, http.RequestAborted).ConfigureAwait(false);

        var body = new Html().Add($"<p><a class=\"button\" href=\"{request.Url("request")}\">Request access</a></p>")
            .Add($"<form method=\"get\" action=\"{request.Url("")}\" class=\"filters\"><div class=\"field\"><label for=\"state\">State</label>{StateSelect(filter)}</div>")
            .Add($"<button type=\"submit\" class=\"secondary\">Filter</button></form>")
            .Add($"{RunTable.Render(request, page, "My requests, newest first", "You have no requests yet.", run => MyActions(request, run))}")
            .Add($"{RunPaging.NextLink(http.Request, page, more)}");
        return ConsoleLayout.Page(request, "My requests", body.ToMarkup(), "");
    }

    public static async Task<IResult> ApprovalsAsync(HttpContext http)
    {
        var request = ConsoleRequest.For(http);
        User user = request.RequireUser;
        (DateTimeOffset? before, string? beforeId) = RunPaging.Cursor(http.Request);
        var query = new SymRunQuery { State = SymRunState.Pending, RequestedBefore = before, BeforeRunId = beforeId };
        // Only what the engine says this person may decide now (and has not voted on).
        (List<SymRun> page, bool more) = await RunPaging.ReadAsync(http.RequestServices.GetRequiredService<ISymRunStore>(), query,
            request.Options.PageSize, run => request.Engine.CheckAction(run, user, SymRunAction.Approve).IsAllowed, null, http.RequestAborted).ConfigureAwait(false);

        var body = new Html();
        if (page.Count == 0)
        {
            body.Add($"<p class=\"empty\">Nothing is waiting for your decision.</p>");
        }
        else
        {
            body.Add($"<ul class=\"cards\">");
            foreach (SymRun run in page)
            {
                string id = run.Id;
                body.Add($"<li class=\"card\" data-run=\"{id}\"><h2><a href=\"{request.RunUrl(id)}\">{run.Requester.Email} asks for {ConsoleFormat.Target(run)}</a></h2>")
                    .Add($"<p>{ConsoleFormat.Duration(run.Duration)} · {request.Engine.FindFlow(run.Flow)?.Label ?? run.Flow} · requested {ConsoleFormat.Time(run.RequestedAt)} · waits until {ConsoleFormat.Countdown(run.PendingExpiresAt, request.Now)}</p>")
                    .Add($"<p class=\"pre\">{run.Fields.Reason}</p>")
                    .Add($"<form method=\"post\" action=\"{request.RunUrl(id, "/approve")}\">{request.AntiforgeryField()}")
                    .Add($"<input type=\"hidden\" name=\"returnUrl\" value=\"{request.Url("approvals")}\">")
                    .Add($"<div class=\"field\"><label for=\"reason-{id}\">Reason (optional)</label><input type=\"text\" id=\"reason-{id}\" name=\"reason\"></div>")
                    .Add($"<button type=\"submit\">Approve</button> <button type=\"submit\" class=\"danger\" formaction=\"{request.RunUrl(id, "/deny")}\">Deny</button></form></li>");
            }

            body.Add($"</ul>");
        }

        body.Add($"{RunPaging.NextLink(http.Request, page, more)}");

        // Extensions asked for on active grants, which this person may decide (the engine's ApproveExtension check).
        (List<SymRun> extensions, bool moreExtensions) = await RunPaging.ReadAsync(http.RequestServices.GetRequiredService<ISymRunStore>(),
            new SymRunQuery { State = SymRunState.Active }, request.Options.PageSize,
            run => run.PendingExtension is not null && request.Engine.CheckAction(run, user, SymRunAction.ApproveExtension).IsAllowed, null,
            http.RequestAborted).ConfigureAwait(false);
        if (extensions.Count > 0)
        {
            body.Add($"<h2>Extensions waiting for me</h2><ul class=\"cards\">");
            foreach (SymRun run in extensions)
            {
                body.Add($"<li class=\"card\" data-extension=\"{run.Id}\"><h3><a href=\"{request.RunUrl(run.Id)}\">{run.Requester.Email} asks for {ConsoleFormat.Duration(run.PendingExtension!.Value)} more on {ConsoleFormat.Target(run)}</a></h3>")
                    .Add($"<p>Access ends {ConsoleFormat.Countdown(run.ExpiresAt, request.Now)} unless extended.</p>")
                    .Add($"{RunPage.InlineAction(request, run, "approve-extension", "Approve extension", "approvals")}")
                    .Add($"{RunPage.InlineAction(request, run, "deny-extension", "Deny extension", "approvals", danger: true)}</li>");
            }

            body.Add($"</ul>");
            if (moreExtensions)
            {
                body.Add($"<p>More extensions are waiting: decide these first.</p>");
            }
        }

        return ConsoleLayout.Page(request, "Approvals waiting for me", body.ToMarkup(), "approvals");
    }

    private static Markup MyActions(ConsoleRequest request, SymRun run)
    {
        User user = request.RequireUser;
        SymEngine engine = request.Engine;
        var html = new Html();
        if (engine.CheckAction(run, user, SymRunAction.Cancel).IsAllowed)
        {
            html.Add($"{RunPage.InlineAction(request, run, "cancel", "Cancel", "")}");
        }

        if (engine.CheckAction(run, user, SymRunAction.Relinquish).IsAllowed)
        {
            html.Add($"{RunPage.InlineAction(request, run, "relinquish", "Give up", "")}");
        }

        if (engine.CheckAction(run, user, SymRunAction.Extend).IsAllowed)
        {
            html.Add($"<a href=\"{request.RunUrl(run.Id)}#actions\">Extend…</a>");
        }

        return html.ToMarkup();
    }

    public static Markup StateSelect(SymRunState? selected)
    {
        var html = new Html().Add($"<select id=\"state\" name=\"state\"><option value=\"\">Any</option>");
        foreach (SymRunState state in Enum.GetValues<SymRunState>())
        {
            Markup sel = state == selected ? new(" selected") : Markup.Empty;
            html.Add($"<option value=\"{ApiMapping.StateName(state)}\"{sel}>{ApiMapping.StateName(state)}</option>");
        }

        return html.Add($"</select>").ToMarkup();
    }
}
