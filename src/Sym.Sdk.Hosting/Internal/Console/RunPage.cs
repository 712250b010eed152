using Microsoft.AspNetCore.Http;
using Sym.Sdk.Forms;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>
/// A run's page (what it asks for, where it stands, its decisions, the strategy's outcomes, errors and the audit trail,
/// with the actions the engine admits for the viewer) and the actions' POSTs.
/// </summary>
internal static class RunPage
{
    /// <summary>The actions a form may post, by the last segment of its URL.</summary>
    private static readonly Dictionary<string, SymRunAction> Actions = new(StringComparer.Ordinal)
    {
        ["approve"] = SymRunAction.Approve,
        ["deny"] = SymRunAction.Deny,
        ["cancel"] = SymRunAction.Cancel,
        ["revoke"] = SymRunAction.Revoke,
        ["relinquish"] = SymRunAction.Relinquish,
        ["extend"] = SymRunAction.Extend,
        ["approve-extension"] = SymRunAction.ApproveExtension,
        ["deny-extension"] = SymRunAction.DenyExtension,
    };

    private static readonly TimeSpan[] DefaultExtensions = [TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(4)];

    public static async Task<IResult> ShowAsync(HttpContext http, string id, string? done)
    {
        var request = ConsoleRequest.For(http);
        SymRun? run = await request.Engine.GetRunAsync(id, http.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status404NotFound, "Not found", "There is no such request.");
        }

        RunPermissions permissions = request.Engine.GetRunPermissions(run, request.RequireUser);
        if (!permissions.CanView)
        {
            return NotYours(request, run);
        }

        string? notice = done is not null && Actions.ContainsKey(done) || done == "request" ? Done(done!) : null;
        return await RenderAsync(request, run, permissions, notice, null, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    public static async Task<IResult> ActAsync(HttpContext http, string id, string action)
    {
        var request = ConsoleRequest.For(http);
        if (!await request.IsValidFormAsync().ConfigureAwait(false))
        {
            return ConsoleEndpoints.Forged(request);
        }

        if (!Actions.TryGetValue(action, out SymRunAction kind))
        {
            return ConsoleLayout.Error(request, StatusCodes.Status404NotFound, "Not found", "There is no such action.");
        }

        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        string? reason = ConsoleRequest.Field(form, "reason");
        User user = request.RequireUser;
        SymEngine engine = request.Engine;
        CancellationToken ct = http.RequestAborted;
        SymActionResult result;
        try
        {
            switch (kind)
            {
                case SymRunAction.Extend:
                    if (!SymDuration.TryParse(ConsoleRequest.Field(form, "duration"), out TimeSpan extension) || extension <= TimeSpan.Zero)
                    {
                        return await RefusedAsync(request, id, "How much longer: choose a duration.", StatusCodes.Status400BadRequest).ConfigureAwait(false);
                    }

                    result = await engine.ExtendAsync(id, user, extension, reason, ct).ConfigureAwait(false);
                    break;
                default:
                    result = kind switch
                    {
                        SymRunAction.Approve => await engine.ApproveAsync(id, user, reason, ct).ConfigureAwait(false),
                        SymRunAction.Deny => await engine.DenyAsync(id, user, reason, ct).ConfigureAwait(false),
                        SymRunAction.Cancel => await engine.CancelAsync(id, user, ct).ConfigureAwait(false),
                        SymRunAction.Revoke => await engine.RevokeAsync(id, user, reason, ct).ConfigureAwait(false),
                        SymRunAction.Relinquish => await engine.RelinquishAsync(id, user, ct).ConfigureAwait(false),
                        SymRunAction.ApproveExtension => await engine.ApproveExtensionAsync(id, user, ct).ConfigureAwait(false),
                        _ => await engine.DenyExtensionAsync(id, user, reason, ct).ConfigureAwait(false),
                    };
                    break;
            }
        }
        catch (SymRequestValidationException ex)
        {
            return await RefusedAsync(request, id, string.Join(" ", ex.Errors.Select(static e => e.Message)), StatusCodes.Status400BadRequest)
                .ConfigureAwait(false);
        }

        if (result.IsApplied)
        {
            string? back = ConsoleRequest.Field(form, "returnUrl");
            return Results.Redirect(ConsoleRoute.IsLocal(back) ? back! : request.RunUrl(id, $"?done={action}"));
        }

        // The engine's reason. Refused for who they are: what CheckAction says, which names no state (as the API does).
        string message = result.Verdict == ActionVerdict.NotAllowed && result.Run is { } refusedRun
            ? engine.CheckAction(refusedRun, user, kind).Message ?? result.Message!
            : result.Message ?? "The action was not applied.";
        int status = result.Status == SymActionStatus.Failed ? StatusCodes.Status500InternalServerError
            : result.Verdict == ActionVerdict.NotNow ? StatusCodes.Status409Conflict
            : StatusCodes.Status403Forbidden;
        return await RefusedAsync(request, id, message, status).ConfigureAwait(false);
    }

    /// <summary>The run's page with the engine's refusal on top, or, for someone who may not see the run, the refusal alone.</summary>
    private static async Task<IResult> RefusedAsync(ConsoleRequest request, string id, string message, int statusCode)
    {
        SymRun? run = await request.Engine.GetRunAsync(id, request.Http.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status404NotFound, "Not found", "There is no such request.");
        }

        RunPermissions permissions = request.Engine.GetRunPermissions(run, request.RequireUser);
        if (!permissions.CanView)
        {
            return ConsoleLayout.Error(request, statusCode, "Not allowed", message);
        }

        return await RenderAsync(request, run, permissions, null, message, statusCode).ConfigureAwait(false);
    }

