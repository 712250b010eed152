using System.Globalization;
using System.Text.Json;
using Sym.Sdk.Forms;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Flows.Internal;

/// <summary>Checks a request against its flow (prompt fields, target, duration, source) and builds its fields.</summary>
internal static class RequestValidator
{
    /// <summary>How many characters of a value an error message echoes.</summary>
    private const int MaxShownLength = 40;

    /// <summary>How many unknown field names are reported one by one.</summary>
    private const int MaxUnknownFieldErrors = 10;

    /// <summary>The limits of a reason given to a flow whose form has no <c>reason</c> field.</summary>
    private static readonly PromptField UndeclaredReason = new() { Name = "reason", Type = FieldType.String, Label = "The reason", Required = false };

    /// <summary>Validates a request and returns its fields, with the duration it grants.</summary>
    /// <exception cref="SymRequestValidationException">Something is invalid; nothing was created.</exception>
    public static (EventFields Fields, TimeSpan Duration) Validate(FlowDefinition flow, AccessRequest request)
    {
        (EventFields Fields, TimeSpan Duration) valid = Check(flow, request, out List<SymFieldError>? errors);
        return errors is null ? valid : throw new SymRequestValidationException(flow.Name, errors);
    }

    /// <summary>
    /// Checks a request: its fields and duration when it is valid (<paramref name="errors"/> <see langword="null"/>), else
    /// every error found (and the returned value is not to be used).
    /// </summary>
    public static (EventFields Fields, TimeSpan Duration) Check(FlowDefinition flow, AccessRequest request, out List<SymFieldError>? errors)
    {
        errors = null;
        FlowOptions o = flow.Options;

        if (o.AllowedSources.Count > 0 && !Contains(o.AllowedSources, request.SourceChannel))
        {
            Add(ref errors, "source", $"Requests from '{request.SourceChannel}' are not allowed in this flow (allowed: {string.Join(", ", o.AllowedSources)}).");
        }

        if (request.Requester.Role == UserRole.Guest && !o.AllowGuestInteraction)
        {
            Add(ref errors, "requester", "Guests may not request access in this flow.");
        }

        AccessTarget? target = null;
        if (flow.Targets.Count > 0)
        {
            if (string.IsNullOrEmpty(request.Target))
            {
                Add(ref errors, "target", "A target is required.");
            }
            else if (!flow.Targets.TryGetValue(request.Target, out target))
            {
                Add(ref errors, "target", $"'{Shown(request.Target)}' is not a target of this flow.");
            }
        }
        else if (!string.IsNullOrEmpty(request.Target))
        {
            Add(ref errors, "target", $"'{Shown(request.Target)}' is not a target of this flow (it has none).");
        }

        if (request.Context is { } context)
        {
            if (context.ValueKind != JsonValueKind.Object)
            {
                Add(ref errors, "context", $"The context must be a JSON object, not {Kind(context)}.");
            }
            else if (context.GetRawText().Length > AccessRequest.MaxContextLength)
            {
                Add(ref errors, "context", string.Create(CultureInfo.InvariantCulture,
                    $"The context may have at most {AccessRequest.MaxContextLength} characters as JSON."));
            }
        }

        IReadOnlyDictionary<string, JsonElement>? given = request.Fields;
        var values = new Dictionary<string, JsonElement>((given?.Count ?? 0) + 2, StringComparer.Ordinal);
        if (given is not null)
        {
            int unknown = 0;
            foreach (KeyValuePair<string, JsonElement> kv in given)
            {
                if (flow.Form.Find(kv.Key) is null && kv.Key is not ("reason" or "duration"))
                {
                    // Each unknown name is echoed (shortened) up to a point; a flood of them answers one more line, not thousands.
                    if (++unknown <= MaxUnknownFieldErrors)
                    {
                        string shown = Shown(kv.Key);
                        Add(ref errors, shown, $"'{shown}' is not a field of this flow.");
                    }

                    continue;
                }

                values[kv.Key] = kv.Value;
            }

            if (unknown > MaxUnknownFieldErrors)
            {
                Add(ref errors, "fields", string.Create(CultureInfo.InvariantCulture,
                    $"The request has {unknown - MaxUnknownFieldErrors} more fields this flow does not have."));
            }
        }

        if (request.Reason is not null)
        {
            values["reason"] = SymFieldValue.String(request.Reason);
        }

        TimeSpan duration = default;
        if (flow.IsApprovalOnly)
        {
            // An approval-only flow grants nothing for a time: a duration sent with its request is refused (not dropped),
            // so a client that believes it asked for access for an hour learns that it did not.
            if (request.Duration is not null || values.ContainsKey("duration"))
            {
                Add(ref errors, "duration", "This flow only records an approval and grants no access, so a request takes no duration.");
            }
        }
        else if (request.Duration is { } d)
        {
            duration = d;
            values["duration"] = SymFieldValue.Duration(d);
        }
        else if (values.TryGetValue("duration", out JsonElement dv) && TryReadDuration(dv, out TimeSpan parsed))
        {
            duration = parsed;
        }
        else if (flow.Form.Find("duration") is { Default: { } text } && SymDuration.TryParse(text, out TimeSpan byDefault))
        {
            duration = byDefault;
            values["duration"] = SymFieldValue.Duration(byDefault);
        }

        if (!flow.IsApprovalOnly)
        {
            ValidateDuration(flow, duration, "duration", ref errors);
        }

        // A reason the form does not declare is still stored and shown: it gets a reason field's limits.
        if (flow.Form.Find("reason") is null && values.TryGetValue("reason", out JsonElement undeclared)
            && undeclared.ValueKind != JsonValueKind.Null && CheckValue(UndeclaredReason, undeclared) is { } reasonProblem)
        {
            Add(ref errors, "reason", reasonProblem);
        }

        foreach (PromptField field in flow.Form.Fields)
        {
            if (!values.TryGetValue(field.Name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                if (field.Default is { } def && DefaultValue(field.Type, def) is { } filled)
                {
                    values[field.Name] = filled;
                }
                else if (field.Required && !(field.Name == "duration" && HasError(errors, "duration")))
                {
                    // (A missing duration was reported above, once.)
                    Add(ref errors, field.Name, $"{Label(field)} is required.");
                }

                continue;
            }

            if (CheckValue(field, value) is { } problem)
            {
                Add(ref errors, field.Name, problem);
            }
        }

        if (target is not null && flow.FieldBindings.TryGetValue(target.Name, out string[]? bound))
        {
            target = Bind(flow, target, bound, values, ref errors);
        }

        if (errors is not null)
        {
            return default;
        }

        // Runs keep their fields for life; a compact map costs a stored run less than the dictionary used to build it.
        return (new EventFields(Runtime.Internal.SmallMap<JsonElement>.From(values), target), duration);
    }

    /// <summary>The target with its bound fields' values as settings of the same name (Sym's <c>field_bindings</c>); each bound field is required.</summary>
    private static AccessTarget Bind(FlowDefinition flow, AccessTarget target, string[] bound, Dictionary<string, JsonElement> values, ref List<SymFieldError>? errors)
    {
        var settings = new Dictionary<string, string>(target.Settings, StringComparer.Ordinal);
        foreach (string name in bound)
        {
            if (HasError(errors, name))
            {
                continue;
            }

            string? text = values.TryGetValue(name, out JsonElement value) ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            } : null;
            if (string.IsNullOrEmpty(text))
            {
                PromptField? field = flow.Form.Find(name);
                Add(ref errors, name, $"{(field is null ? name : Label(field))} is required for target '{Shown(target.Name)}', which binds it.");
                continue;
            }

            settings[name] = text;
        }

        return target with { Settings = settings };
    }

