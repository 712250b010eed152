using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Sym.Cli.Internal;

/// <summary>The commands that talk to the service: login, requests and decisions on them, one run's story.</summary>
internal sealed class CliCommands(CliEnvironment env, Option<bool> json)
{
    public IEnumerable<Command> All()
    {
        yield return Login();
        yield return Logout();
        yield return Request();
        yield return Requests();
        yield return Approvals();
        yield return Action("approve", "approve", "Approve a pending request (you must be allowed to decide it).", withReason: true);
        yield return Action("deny", "deny", "Deny a pending request.", withReason: true);
        yield return Action("revoke", "revoke", "Revoke active access before it expires (the requester, an approver of it, or an admin).", withReason: true);
        yield return Action("relinquish", "relinquish", "Give up your own active access before it expires.", withReason: false);
        yield return Action("cancel", "cancel", "Withdraw your own pending request.", withReason: false);
        yield return Run();
        yield return AuditCommands.Create(env, json);
        yield return KeysCommands.Create(env, json);
        yield return CompletionCommand.Create(env);
    }

    private Command Login()
    {
        var url = new Option<string>("--url") { Description = "The Sym service's base URL, such as https://sym.example.com (the API is under /api).", Required = true };
        var command = new Command("login", """
            Store the service URL and your API key in the config file (owner-only: 0600 in a 0700 folder).
            The key is read from standard input when it is piped (printf %s "$KEY" | sym login --url ...), else from a
            prompt that does not echo it; it is never taken as an argument (shell history, ps) and never printed. The key is
            checked against the service before it is stored.
            """) { url };
        command.SetAction(async (parse, ct) =>
        {
            string text = parse.GetValue(url)!;
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            {
                throw new CliException(ExitCodes.Usage, $"'{text}' is not an http or https URL, such as https://sym.example.com.");
            }

            string? key;
            if (env.InputIsTerminal)
            {
                await env.Error.WriteAsync("API key (not shown): ");
                key = env.ReadSecret();
            }
            else
            {
                key = await env.In.ReadLineAsync(ct);
            }

            key = key?.Trim();
            if (string.IsNullOrEmpty(key))
            {
                throw new CliException(ExitCodes.Usage, "No API key was given. Pipe it to standard input or type it at the prompt.");
            }

            using (var api = new SymApiClient(baseUrl, key, env.HttpHandler))
            {
                await api.GetAsync("requests?limit=1", ct); // 401 (exit 3) for a key the service does not know
            }

            string path = CliConfig.Save(env, new CliConfig { Url = baseUrl.ToString(), ApiKey = key });
            await env.Out.WriteLineAsync($"Logged in to {baseUrl}: the service accepted the key. Stored in {path} (readable by you only).");
            return ExitCodes.Success;
        });
        return command;
    }

    private Command Logout()
    {
        var command = new Command("logout", "Delete the stored URL and API key (the key itself stays valid until an admin removes its hash from Sym:Api:Keys).");
        command.SetAction(async (_, _) =>
        {
            string path = CliConfig.PathIn(env.ConfigDirectory);
            bool existed = File.Exists(path);
            File.Delete(path);
            await env.Out.WriteLineAsync(existed ? $"Deleted {path}." : "Not logged in: there was nothing to delete.");
            return ExitCodes.Success;
        });
        return command;
    }