    /// <summary>Someone who may not see the run: the engine's refusal, which says nothing of the run.</summary>
    private static IResult NotYours(ConsoleRequest request, SymRun run)
    {
        string reason = request.Engine.CheckAction(run, request.RequireUser, SymRunAction.Approve).Message ?? "You may not see this request.";
        return ConsoleLayout.Error(request, StatusCodes.Status403Forbidden, "Not allowed", $"You may not see this request. {reason}");
    }

    private static string Done(string action) => action switch
    {
        "request" => "Your request was sent to its approvers.",
        "approve" => "You approved the request.",
        "deny" => "You denied the request.",
        "cancel" => "The request was cancelled.",
        "revoke" => "Access was revoked.",
        "relinquish" => "You gave up the access.",
        "extend" => "Your extension was asked for.",
        "approve-extension" => "You approved the extension.",
        _ => "You denied the extension.",
    };

    private static async Task<IResult> RenderAsync(
        ConsoleRequest request, SymRun run, RunPermissions permissions, string? notice, string? refusal, int statusCode)
    {
        var body = new Html();
        if (notice is not null)
        {
            body.Add($"<p class=\"notice\" role=\"status\">{notice}</p>");
        }

        if (refusal is not null)
        {
            body.Add($"<p class=\"alert\" role=\"alert\" id=\"refusal\">{refusal}</p>");
        }

        DateTimeOffset now = request.Now;
        body.Add($"<dl class=\"summary\">")
            .Add($"<dt>State</dt><dd>{ConsoleFormat.StateBadge(run.State)}</dd>")
            .Add($"<dt>Flow</dt><dd>{request.Engine.FindFlow(run.Flow)?.Label ?? run.Flow}</dd>")
            .Add($"<dt>Target</dt><dd>{ConsoleFormat.Target(run)}</dd>")
            .Add($"<dt>Requester</dt><dd>{run.Requester.Email}</dd>")
            .Add($"<dt>Duration</dt><dd>{ConsoleFormat.Duration(run.Duration)}</dd>")
            .Add($"<dt>Reason</dt><dd class=\"pre\">{run.Fields.Reason ?? "—"}</dd>")
            .Add($"<dt>Requested</dt><dd>{ConsoleFormat.Time(run.RequestedAt)}</dd>");
        if (run.State == SymRunState.Pending)
        {
            body.Add($"<dt>Waits for a decision until</dt><dd>{ConsoleFormat.Countdown(run.PendingExpiresAt, now)}</dd>");
        }

        if (run.EscalatedAt is { } granted)
        {
            body.Add($"<dt>Granted</dt><dd>{ConsoleFormat.Time(granted)}</dd>");
        }

        if (run.ExpiresAt is { } expires)
        {
            body.Add($"<dt>{(run.IsFinal ? "Was to expire" : "Expires")}</dt><dd>{(run.IsFinal ? ConsoleFormat.Time(expires) : ConsoleFormat.Countdown(expires, now))}</dd>");
        }

        if (run.PendingExtension is { } more)
        {
            body.Add($"<dt>Extension asked for</dt><dd>{ConsoleFormat.Duration(more)} more</dd>");
        }

        if (run.EndedAt is { } ended)
        {
            body.Add($"<dt>Ended</dt><dd>{ConsoleFormat.Time(ended)}{(run.DeescalateType is { } how ? $" ({how})" : "")}</dd>");
        }

        body.Add($"</dl>{Timeline(run, now)}");
        Forms(body, request, run, permissions);

        body.Add($"<h2>Decisions</h2>");
        if (run.Approvals.Count == 0 && run.Denials.Count == 0)
        {
            body.Add($"<p>No decision yet.</p>");
        }
        else
        {
            body.Add($"<ul>");
            foreach (User approver in run.Approvals)
            {
                body.Add($"<li>Approved by {approver.Email}</li>");
            }

            foreach (User denier in run.Denials)
            {
                body.Add($"<li>Denied by {denier.Email}</li>");
            }

            body.Add($"</ul>");
            if (run.DecisionReason is { } why)
            {
                body.Add($"<p>Reason given: <span class=\"pre\">{why}</span></p>");
            }
        }

        body.Add($"<h2>Strategy outcomes</h2>");
        if (run.Outputs.Count == 0)
        {
            body.Add($"<p>The strategy has not run.</p>");
        }
        else
        {
            body.Add($"<ul>");
            foreach ((string step, StrategyOutput output) in run.Outputs)
            {
                body.Add($"<li><strong>{step}</strong>: {(output.IsNoOp ? "no change" : "applied")}{(output.Message is { } m ? $" — {m}" : "")}");
                foreach ((string key, string value) in output.Data)
                {
                    body.Add($" <span class=\"kv\">{key} = {value}</span>");
                }

                body.Add($"</li>");
            }

            body.Add($"</ul>");
        }

        if (run.Errors.Count > 0)
        {
            body.Add($"<h2>Errors</h2><ul>");
            foreach (SymRunError error in run.Errors)
            {
                body.Add($"<li>{ConsoleFormat.Time(error.Timestamp)} <strong>{error.Step}</strong> <code>{error.Code}</code>: {error.Message}</li>");
            }

            body.Add($"</ul>");
        }

        body.Add($"<h2 id=\"audit\">Audit trail</h2><div class=\"scroll\"><table><caption class=\"visually-hidden\">Every step of this request, oldest first</caption>")
            .Add($"<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Time</th><th scope=\"col\">Step</th><th scope=\"col\">By</th><th scope=\"col\">Outcome</th><th scope=\"col\">Details</th></tr></thead><tbody>");
        await foreach (SymAuditEntry entry in request.Engine.GetAuditAsync(new SymAuditQuery { RunId = run.Id }, request.Http.RequestAborted).ConfigureAwait(false))
        {
            body.Add($"<tr class=\"audit-{entry.Step}\"><td>{entry.Sequence}</td><td>{ConsoleFormat.Time(entry.Timestamp)}</td><td>{entry.Step}</td><td>{entry.Actor}</td>")
                .Add($"<td>{ConsoleFormat.Outcome(entry.Outcome)}</td><td>{entry.Message}{(entry.ErrorCode is { } c ? $" ({c})" : "")}</td></tr>");
        }

        body.Add($"</tbody></table></div>");
        string title = $"Request {ConsoleFormat.ShortId(run.Id)}";
        return ConsoleLayout.Page(request, title, body.ToMarkup(), statusCode: statusCode);
    }