    /// <summary>Checks a duration against the flow's allowed durations and maximum.</summary>
    public static void ValidateDuration(FlowDefinition flow, TimeSpan duration, string field, ref List<SymFieldError>? errors)
    {
        if (duration <= TimeSpan.Zero)
        {
            Add(ref errors, field, "A positive duration is required.");
            return;
        }

        if (flow.AllowedDurations.Count > 0 && !ContainsDuration(flow.AllowedDurations, duration))
        {
            var allowed = new string[flow.AllowedDurations.Count];
            for (int i = 0; i < allowed.Length; i++)
            {
                allowed[i] = SymDuration.Format(flow.AllowedDurations[i]);
            }

            Add(ref errors, field, $"'{SymDuration.Format(duration)}' is not an allowed duration (allowed: {string.Join(", ", allowed)}).");
        }

        if (flow.MaxDuration is { } max && duration > max)
        {
            Add(ref errors, field, $"'{SymDuration.Format(duration)}' is longer than the flow's maximum of {SymDuration.Format(max)}.");
        }
    }

    /// <summary>
    /// Checks the reason given with an approval, denial, revocation or extension: at most the flow's
    /// <see cref="FlowOptions.MaxActionReasonLength"/> characters, and no control character but line feeds.
    /// </summary>
    /// <exception cref="SymRequestValidationException">The reason is too long or holds a control character; nothing changed.</exception>
    public static void ValidateActionReason(FlowDefinition flow, string? reason)
    {
        if (reason is null)
        {
            return;
        }

        int max = flow.Options.MaxActionReasonLength;
        string? problem = reason.Length > max
            ? TooLong("The reason", max, reason.Length)
            : ControlCharacter("The reason", reason, multiline: true);
        if (problem is not null)
        {
            throw new SymRequestValidationException(flow.Name, [new SymFieldError("reason", problem)]);
        }
    }

