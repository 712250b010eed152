using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sym.Sdk.Forms;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>
/// The request form, built from the flow's <see cref="FlowDescriptor"/>: a target, a duration and each prompt field by its
/// type, required mark and allowed values. Checked by <see cref="SymEngine.ValidateRequest"/> (the engine's own rules),
/// whose errors are shown next to their fields; submitted with <see cref="SymEngine.RequestAsync"/>.
/// </summary>
internal static class RequestPage
{
    /// <summary>What the form offers when a flow leaves durations open (as Slack's modal does).</summary>
    private static readonly TimeSpan[] DefaultDurations =
        [TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(8), TimeSpan.FromDays(1)];

    public static IResult Show(HttpContext http, string? flow)
    {
        var request = ConsoleRequest.For(http);
        FlowDescriptor? descriptor = Choose(request, flow);
        return descriptor is null
            ? ConsoleLayout.Error(request, StatusCodes.Status404NotFound, "No such flow", "There is no flow of that name. Pick one from the request page.")
            : Render(request, descriptor, new Dictionary<string, string>(StringComparer.Ordinal), null);
    }

    public static async Task<IResult> SubmitAsync(HttpContext http)
    {
        var request = ConsoleRequest.For(http);
        if (!await request.IsValidFormAsync().ConfigureAwait(false))
        {
            return ConsoleEndpoints.Forged(request);
        }

        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        FlowDescriptor? descriptor = Choose(request, ConsoleRequest.Field(form, "flow"));
        if (descriptor is null)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status404NotFound, "No such flow", "There is no flow of that name. Pick one from the request page.");
        }

        var entered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> kv in form)
        {
            entered[kv.Key] = kv.Value.ToString();
        }

        AccessRequest access = Build(request, descriptor, form);
        RequestValidationResult validation = request.Engine.ValidateRequest(access);
        if (!validation.IsValid)
        {
            return Render(request, descriptor, entered, validation.Errors, StatusCodes.Status400BadRequest);
        }

        SymActionResult result;
        try
        {
            result = await request.Engine.RequestAsync(access, http.RequestAborted).ConfigureAwait(false);
        }
        catch (SymRequestValidationException ex)
        {
            return Render(request, descriptor, entered, ex.Errors, StatusCodes.Status400BadRequest);
        }

        if (result.IsApplied && result.Run is { } run)
        {
            return Results.Redirect(request.RunUrl(run.Id, "?done=request"), permanent: false, preserveMethod: false);
        }

        // The flow's code refused or failed: its message, as the engine gives it.
        return Render(request, descriptor, entered, [new SymFieldError("form", result.Message ?? "The request was not accepted.")],
            result.Status == SymActionStatus.Ignored ? StatusCodes.Status403Forbidden : StatusCodes.Status500InternalServerError);
    }

    private static FlowDescriptor? Choose(ConsoleRequest request, string? flow) =>
        flow is null ? request.Engine.FlowCatalog.FirstOrDefault() : request.Engine.FindFlow(flow);

    /// <summary>The request as the engine receives it: every value as entered, for the engine to judge.</summary>
    private static AccessRequest Build(ConsoleRequest request, FlowDescriptor flow, IFormCollection form)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        TimeSpan? duration = null;
        foreach (PromptField field in flow.Fields)
        {
            if (field.Type == FieldType.Bool)
            {
                fields[field.Name] = SymFieldValue.Bool(ConsoleRequest.Field(form, field.Name) is not null);
                continue;
            }

            if (ConsoleRequest.Field(form, field.Name) is not { } text)
            {
                continue;
            }

            fields[field.Name] = Value(field.Type, text);
        }

        if (flow.AsksForDuration && ConsoleRequest.Field(form, "duration") is { } d)
        {
            if (SymDuration.TryParse(d, out TimeSpan parsed))
            {
                duration = parsed;
            }
            else
            {
                fields["duration"] = SymFieldValue.String(d);
            }
        }

        return new AccessRequest
        {
            Flow = flow.Name,
            Requester = request.RequireUser,
            Target = ConsoleRequest.Field(form, "target"),
            Duration = duration,
            Fields = fields,
            SourceChannel = "console",
        };
    }

    /// <summary>A typed value when the text reads as the type, else the text itself, which the engine refuses with its message.</summary>
    private static JsonElement Value(FieldType type, string text)
    {
        if (type == FieldType.Int && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
        {
            return SymFieldValue.Int(number);
        }

        if (type == FieldType.StrList || type == FieldType.SlackUserList)
        {
            return SymFieldValue.StringList(Lines(text));
        }

        if (type == FieldType.IntList)
        {
            List<long> numbers = [];
            foreach (string line in Lines(text))
            {
                if (!long.TryParse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
                {
                    return SymFieldValue.StringList(Lines(text));
                }

                numbers.Add(n);
            }

            return SymFieldValue.IntList(numbers);
        }

        return SymFieldValue.String(text.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static IResult Render(
        ConsoleRequest request, FlowDescriptor flow, Dictionary<string, string> entered, IReadOnlyList<SymFieldError>? errors,
        int statusCode = StatusCodes.Status200OK)
    {
        var body = new Html();
        errors ??= [];
        if (errors.Count > 0)
        {
            body.Add($"<div class=\"alert\" role=\"alert\" id=\"errors\" tabindex=\"-1\"><p>The request was not sent. Correct the fields marked below.</p>");
            foreach (SymFieldError general in errors.Where(e => !IsShownAtField(flow, e.Field)))
            {
                body.Add($"<p>{general.Message}</p>");
            }

            body.Add($"</div>");
        }

        if (request.Engine.FlowCatalog.Count > 1)
        {
            body.Add($"<form method=\"get\" action=\"{request.Url("request")}\" class=\"inline\"><div class=\"field\"><label for=\"pick-flow\">Flow</label>")
                .Add($"<select id=\"pick-flow\" name=\"flow\">");
            foreach (FlowDescriptor f in request.Engine.FlowCatalog)
            {
                body.Add($"<option value=\"{f.Name}\"{Selected(f.Name == flow.Name)}>{f.Label}</option>");
            }

            body.Add($"</select></div><button type=\"submit\" class=\"secondary\">Choose</button></form>");
        }

        body.Add($"<form method=\"post\" action=\"{request.Url("request")}\" novalidate>{request.AntiforgeryField()}")
            .Add($"<input type=\"hidden\" name=\"flow\" value=\"{flow.Name}\"><p class=\"hint\">Flow: <strong>{flow.Label}</strong>. Fields marked <span aria-hidden=\"true\">*</span><span class=\"visually-hidden\">required</span> are required.</p>");

        if (flow.Targets.Count > 0)
        {
            var options = flow.Targets.Select(t => (t.Name, t.Label ?? t.Name)).ToList();
            Select(body, "target", "Target", required: true, options, entered.GetValueOrDefault("target"), errors);
        }

        if (flow.AsksForDuration)
        {
            var options = flow.GetDurationChoices(DefaultDurations).Select(d => (SymDuration.Format(d), SymDuration.Format(d))).ToList();
            Select(body, "duration", "Duration", required: true, options, entered.GetValueOrDefault("duration"), errors);
        }

        foreach (PromptField field in flow.Fields.Where(static f => f.Visible))
        {
            Field(body, flow, field, entered, errors);
        }

        body.Add($"<button type=\"submit\">Request access</button></form>");
        return ConsoleLayout.Page(request, "Request access", body.ToMarkup(), "request", statusCode);
    }

    private static bool IsShownAtField(FlowDescriptor flow, string field) =>
        field is "target" && flow.Targets.Count > 0 || field is "duration" && flow.AsksForDuration || flow.Fields.Any(f => f.Visible && f.Name == field);

    private static void Field(Html body, FlowDescriptor flow, PromptField field, Dictionary<string, string> entered, IReadOnlyList<SymFieldError> errors)
    {
        string label = field.Label ?? field.Name;
        string? value = entered.TryGetValue(field.Name, out string? v) ? v : field.Default;
        if (field.AllowedValues.Count > 0 || (field.Name == "duration" && flow.AllowedDurations.Count > 0))
        {
            var options = field.AllowedValues.Count > 0
                ? field.AllowedValues.Select(o => (o.Value, o.Label)).ToList()
                : flow.AllowedDurations.Select(d => (SymDuration.Format(d), SymDuration.Format(d))).ToList();
            Select(body, field.Name, label, field.Required, options, value, errors);
            return;
        }

        string id = "f-" + field.Name;
        (Markup Attributes, Markup Content) described = Described(id, field.Name, errors, Hint(field));
        body.Add($"<div class=\"field{Invalid(field.Name, errors)}\">");
        if (field.Type == FieldType.Bool)
        {
            Markup isChecked = new(value is "on" or "true" ? " checked" : "");
            body.Add($"<input type=\"checkbox\" id=\"{id}\" name=\"{field.Name}\"{isChecked}{described.Attributes}> <label for=\"{id}\">{label}</label>");
        }
        else
        {
            body.Add($"<label for=\"{id}\">{label}{RequiredMark(field.Required)}</label>");
            bool multi = field.Multiline || field.Type == FieldType.StrList || field.Type == FieldType.IntList || field.Type == FieldType.SlackUserList;
            Markup common = new Html().Add($"id=\"{id}\" name=\"{field.Name}\"{Req(field.Required)}{described.Attributes}").ToMarkup();
            if (multi)
            {
                body.Add($"<textarea {common} rows=\"3\" maxlength=\"{field.MaxLength}\">{value}</textarea>");
            }
            else
            {
                // Whole numbers in a text input with a numeric keyboard: what is typed reaches the engine, whose message
                // says what is wrong (a number input would drop it silently).
                Markup mode = new(field.Type == FieldType.Int ? " inputmode=\"numeric\"" : "");
                body.Add($"<input type=\"text\"{mode} {common} value=\"{value}\" maxlength=\"{field.MaxLength}\">");
            }
        }

        body.Add($"{described.Content}</div>");
    }

    private static void Select(Html body, string name, string label, bool required, List<(string Value, string Label)> options, string? value,
        IReadOnlyList<SymFieldError> errors)
    {
        string id = "f-" + name;
        (Markup Attributes, Markup Content) described = Described(id, name, errors, null);
        body.Add($"<div class=\"field{Invalid(name, errors)}\"><label for=\"{id}\">{label}{RequiredMark(required)}</label>")
            .Add($"<select id=\"{id}\" name=\"{name}\"{Req(required)}{described.Attributes}><option value=\"\">Choose…</option>");
        foreach ((string optionValue, string optionLabel) in options)
        {
            body.Add($"<option value=\"{optionValue}\"{Selected(optionValue == value)}>{optionLabel}</option>");
        }

        body.Add($"</select>{described.Content}</div>");
    }

    /// <summary>The field's hint and errors, and the attributes that tie them to the input for screen readers.</summary>
    private static (Markup Attributes, Markup Content) Described(string id, string name, IReadOnlyList<SymFieldError> errors, string? hint)
    {
        var ids = new List<string>(2);
        var content = new Html();
        if (hint is not null)
        {
            ids.Add(id + "-hint");
            content.Add($"<p class=\"hint\" id=\"{id}-hint\">{hint}</p>");
        }

        string[] messages = errors.Where(e => e.Field == name).Select(static e => e.Message).ToArray();
        if (messages.Length > 0)
        {
            ids.Add(id + "-error");
            content.Add($"<p class=\"error\" id=\"{id}-error\">");
            foreach (string message in messages)
            {
                content.Add($"<span>{message}</span> ");
            }

            content.Add($"</p>");
        }

        var attributes = new Html();
        if (ids.Count > 0)
        {
            attributes.Add($" aria-describedby=\"{string.Join(' ', ids)}\"");
        }

        if (messages.Length > 0)
        {
            attributes.Add($" aria-invalid=\"true\"");
        }

        return (attributes.ToMarkup(), content.ToMarkup());
    }

    private static string? Hint(PromptField field) =>
        field.Type == FieldType.StrList || field.Type == FieldType.IntList || field.Type == FieldType.SlackUserList ? "One value a line."
        : field.Type == FieldType.Duration ? "For example 30m, 1h or 1d."
        : null;

    private static Markup Invalid(string name, IReadOnlyList<SymFieldError> errors) => errors.Any(e => e.Field == name) ? new(" invalid") : Markup.Empty;

    private static Markup RequiredMark(bool required) =>
        required ? new(" <span class=\"required\" aria-hidden=\"true\">*</span>") : Markup.Empty;

    private static Markup Req(bool required) => required ? new(" aria-required=\"true\"") : Markup.Empty;

    private static Markup Selected(bool selected) => selected ? new(" selected") : Markup.Empty;
}