    private Command Request()
    {
        var flow = new Argument<string>("flow") { Description = "The flow to request access through, such as custom_access." };
        var target = new Option<string?>("--target", "-t") { Description = "The target's name, as the flow defines it." };
        var duration = new Option<string?>("--duration", "-d") { Description = "How long: 30m, 1h, 1d (the flow's allowed durations), or seconds." };
        var reason = new Option<string?>("--reason", "-r") { Description = "Why you need access." };
        var fields = new Option<string[]>("--field", "-f")
        {
            Description = "Another field of the flow's form, as name=value (repeat for several).",
            AllowMultipleArgumentsPerToken = false,
        };
        fields.Validators.Add(static result =>
        {
            foreach (string token in result.Tokens.Select(static t => t.Value))
            {
                if (token.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"--field takes name=value; '{token}' has no name before '='.");
                }
            }
        });
        var command = new Command("request", "Ask for access. Prints the new run's id and state (pending until approved).") { flow, target, duration, reason, fields };
        command.SetAction(async (parse, ct) =>
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("flow", parse.GetValue(flow));
                WriteIfSet(writer, "target", parse.GetValue(target));
                WriteIfSet(writer, "duration", parse.GetValue(duration));
                WriteIfSet(writer, "reason", parse.GetValue(reason));
                string[] extra = parse.GetValue(fields) ?? [];
                if (extra.Length > 0)
                {
                    writer.WriteStartObject("fields");
                    foreach (string field in extra)
                    {
                        int eq = field.IndexOf('=', StringComparison.Ordinal);
                        writer.WriteString(field[..eq], field[(eq + 1)..]);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            using SymApiClient api = SymApiClient.FromConfig(env);
            JsonElement answer = await api.PostAsync("requests", System.Text.Encoding.UTF8.GetString(stream.ToArray()), ct);
            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(Json.Pretty(answer));
                return ExitCodes.Success;
            }

            JsonElement? run = answer.Child("run");
            string? state = run?.Text("state");
            await env.Out.WriteLineAsync($"Requested {run?.Text("flow")} for {run?.Text("target") ?? "(no target)"}: run {run?.Text("id")} is {Ansi.Paint(state ?? "unknown", Ansi.ForState(state), env.UseColor)}.");
            if (answer.Text("message") is { } message)
            {
                await env.Out.WriteLineAsync(message);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private Command Requests()
    {
        var state = new Option<string?>("--state", "-s") { Description = "Only runs in this state." };
        state.AcceptOnlyFromAmong("pending", "escalating", "active", "deescalating", "ended", "denied", "expired", "cancelled", "errored", "approved");
        var limit = Limit();
        var command = new Command("requests", "List your requests, newest first.") { state, limit };
        command.SetAction(async (parse, ct) =>
        {
            string query = "requests?limit=" + parse.GetValue(limit).ToString(CultureInfo.InvariantCulture)
                + (parse.GetValue(state) is { } s ? "&state=" + Uri.EscapeDataString(s) : string.Empty);
            return await ListAsync(query, parse.GetValue(json), showRequester: false, "You have no requests.", ct);
        });
        return command;
    }

    private Command Approvals()
    {
        var limit = Limit();
        var command = new Command("approvals", "List the pending requests you may approve or deny and have not voted on, newest first.") { limit };
        command.SetAction(async (parse, ct) =>
            await ListAsync("approvals?limit=" + parse.GetValue(limit).ToString(CultureInfo.InvariantCulture), parse.GetValue(json), showRequester: true,
                "Nothing is waiting for your decision.", ct));
        return command;
    }

    private static Option<int> Limit()
    {
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many (1-500).", DefaultValueFactory = static _ => 50 };
        limit.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 500)
            {
                result.AddError("--limit must be between 1 and 500.");
            }
        });
        return limit;
    }

    private async Task<int> ListAsync(string query, bool asJson, bool showRequester, string empty, CancellationToken ct)
    {
        using SymApiClient api = SymApiClient.FromConfig(env);
        JsonElement page = await api.GetAsync(query, ct);
        if (asJson)
        {
            await env.Out.WriteLineAsync(Json.Pretty(page));
            return ExitCodes.Success;
        }

        ConsoleTable table = showRequester
            ? new("ID", "FLOW", "TARGET", "DURATION", "REQUESTED", "REQUESTER", "REASON")
            : new("ID", "FLOW", "TARGET", "DURATION", "REQUESTED", "STATE", "EXPIRES");
        foreach (JsonElement run in page.Items("runs"))
        {
            string? s = run.Text("state");
            table.Add(showRequester
                ? [(run.Text("id") ?? "", null), (run.Text("flow") ?? "", null), (run.Text("target") ?? "", null), (run.Text("duration") ?? "", null),
                    (run.Time("requestedAt"), null), (run.Text("requester") ?? "", null), (run.Text("reason") ?? "", null)]
                : [(run.Text("id") ?? "", null), (run.Text("flow") ?? "", null), (run.Text("target") ?? "", null), (run.Text("duration") ?? "", null),
                    (run.Time("requestedAt"), null), (s ?? "", Ansi.ForState(s)), (run.Time("expiresAt"), null)]);
        }

        if (table.Count == 0)
        {
            await env.Out.WriteLineAsync(empty);
        }
        else
        {
            table.Write(env.Out, env.UseColor);
            if (page.Text("next") is not null)
            {
                await env.Out.WriteLineAsync("(more: raise --limit, or use --json and follow 'next')");
            }
        }

        return ExitCodes.Success;
    }