    /// <summary>
    /// A value as an error message may show it: at most <see cref="MaxShownLength"/> characters (then an ellipsis), control
    /// characters replaced, so an error never echoes a megabyte or a terminal escape back.
    /// </summary>
    internal static string Shown(string value)
    {
        ReadOnlySpan<char> head = value.AsSpan(0, Math.Min(value.Length, MaxShownLength));
        var shown = new System.Text.StringBuilder(head.Length + 1);
        foreach (char c in head)
        {
            shown.Append(char.IsControl(c) || char.IsSurrogate(c) ? '\uFFFD' : c);
        }

        return value.Length > MaxShownLength ? shown.Append('…').ToString() : shown.ToString();
    }

    /// <summary>How a message names a field: its label as the form shows it, or its name.</summary>
    private static string Label(PromptField field) => string.IsNullOrWhiteSpace(field.Label) ? field.Name : field.Label;

    private static bool HasError(List<SymFieldError>? errors, string field) => errors?.Exists(e => e.Field == field) == true;

    internal static void Add(ref List<SymFieldError>? errors, string field, string message) =>
        (errors ??= []).Add(new SymFieldError(field, message));

    private static string? CheckValue(PromptField field, JsonElement value)
    {
        string type = field.Type.Value;
        switch (type)
        {
            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    return $"{Label(field)} should be text but is {Kind(value)}.";
                }

                if (ReadText(field, value, out string text) is { } textProblem)
                {
                    return textProblem;
                }

                if (field.Required && text.Trim().Length == 0)
                {
                    return $"{Label(field)} is required.";
                }

                return Allowed(field, text);
            case "int":
                return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long l)
                    ? Allowed(field, l.ToString(CultureInfo.InvariantCulture))
                    : $"{Label(field)} should be an integer but is {Kind(value)}.";
            case "bool":
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"{Label(field)} should be true or false but is {Kind(value)}.";
            case "duration":
                if (!TryReadDuration(value, out TimeSpan d) || d <= TimeSpan.Zero)
                {
                    return $"{Label(field)} should be a positive duration (seconds, or text such as 30m).";
                }

                if (field.AllowedValues.Count > 0)
                {
                    foreach (FieldOption option in field.AllowedValues)
                    {
                        if (SymDuration.TryParse(option.Value, out TimeSpan a) && a == d)
                        {
                            return null;
                        }
                    }

                    return $"'{SymDuration.Format(d)}' is not one of the allowed values ({Join(field)}).";
                }

                return null;
            case "slack_user":
                if (value.ValueKind != JsonValueKind.String || ReadText(field, value, out string id) is not null || !IsSlackUserId(id))
                {
                    return $"{Label(field)} should be a Slack user id (U… or W…).";
                }

