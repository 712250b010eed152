using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sym.Cli.Internal;

/// <summary>
/// <c>sym audit export</c>: the audit entries of the caller's runs, as JSON lines or CSV. The API has no audit-wide
/// listing; the export walks <c>GET requests</c> (every page) and reads each run's <c>GET requests/{id}/audit</c>, so it
/// holds what the caller may read of their own requests. Entries of runs the caller only decided are not in it.
/// </summary>
internal static class AuditCommands
{
    private static readonly string[] Columns = ["runId", "flow", "target", "requester", "sequence", "timestamp", "step", "actor", "outcome", "message", "errorCode"];

    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var since = new Option<string?>("--since")
        {
            Description = "Only entries at or after this time: an ISO 8601 time (2026-03-01, 2026-03-01T09:00:00Z) or an age (90m, 24h, 7d).",
        };
        var format = new Option<string>("--format") { Description = "jsonl (one JSON object a line) or csv.", DefaultValueFactory = static _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "Export the audit entries of your requests, oldest run first.") { since, format, output };
        export.SetAction(async (parse, ct) =>
        {
            DateTimeOffset? from = parse.GetValue(since) is { } s ? ParseSince(s, env.Time) : null;
            bool csv = parse.GetValue(format) == "csv" && !parse.GetValue(json);
            using SymApiClient api = SymApiClient.FromConfig(env);

            var runs = new List<JsonElement>();
            string? next = "requests?limit=500";
            while (next is not null)
            {
                JsonElement page = await api.GetAsync(next, ct);
                runs.AddRange(page.Items("runs"));
                next = page.Text("next");
            }

            FileInfo? file = parse.GetValue(output);
            TextWriter writer = file is null ? env.Out : new StreamWriter(file.FullName, append: false, new UTF8Encoding(false));
            int count = 0;
            try
            {
                if (csv)
                {
                    await writer.WriteLineAsync(string.Join(',', Columns));
                }

                runs.Reverse(); // oldest first, as an audit log reads
                foreach (JsonElement run in runs)
                {
                    JsonElement audit = await api.GetAsync(SymApiClient.RunPath(run.Text("id")!, "audit"), ct);
                    foreach (JsonElement entry in audit.Items("entries"))
                    {
                        if (from is { } f && entry.Child("timestamp")?.GetDateTimeOffset() < f)
                        {
                            continue;
                        }

                        string?[] values =
                        [
                            run.Text("id"), run.Text("flow"), run.Text("target"), run.Text("requester"), entry.Text("sequence"), entry.Text("timestamp"),
                            entry.Text("step"), entry.Text("actor"), entry.Text("outcome"), entry.Text("message"), entry.Text("errorCode"),
                        ];
                        await writer.WriteLineAsync(csv ? CsvLine(values) : JsonLine(values));
                        count++;
                    }
                }
            }
            finally
            {
                if (file is not null)
                {
                    await writer.DisposeAsync();
                }
            }

            if (file is not null)
            {
                await env.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {count} entries from {runs.Count} runs to {file.FullName}."));
            }

            return ExitCodes.Success;
        });
        var audit = new Command("audit", "The audit trail of your requests.") { export };
        return audit;
    }

    /// <summary>An ISO 8601 time (UTC unless it names an offset) or an age such as <c>90m</c>, <c>24h</c>, <c>7d</c> back from now.</summary>
    public static DateTimeOffset ParseSince(string text, TimeProvider time)
    {
        if (text.Length > 1 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long amount)
            && amount > 0 && amount < 100_000)
        {
            TimeSpan? age = text[^1] switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (age is { } a)
            {
                return time.GetUtcNow() - a;
            }
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
        {
            return when;
        }

        throw new CliException(ExitCodes.Usage, $"--since '{text}' is neither an ISO 8601 time (2026-03-01T09:00:00Z) nor an age such as 90m, 24h or 7d.");
    }

    private static string JsonLine(string?[] values)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            for (int i = 0; i < Columns.Length; i++)
            {
                if (values[i] is null)
                {
                    continue;
                }

                if (Columns[i] == "sequence" && long.TryParse(values[i], NumberStyles.None, CultureInfo.InvariantCulture, out long n))
                {
                    writer.WriteNumber(Columns[i], n);
                }
                else
                {
                    writer.WriteString(Columns[i], values[i]);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>RFC 4180: a value with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string CsvLine(string?[] values) =>
        string.Join(',', values.Select(static v => v is null ? string.Empty
            : v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v));
}