    private Command Action(string name, string route, string description, bool withReason)
    {
        var run = new Argument<string>("run") { Description = "The run's id (from 'sym requests' or 'sym approvals')." };
        var command = new Command(name, description) { run };
        Option<string?>? reason = null;
        if (withReason)
        {
            reason = new Option<string?>("--reason", "-r") { Description = "Why (recorded in the audit log and shown to the requester)." };
            command.Options.Add(reason);
        }

        command.SetAction(async (parse, ct) =>
        {
            string id = parse.GetValue(run)!;
            string? why = reason is null ? null : parse.GetValue(reason);
            string? body = why is null ? null : JsonSerializer.Serialize(new Dictionary<string, string> { ["reason"] = why });
            using SymApiClient api = SymApiClient.FromConfig(env);
            JsonElement answer = await api.PostAsync(SymApiClient.RunPath(id, route), body, ct);
            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(Json.Pretty(answer));
                return ExitCodes.Success;
            }

            string? state = answer.Child("run")?.Text("state");
            await env.Out.WriteLineAsync($"{Past(name)} run {id}: it is now {Ansi.Paint(state ?? "unknown", Ansi.ForState(state), env.UseColor)}.");
            if (answer.Text("message") is { } message)
            {
                await env.Out.WriteLineAsync(message);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Past(string verb) => verb switch
    {
        "approve" => "Approved",
        "deny" => "Denied",
        "revoke" => "Revoked",
        "relinquish" => "Relinquished",
        "cancel" => "Cancelled",
        _ => verb,
    };

    private Command Run()
    {
        var run = new Argument<string>("run") { Description = "The run's id." };
        var command = new Command("run", "Show one run: its request, decisions and timeline, then its audit trail.") { run };
        command.SetAction(async (parse, ct) =>
        {
            string id = parse.GetValue(run)!;
            using SymApiClient api = SymApiClient.FromConfig(env);
            JsonElement details = await api.GetAsync(SymApiClient.RunPath(id), ct);
            JsonElement audit = await api.GetAsync(SymApiClient.RunPath(id, "audit"), ct);
            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, JsonElement> { ["run"] = details, ["audit"] = audit }, Json.Indented));
                return ExitCodes.Success;
            }

            string? state = details.Text("state");
            TextWriter o = env.Out;
            await o.WriteLineAsync($"Run {details.Text("id")}: {details.Text("flow")} for {details.Text("target") ?? "(no target)"}, {details.Text("duration")}");
            await o.WriteLineAsync($"  state      {Ansi.Paint(state ?? "", Ansi.ForState(state), env.UseColor)}");
            await o.WriteLineAsync($"  requester  {details.Text("requester")}");
            await o.WriteLineAsync($"  reason     {details.Text("reason")}");
            var timeline = new ConsoleTable("WHEN", "WHAT");
            timeline.Add((details.Time("requestedAt"), null), ("requested", null));
            foreach (JsonElement approver in details.Items("approvals"))
            {
                timeline.Add((string.Empty, null), ($"approved by {approver.GetString()}", Ansi.Green));
            }

            foreach (JsonElement denier in details.Items("denials"))
            {
                timeline.Add((string.Empty, null), ($"denied by {denier.GetString()}", Ansi.Red));
            }

            AddIfSet(timeline, details, "escalatedAt", "access granted");
            AddIfSet(timeline, details, "expiresAt", details.Text("endedAt") is null ? "access expires" : "access was due to expire");
            AddIfSet(timeline, details, "endedAt", details.Text("deescalateType") is { } how ? $"access ended ({how})" : "ended");
            await o.WriteLineAsync();
            timeline.Write(o, env.UseColor);
            foreach (JsonElement error in details.Items("errors"))
            {
                await o.WriteLineAsync(Ansi.Paint($"  error in {error.Text("step")}: {error.Text("message")} ({error.Text("code")})", Ansi.Red, env.UseColor));
            }

            await o.WriteLineAsync();
            var entries = new ConsoleTable("#", "WHEN", "STEP", "ACTOR", "OUTCOME", "MESSAGE");
            foreach (JsonElement entry in audit.Items("entries"))
            {
                string? outcome = entry.Text("outcome");
                entries.Add((entry.Text("sequence") ?? "", null), (entry.Time("timestamp"), null), (entry.Text("step") ?? "", null),
                    (entry.Text("actor") ?? "", null), (outcome ?? "", Ansi.ForOutcome(outcome)), (entry.Text("message") ?? "", null));
            }

            entries.Write(o, env.UseColor);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void AddIfSet(ConsoleTable table, JsonElement run, string property, string what)
    {
        if (run.Time(property) is { Length: > 0 } when)
        {
            table.Add((when, null), (what, null));
        }
    }
}
