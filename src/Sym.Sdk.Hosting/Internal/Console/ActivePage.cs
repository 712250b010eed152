using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>
/// Who has what until when: active runs the person may view (<see cref="SymEngine.CanView"/>: an admin sees all), as a
/// table and as a server-rendered SVG timeline from now to the last expiry, readable without JavaScript.
/// </summary>
internal static class ActivePage
{
    private const int Width = 720;
    private const int LabelWidth = 220;
    private const int RowHeight = 28;
    private const int AxisHeight = 24;

    public static async Task<IResult> ShowAsync(HttpContext http)
    {
        var request = ConsoleRequest.For(http);
        User user = request.RequireUser;
        (DateTimeOffset? before, string? beforeId) = RunPaging.Cursor(http.Request);
        var query = new SymRunQuery { State = SymRunState.Active, RequestedBefore = before, BeforeRunId = beforeId };
        (List<SymRun> page, bool more) = await RunPaging.ReadAsync(http.RequestServices.GetRequiredService<ISymRunStore>(), query,
            request.Options.PageSize, run => request.Engine.CanView(run, user), null, http.RequestAborted).ConfigureAwait(false);

        var body = new Html();
        if (page.Count > 0)
        {
            body.Add($"<figure class=\"timeline\">{Timeline(page, request.Now)}<figcaption>Active grants from now to their expiry. The table below lists the same.</figcaption></figure>");
        }

        body.Add($"{RunTable.Render(request, page, "Active access, newest request first", "No access is active right now.", run => Actions(request, run))}")
            .Add($"{RunPaging.NextLink(http.Request, page, more)}");
        return ConsoleLayout.Page(request, "Active access", body.ToMarkup(), "active");
    }

    private static Markup Actions(ConsoleRequest request, SymRun run)
    {
        User user = request.RequireUser;
        var html = new Html();
        if (request.Engine.CheckAction(run, user, SymRunAction.Revoke).IsAllowed)
        {
            html.Add($"{RunPage.InlineAction(request, run, "revoke", "Revoke", "active" + request.Http.Request.QueryString, danger: true)}");
        }

        if (request.Engine.CheckAction(run, user, SymRunAction.Relinquish).IsAllowed)
        {
            html.Add($"{RunPage.InlineAction(request, run, "relinquish", "Give up", "active" + request.Http.Request.QueryString)}");
        }

        return html.ToMarkup();
    }

    /// <summary>One bar a grant, from now (or its start, if later) to its expiry, on a scale from now to the last expiry.</summary>
    public static Markup Timeline(IReadOnlyList<SymRun> runs, DateTimeOffset now)
    {
        DateTimeOffset end = runs.Select(r => r.ExpiresAt ?? now).DefaultIfEmpty(now).Max();
        if (end <= now)
        {
            end = now.AddMinutes(1);
        }

        double span = (end - now).TotalSeconds;
        int height = AxisHeight + (runs.Count * RowHeight) + 8;
        const int chart = Width - LabelWidth - 16;
        var svg = new Html().Add($"<svg role=\"img\" aria-labelledby=\"timeline-title\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Add($"<title id=\"timeline-title\">Timeline of {runs.Count} active grants, from now to {end.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}</title>");
        for (int tick = 0; tick <= 4; tick++)
        {
            double x = LabelWidth + (chart * tick / 4.0);
            DateTimeOffset at = now.AddSeconds(span * tick / 4.0);
            string label = tick == 0 ? "now" : at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
            svg.Add($"<line class=\"grid\" x1=\"{x:0.#}\" y1=\"{AxisHeight - 6}\" x2=\"{x:0.#}\" y2=\"{height}\"/>")
                .Add($"<text class=\"axis\" x=\"{x:0.#}\" y=\"14\" text-anchor=\"{(tick == 4 ? "end" : tick == 0 ? "start" : "middle")}\">{label}</text>");
        }

        for (int i = 0; i < runs.Count; i++)
        {
            SymRun run = runs[i];
            DateTimeOffset start = run.EscalatedAt is { } s && s > now ? s : now;
            DateTimeOffset stop = run.ExpiresAt ?? end;
            double x1 = LabelWidth + (chart * Math.Clamp((start - now).TotalSeconds / span, 0, 1));
            double x2 = LabelWidth + (chart * Math.Clamp((stop - now).TotalSeconds / span, 0, 1));
            int y = AxisHeight + (i * RowHeight);
            string who = $"{run.Requester.Email} → {ConsoleFormat.Target(run)}";
            string until = stop.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            svg.Add($"<g><title>{who} until {until}</title>")
                .Add($"<text class=\"who\" x=\"4\" y=\"{y + 18}\">{Shorten(who, 28)}</text>")
                .Add($"<rect class=\"bar\" x=\"{x1:0.#}\" y=\"{y + 6}\" width=\"{Math.Max(2, x2 - x1):0.#}\" height=\"{RowHeight - 10}\" rx=\"3\"/>")
                .Add($"<text class=\"until\" x=\"{Math.Min(x2, Width - 4):0.#}\" y=\"{y + 18}\" text-anchor=\"end\" dx=\"-4\">{stop.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)}</text></g>");
        }

        return svg.Add($"</svg>").ToMarkup();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