    /// <summary>The run's milestones in order: asked, decided, granted, and until when (or how it ended).</summary>
    private static Markup Timeline(SymRun run, DateTimeOffset now)
    {
        var html = new Html().Add($"<h2>Timeline</h2><ol class=\"milestones\"><li>{ConsoleFormat.Time(run.RequestedAt)} requested by {run.Requester.Email}</li>");
        foreach (User approver in run.Approvals)
        {
            html.Add($"<li>approved by {approver.Email}</li>");
        }

        foreach (User denier in run.Denials)
        {
            html.Add($"<li>denied by {denier.Email}</li>");
        }

        if (run.EscalatedAt is { } granted)
        {
            html.Add($"<li>{ConsoleFormat.Time(granted)} access granted</li>");
        }

        if (run.EndedAt is { } ended)
        {
            html.Add($"<li>{ConsoleFormat.Time(ended)} {ConsoleFormat.State(run.State)}{(run.DeescalateType is { } how ? $" ({how})" : "")}</li>");
        }
        else if (run.State == SymRunState.Pending)
        {
            html.Add($"<li>waiting for a decision until {ConsoleFormat.Countdown(run.PendingExpiresAt, now)}</li>");
        }
        else if (run.ExpiresAt is { } expires)
        {
            html.Add($"<li>access ends {ConsoleFormat.Countdown(expires, now)}</li>");
        }

        return html.Add($"</ol>").ToMarkup();
    }

