using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>Admins only: the audit log as a download, JSON lines (the engine's own export) or CSV, filtered like the admin page.</summary>
internal static class AuditExport
{
    public static async Task<IResult> JsonLinesAsync(HttpContext http, string? flow, string? target, string? requester, string? from, string? to)
    {
        var request = ConsoleRequest.For(http);
        if (!request.IsAdmin)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status403Forbidden, "Admins only", "The audit export is for Sym admins.");
        }

        SymAuditQuery query = Query(flow, target, requester, from, to);
        Prepare(http, "application/x-ndjson; charset=utf-8", "sym-audit.jsonl");
        await request.Engine.ExportAuditJsonLinesAsync(http.Response.Body, query, http.RequestAborted).ConfigureAwait(false);
        return Results.Empty;
    }

    public static async Task<IResult> CsvAsync(HttpContext http, string? flow, string? target, string? requester, string? from, string? to)
    {
        var request = ConsoleRequest.For(http);
        if (!request.IsAdmin)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status403Forbidden, "Admins only", "The audit export is for Sym admins.");
        }

        SymAuditQuery query = Query(flow, target, requester, from, to);
        Prepare(http, "text/csv; charset=utf-8", "sym-audit.csv");
        var line = new StringBuilder(256);
        await http.Response.WriteAsync("sequence,timestamp,run_id,flow,step,actor,requester,target,outcome,reason,duration,message,error_code\r\n", http.RequestAborted)
            .ConfigureAwait(false);
        await foreach (SymAuditEntry e in request.Engine.GetAuditAsync(query, http.RequestAborted).ConfigureAwait(false))
        {
            line.Clear();
            Cells(line, e.Sequence.ToString(CultureInfo.InvariantCulture), e.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), e.RunId, e.Flow,
                e.Step, e.Actor, e.Requester, e.Target, ConsoleFormat.Outcome(e.Outcome), e.Reason,
                e.Duration is { } d ? Forms.SymDuration.Format(d) : null, e.Message, e.ErrorCode);
            await http.Response.WriteAsync(line.ToString(), http.RequestAborted).ConfigureAwait(false);
        }

        return Results.Empty;
    }

    private static SymAuditQuery Query(string? flow, string? target, string? requester, string? from, string? to) => new()
    {
        Flow = flow is { Length: > 0 } ? flow : null,
        Target = target is { Length: > 0 } ? target : null,
        User = requester is { Length: > 0 } ? requester.Trim() : null,
        Since = AdminPage.Day(from),
        Until = AdminPage.Day(to)?.AddDays(1),
    };

    private static void Prepare(HttpContext http, string contentType, string fileName)
    {
        http.Response.ContentType = contentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        http.Response.Headers.CacheControl = "no-store";
    }

    /// <summary>
    /// One CSV row (RFC 4180: quoted when needed, quotes doubled). A cell a spreadsheet would take for a formula
    /// (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe, so an exported reason cannot run.
    /// </summary>
    internal static void Cells(StringBuilder line, params string?[] cells)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            string cell = cells[i] ?? string.Empty;
            if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            {
                cell = "'" + cell;
            }

            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                line.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                line.Append(cell);
            }
        }

        line.Append("\r\n");
    }
}