                return Allowed(field, id);
            case "slack_user_list":
            case "str_list":
            case "int_list":
                return CheckList(field, value, type);
            default:
                return null;
        }
    }

    private static string? CheckList(PromptField field, JsonElement value, string type)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return $"{Label(field)} should be a list but is {Kind(value)}.";
        }

        int count = value.GetArrayLength();
        if (field.Required && count == 0)
        {
            return $"{Label(field)} is required.";
        }

        if (count > field.MaxItems)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Label(field)} may have at most {field.MaxItems} items; it has {count}.");
        }

        foreach (JsonElement item in value.EnumerateArray())
        {
            if (type != "int_list" && item.ValueKind == JsonValueKind.String && ReadText(field, item, out _) is { } itemProblem)
            {
                return itemProblem;
            }

            string? text = type switch
            {
                "int_list" => item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out long l) ? l.ToString(CultureInfo.InvariantCulture) : null,
                "slack_user_list" => item.ValueKind == JsonValueKind.String && IsSlackUserId(item.GetString()) ? item.GetString() : null,
                _ => item.ValueKind == JsonValueKind.String ? item.GetString() : null,
            };
            if (text is null)
            {
                return type switch
                {
                    "int_list" => $"{Label(field)} should be a list of integers.",
                    "slack_user_list" => $"{Label(field)} should be a list of Slack user ids (U… or W…).",
                    _ => $"{Label(field)} should be a list of text values.",
                };
            }

            if (Allowed(field, text) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Allowed(PromptField field, string value)
    {
        if (field.AllowedValues.Count == 0)
        {
            return null;
        }

        foreach (FieldOption option in field.AllowedValues)
        {
            if (string.Equals(option.Value, value, StringComparison.Ordinal))
            {
                return null;
            }
        }

        return $"'{Shown(value)}' is not one of the allowed values ({Join(field)}).";
    }

    /// <summary>
    /// Reads a text value (a field's, or a list item's) and checks it against the field's limits: valid UTF-16, at most
    /// <see cref="PromptField.MaxLength"/> characters, no control characters (line feeds only in a multi-line field).
    /// </summary>
    /// <returns>The problem, or <see langword="null"/> with <paramref name="text"/> set.</returns>
    private static string? ReadText(PromptField field, JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // JSON may escape half a surrogate pair ("\ud800"): not text any store or person can use.
            text = string.Empty;
            return $"{Label(field)} is not valid text (it has an unpaired surrogate escape).";
        }

        return text.Length > field.MaxLength
            ? TooLong(Label(field), field.MaxLength, text.Length)
            : ControlCharacter(Label(field), text, field.Multiline);
    }

    private static string TooLong(string label, int max, int length) =>
        string.Create(CultureInfo.InvariantCulture, $"{label} may be at most {max} characters long; it has {length}.");

    /// <summary>The problem with the first control character in <paramref name="text"/>, or <see langword="null"/>.</summary>
    private static string? ControlCharacter(string label, string text, bool multiline)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsControl(c) && !(multiline && c == '\n'))
            {
                string what = c switch
                {
                    '\n' => "a line break",
                    '\r' => "a carriage return (end lines with a line feed alone)",
                    '\t' => "a tab",
                    _ => string.Create(CultureInfo.InvariantCulture, $"the control character U+{(int)c:X4}"),
                };
                return string.Create(CultureInfo.InvariantCulture,
                    $"{label} may not contain control characters{(multiline ? " other than line breaks" : string.Empty)}; it has {what} at position {i + 1}.");
            }
        }

        return null;
    }

    private static JsonElement? DefaultValue(FieldType type, string text) => type.Value switch
    {
        "string" or "slack_user" => SymFieldValue.String(text),
        "int" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) => SymFieldValue.Int(l),
        "bool" when bool.TryParse(text, out bool b) => SymFieldValue.Bool(b),
        "duration" when SymDuration.TryParse(text, out TimeSpan d) => SymFieldValue.Duration(d),
        _ => null,
    };

    private static bool TryReadDuration(JsonElement value, out TimeSpan duration)
    {
        duration = default;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out long seconds) && seconds >= 0 && seconds <= (long)TimeSpan.MaxValue.TotalSeconds:
                duration = TimeSpan.FromSeconds(seconds);
                return true;
            case JsonValueKind.String:
                return SymDuration.TryParse(value.GetString(), out duration);
            default:
                return false;
        }
    }

    private static bool IsSlackUserId(string? s)
    {
        if (s is not { Length: > 1 } || s[0] is not ('U' or 'W'))
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsDuration(IReadOnlyList<TimeSpan> list, TimeSpan d)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] == d)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Join(PromptField field)
    {
        var values = new string[field.AllowedValues.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = field.AllowedValues[i].Value;
        }

        return string.Join(", ", values);
    }
}