    /// <summary>The forms of the actions the engine admits for this person now (<see cref="SymEngine.GetRunPermissions"/>).</summary>
    private static void Forms(Html body, ConsoleRequest request, SymRun run, RunPermissions permissions)
    {
        bool approve = permissions.For(SymRunAction.Approve).IsAllowed;
        bool deny = permissions.For(SymRunAction.Deny).IsAllowed;
        if (!permissions.AllowedActions.Any())
        {
            return;
        }

        body.Add($"<h2 id=\"actions\">Actions</h2><div class=\"actions\">");
        if (approve || deny)
        {
            body.Add($"<form method=\"post\" action=\"{request.RunUrl(run.Id, approve ? "/approve" : "/deny")}\" class=\"decide\">{request.AntiforgeryField()}")
                .Add($"<div class=\"field\"><label for=\"decide-reason\">Reason (optional)</label><textarea id=\"decide-reason\" name=\"reason\" rows=\"2\"></textarea></div>");
            if (approve)
            {
                body.Add($"<button type=\"submit\">Approve</button> ");
            }

            if (deny)
            {
                body.Add($"<button type=\"submit\" class=\"danger\" formaction=\"{request.RunUrl(run.Id, "/deny")}\">Deny</button>");
            }

            body.Add($"</form>");
        }

        Simple(body, request, run, permissions, SymRunAction.Cancel, "cancel", "Cancel request");
        Simple(body, request, run, permissions, SymRunAction.Relinquish, "relinquish", "Give up access now");
        if (permissions.For(SymRunAction.Revoke).IsAllowed)
        {
            body.Add($"<form method=\"post\" action=\"{request.RunUrl(run.Id, "/revoke")}\">{request.AntiforgeryField()}")
                .Add($"<div class=\"field\"><label for=\"revoke-reason\">Why revoke (optional)</label><input type=\"text\" id=\"revoke-reason\" name=\"reason\"></div>")
                .Add($"<button type=\"submit\" class=\"danger\">Revoke access</button></form>");
        }

        if (permissions.For(SymRunAction.Extend).IsAllowed && request.Engine.FindFlow(run.Flow) is { } flow)
        {
            body.Add($"<form method=\"post\" action=\"{request.RunUrl(run.Id, "/extend")}\">{request.AntiforgeryField()}")
                .Add($"<div class=\"field\"><label for=\"extend-duration\">Extend by</label><select id=\"extend-duration\" name=\"duration\">");
            foreach (TimeSpan choice in flow.GetDurationChoices(DefaultExtensions))
            {
                body.Add($"<option value=\"{SymDuration.Format(choice)}\">{SymDuration.Format(choice)}</option>");
            }

            body.Add($"</select></div><div class=\"field\"><label for=\"extend-reason\">Why (optional)</label><input type=\"text\" id=\"extend-reason\" name=\"reason\"></div>")
                .Add($"<button type=\"submit\" class=\"secondary\">Ask to extend</button></form>");
        }

        Simple(body, request, run, permissions, SymRunAction.ApproveExtension, "approve-extension", "Approve extension");
        Simple(body, request, run, permissions, SymRunAction.DenyExtension, "deny-extension", "Deny extension");
        body.Add($"</div>");
    }

    private static void Simple(Html body, ConsoleRequest request, SymRun run, RunPermissions permissions, SymRunAction action, string path, string label)
    {
        if (permissions.For(action).IsAllowed)
        {
            body.Add($"<form method=\"post\" action=\"{request.RunUrl(run.Id, "/" + path)}\">{request.AntiforgeryField()}<button type=\"submit\" class=\"secondary\">{label}</button></form>");
        }
    }

    /// <summary>A small form with one button posting an action, for the lists (approvals, my requests, admin).</summary>
    public static Markup InlineAction(ConsoleRequest request, SymRun run, string path, string label, string returnPath, bool danger = false)
    {
        Markup css = danger ? new(" class=\"danger small\"") : new(" class=\"secondary small\"");
        return new Html().Add($"<form method=\"post\" action=\"{request.RunUrl(run.Id, "/" + path)}\" class=\"inline\">{request.AntiforgeryField()}")
            .Add($"<input type=\"hidden\" name=\"returnUrl\" value=\"{request.Url(returnPath)}\">")
            .Add($"<button type=\"submit\"{css} aria-label=\"{label} request {ConsoleFormat.ShortId(run.Id)}\">{label}</button></form>").ToMarkup();
    }
}
