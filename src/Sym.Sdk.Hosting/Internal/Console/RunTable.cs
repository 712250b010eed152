using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>A list of runs as a table (scrolling sideways on a phone), each linking to its page, with per-row actions.</summary>
internal static class RunTable
{
    public static Markup Render(ConsoleRequest request, IReadOnlyList<SymRun> runs, string caption, string empty, Func<SymRun, Markup>? actions = null)
    {
        if (runs.Count == 0)
        {
            return new Html().Add($"<p class=\"empty\">{empty}</p>").ToMarkup();
        }

        DateTimeOffset now = request.Now;
        var html = new Html().Add($"<div class=\"scroll\"><table><caption class=\"visually-hidden\">{caption}</caption><thead><tr>")
            .Add($"<th scope=\"col\">Request</th><th scope=\"col\">Target</th><th scope=\"col\">Requester</th><th scope=\"col\">State</th>")
            .Add($"<th scope=\"col\">Requested</th><th scope=\"col\">Expires</th>");
        if (actions is not null)
        {
            html.Add($"<th scope=\"col\">Actions</th>");
        }

        html.Add($"</tr></thead><tbody>");
        foreach (SymRun run in runs)
        {
            DateTimeOffset? expiry = run.State == SymRunState.Pending ? run.PendingExpiresAt : run.IsFinal ? null : run.ExpiresAt;
            html.Add($"<tr data-run=\"{run.Id}\"><td><a href=\"{request.RunUrl(run.Id)}\">{ConsoleFormat.ShortId(run.Id)}</a> <span class=\"muted\">{run.Flow}</span></td>")
                .Add($"<td>{ConsoleFormat.Target(run)}</td><td>{run.Requester.Email}</td><td>{ConsoleFormat.StateBadge(run.State)}</td>")
                .Add($"<td>{ConsoleFormat.Time(run.RequestedAt)}</td><td>{(expiry is null ? new Markup("—") : ConsoleFormat.Countdown(expiry, now))}</td>");
            if (actions is not null)
            {
                html.Add($"<td>{actions(run)}</td>");
            }

            html.Add($"</tr>");
        }

        return html.Add($"</tbody></table></div>").ToMarkup();
    }
}
