using Microsoft.AspNetCore.Http;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>The frame of every console page: head, skip link, navigation, the signed-in person and sign-out, main.</summary>
internal static class ConsoleLayout
{
    private static readonly (string Path, string Label, bool AdminOnly)[] Navigation =
    [
        ("request", "Request access", false),
        ("", "My requests", false),
        ("approvals", "Approvals", false),
        ("active", "Active access", false),
        ("admin", "Admin", true),
    ];

    /// <summary>A page as an HTML answer.</summary>
    /// <param name="request">The request.</param>
    /// <param name="title">The page's title (its heading too).</param>
    /// <param name="body">The page's content.</param>
    /// <param name="current">The navigation entry to mark current (its path), or <see langword="null"/>.</param>
    /// <param name="statusCode">The HTTP status.</param>
    public static IResult Page(ConsoleRequest request, string title, Markup body, string? current = null, int statusCode = StatusCodes.Status200OK)
    {
        var html = new Html();
        html.Add($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Add($"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Add($"<title>{title} · {request.Options.Title}</title>")
            .Add($"<link rel=\"stylesheet\" href=\"{request.Url("console.css")}\">")
            .Add($"<script src=\"{request.Url("console.js")}\" defer></script></head>")
            .Add($"<body><a class=\"skip\" href=\"#main\">Skip to content</a><header class=\"top\">")
            .Add($"<a class=\"brand\" href=\"{request.Url("")}\">{request.Options.Title}</a>");
        if (request.User is { } user)
        {
            html.Add($"<nav aria-label=\"Main\"><ul>");
            foreach ((string path, string label, bool adminOnly) in Navigation)
            {
                if (adminOnly && !request.IsAdmin)
                {
                    continue;
                }

                Markup here = path == current ? new Markup(" aria-current=\"page\"") : Markup.Empty;
                html.Add($"<li><a href=\"{request.Url(path)}\"{here}>{label}</a></li>");
            }

            html.Add($"</ul></nav><div class=\"who\"><span>{user.Email}</span>");
            if (request.IsAdmin)
            {
                html.Add($" <span class=\"badge\">admin</span>");
            }

            html.Add($"<form method=\"post\" action=\"{request.Url("signout")}\">{request.AntiforgeryField()}")
                .Add($"<button type=\"submit\" class=\"link\">Sign out</button></form></div>");
        }

        html.Add($"</header><main id=\"main\" tabindex=\"-1\"><h1>{title}</h1>{body}</main></body></html>");
        request.Http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html.ToString(), "text/html; charset=utf-8", statusCode: statusCode);
    }

    /// <summary>A friendly error page: what happened in words, nothing of the server's internals.</summary>
    public static IResult Error(ConsoleRequest request, int statusCode, string title, string message)
    {
        var body = new Html().Add($"<p class=\"alert\" role=\"alert\">{message}</p>")
            .Add($"<p><a href=\"{request.Url("")}\">Back to the console</a></p>");
        return Page(request, title, body.ToMarkup(), statusCode: statusCode);
    }
}
