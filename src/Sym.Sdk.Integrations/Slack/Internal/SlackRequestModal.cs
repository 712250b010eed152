using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sym.Sdk.Forms;
using Sym.Sdk.Integrations.Slack.Internal;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// Builds the request modal from a flow's prompt fields, and reads a submission back into validated field values.
/// Each field is an input block whose block id and action id are the field's name: allowed values → static select;
/// string → text input; int → number input; bool → checkbox; slack_user → user select; slack_user_list → multi-user
/// select; duration → select of the allowed durations; str_list and int_list → one value per line.
/// </summary>
internal static class SlackRequestModal
{
    /// <summary>The block id (and action id) of the target select.</summary>
    public const string TargetBlockId = "target";

    private const string TrueValue = "true";

    /// <summary>The longest <c>max_length</c> Slack accepts on a plain-text input.</summary>
    private const int MaxTextInputLength = 3000;

    /// <summary>Builds the modal view, to pass to <see cref="ISlackClient.OpenViewAsync"/>.</summary>
    /// <param name="fields">The flow's prompt fields (hidden fields are left out).</param>
    /// <param name="options">Title, targets, durations and metadata; the defaults when <see langword="null"/>.</param>
    /// <returns>The view.</returns>
    public static JsonObject Build(IReadOnlyList<PromptField> fields, SlackRequestModalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        options ??= new SlackRequestModalOptions();
        var blocks = new JsonArray();
        if (options.Targets.Count > 0)
        {
            var targetOptions = new JsonArray();
            foreach (AccessTarget t in options.Targets)
            {
                targetOptions.Push(Mrkdwn.Option(t.Name, t.Label ?? t.Name));
            }

            blocks.Push(Input(TargetBlockId, "Target", optional: false,
                new JsonObject { ["type"] = "static_select", ["action_id"] = TargetBlockId, ["options"] = targetOptions }));
        }

        foreach (PromptField field in fields)
        {
            if (field.Visible && field.Name != TargetBlockId)
            {
                blocks.Push(Input(field.Name, field.Label ?? field.Name, optional: !field.Required || field.Type == FieldType.Bool,
                    Element(field, options)));
            }
        }

        var view = new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = options.CallbackId,
            ["title"] = Mrkdwn.Plain(options.Title, 24),
            ["submit"] = Mrkdwn.Plain(options.SubmitText, 24),
            ["close"] = Mrkdwn.Plain("Cancel", 24),
            ["blocks"] = blocks,
        };
        if (options.PrivateMetadata is { } metadata)
        {
            view["private_metadata"] = metadata;
        }

        return view;
    }

    /// <summary>Reads and validates a submission against the same fields and options the modal was built with.</summary>
    /// <param name="submission">The submission.</param>
    /// <param name="fields">The flow's prompt fields.</param>
    /// <param name="options">The options the modal was built with.</param>
    /// <returns>The values, or the errors to answer with.</returns>
    public static SlackFormResult Parse(SlackViewSubmission submission, IReadOnlyList<PromptField> fields, SlackRequestModalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return ParseState(submission.StateValues, fields, options);
    }

    /// <summary>Reads and validates <c>view.state.values</c> against the fields and options the modal was built with.</summary>
    /// <param name="stateValues">The state values (keyed by block id, then action id).</param>
    /// <param name="fields">The flow's prompt fields.</param>
    /// <param name="options">The options the modal was built with.</param>
    /// <returns>The values, or the errors to answer with.</returns>
    public static SlackFormResult ParseState(JsonElement stateValues, IReadOnlyList<PromptField> fields, SlackRequestModalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        options ??= new SlackRequestModalOptions();
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        AccessTarget? target = null;

        if (options.Targets.Count > 0)
        {
            string? chosen = SelectedValue(State(stateValues, TargetBlockId));
            target = chosen is null ? null : options.Targets.FirstOrDefault(t => t.Name == chosen);
            if (chosen is null)
            {
                errors[TargetBlockId] = "Choose a target.";
            }
            else if (target is null)
            {
                errors[TargetBlockId] = "Choose one of the listed targets.";
            }
        }

        foreach (PromptField field in fields)
        {
            if (!field.Visible || field.Name == TargetBlockId)
            {
                continue;
            }

            JsonNode? value = Read(field, State(stateValues, field.Name), options, out string? error);
            if (error is not null)
            {
                errors[field.Name] = error;
            }
            else if (value is not null)
            {
                using JsonDocument doc = JsonDocument.Parse(value.ToJsonString());
                values[field.Name] = doc.RootElement.Clone();
            }
        }

        return new SlackFormResult(values, target, errors);
    }

    private static JsonObject Input(string blockId, string label, bool optional, JsonObject element) => new()
    {
        ["type"] = "input",
        ["block_id"] = blockId,
        ["optional"] = optional,
        ["label"] = Mrkdwn.Plain(label, 2000),
        ["element"] = element,
    };

    private static JsonObject Element(PromptField field, SlackRequestModalOptions options)
    {
        var element = new JsonObject { ["action_id"] = field.Name };
        FieldType type = field.Type;
        if (type == FieldType.Duration)
        {
            element["type"] = "static_select";
            var list = new JsonArray();
            foreach ((string value, string label) in DurationOptions(field, options))
            {
                list.Push(Mrkdwn.Option(value, label));
            }

            element["options"] = list;
            if (field.Default is { } d && SymDuration.TryParse(d, out TimeSpan dd))
            {
                string text = SymDuration.Format(dd);
                if (DurationOptions(field, options).Any(o => o.Value == text))
                {
                    element["initial_option"] = Mrkdwn.Option(text, SlackApprovalMessage.Describe(dd));
                }
            }

            return element;
        }

        if (field.AllowedValues.Count > 0)
        {
            bool multi = type == FieldType.StrList || type == FieldType.IntList;
            element["type"] = multi ? "multi_static_select" : "static_select";
            var list = new JsonArray();
            foreach (FieldOption o in field.AllowedValues)
            {
                list.Push(Mrkdwn.Option(o.Value, o.Label));
            }

            element["options"] = list;
            if (!multi && field.Default is { } d && field.AllowedValues.FirstOrDefault(o => o.Value == d) is { } initial)
            {
                element["initial_option"] = Mrkdwn.Option(initial.Value, initial.Label);
            }

            return element;
        }

        switch (type.Value)
        {
            case "int":
                element["type"] = "number_input";
                element["is_decimal_allowed"] = false;
                SetInitial(element, "initial_value", field.Default);
                break;
            case "bool":
                element["type"] = "checkboxes";
                JsonObject yes = Mrkdwn.Option(TrueValue, field.Label ?? field.Name);
                element["options"] = new JsonArray(yes);
                if (string.Equals(field.Default, TrueValue, StringComparison.OrdinalIgnoreCase))
                {
                    element["initial_options"] = new JsonArray(yes.DeepClone());
                }

                break;
            case "slack_user":
                element["type"] = "users_select";
                SetInitial(element, "initial_user", field.Default);
                break;
            case "slack_user_list":
                element["type"] = "multi_users_select";
                break;
            case "str_list" or "int_list":
                element["type"] = "plain_text_input";
                element["multiline"] = true;
                element["placeholder"] = Mrkdwn.Plain("One value per line");
                SetInitial(element, "initial_value", field.Default);
                break;
            default:
                element["type"] = "plain_text_input";
                element["multiline"] = field.Multiline;
                if (field.MaxLength <= MaxTextInputLength)
                {
                    // Slack stops the typing at the field's limit; the engine checks it again on submission.
                    element["max_length"] = field.MaxLength;
                }

                SetInitial(element, "initial_value", field.Default);
                break;
        }

        return element;
    }

    private static void SetInitial(JsonObject element, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            element[name] = value;
        }
    }

    private static IEnumerable<(string Value, string Label)> DurationOptions(PromptField field, SlackRequestModalOptions options)
    {
        if (field.AllowedValues.Count > 0)
        {
            foreach (FieldOption o in field.AllowedValues)
            {
                yield return (o.Value, o.Label != o.Value || !SymDuration.TryParse(o.Value, out TimeSpan d) ? o.Label : SlackApprovalMessage.Describe(d));
            }

            yield break;
        }

        foreach (TimeSpan d in options.Durations)
        {
            yield return (SymDuration.Format(d), SlackApprovalMessage.Describe(d));
        }
    }

    private static JsonElement State(JsonElement stateValues, string name) =>
        stateValues.ValueKind == JsonValueKind.Object
        && stateValues.TryGetProperty(name, out JsonElement block) && block.ValueKind == JsonValueKind.Object
        && block.TryGetProperty(name, out JsonElement action) && action.ValueKind == JsonValueKind.Object
            ? action
            : default;

    private static JsonNode? Read(PromptField field, JsonElement state, SlackRequestModalOptions options, out string? error)
    {
        error = null;
        string label = field.Label ?? field.Name;
        FieldType type = field.Type;

        if (type == FieldType.Bool)
        {
            return state.ValueKind == JsonValueKind.Object && state.TryGetProperty("selected_options", out JsonElement selected)
                && selected.ValueKind == JsonValueKind.Array
                && selected.EnumerateArray().Any(o => Str(o, "value") == TrueValue);
        }

        if (type == FieldType.SlackUserList || ((type == FieldType.StrList || type == FieldType.IntList) && field.AllowedValues.Count > 0))
        {
            List<string> items = type == FieldType.SlackUserList ? Strings(state, "selected_users") : SelectedValues(state);
            return ListValue(field, items, label, out error);
        }

        string? text = type == FieldType.SlackUser ? Str(state, "selected_user")
            : field.AllowedValues.Count > 0 || type == FieldType.Duration ? SelectedValue(state)
            : Str(state, "value");
        if (string.IsNullOrWhiteSpace(text))
        {
            error = field.Required ? $"{label} is required." : null;
            return null;
        }

        text = text.Trim();
        if (type == FieldType.Duration)
        {
            bool allowed = DurationOptions(field, options).Any(o => o.Value == text);
            if (!allowed || !SymDuration.TryParse(text, out TimeSpan duration))
            {
                error = "Choose one of the listed durations.";
                return null;
            }

            return (long)duration.TotalSeconds;
        }

        if (field.AllowedValues.Count > 0 && !field.AllowedValues.Any(o => o.Value == text))
        {
            error = "Choose one of the listed options.";
            return null;
        }

        switch (type.Value)
        {
            case "int":
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
                {
                    error = $"{label} must be a whole number.";
                    return null;
                }

                return n;
            case "slack_user":
                if (!SlackIds.IsUserId(text))
                {
                    error = "Choose a user.";
                    return null;
                }

                return text;
            case "str_list" or "int_list":
                return ListValue(field, [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], label, out error);
            default:
                return text;
        }
    }

    private static JsonArray? ListValue(PromptField field, List<string> items, string label, out string? error)
    {
        error = null;
        if (items.Count == 0)
        {
            error = field.Required ? $"{label} is required." : null;
            return null;
        }

        var array = new JsonArray();
        foreach (string item in items)
        {
            if (field.AllowedValues.Count > 0 && !field.AllowedValues.Any(o => o.Value == item))
            {
                error = "Choose one of the listed options.";
                return null;
            }

            if (field.Type == FieldType.IntList)
            {
                if (!long.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
                {
                    error = $"'{item}' is not a whole number.";
                    return null;
                }

                array.Push(JsonValue.Create(n));
            }
            else if (field.Type == FieldType.SlackUserList && !SlackIds.IsUserId(item))
            {
                error = "Choose users.";
                return null;
            }
            else
            {
                array.Push(JsonValue.Create(item));
            }
        }

        return array;
    }

    private static string? SelectedValue(JsonElement state) =>
        state.ValueKind == JsonValueKind.Object && state.TryGetProperty("selected_option", out JsonElement o) && o.ValueKind == JsonValueKind.Object
            ? Str(o, "value")
            : null;

    private static List<string> SelectedValues(JsonElement state)
    {
        var list = new List<string>();
        if (state.ValueKind == JsonValueKind.Object && state.TryGetProperty("selected_options", out JsonElement options)
            && options.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement o in options.EnumerateArray())
            {
                if (Str(o, "value") is { } v)
                {
                    list.Add(v);
                }
            }
        }

        return list;
    }

    private static List<string> Strings(JsonElement state, string name)
    {
        var list = new List<string>();
        if (state.ValueKind == JsonValueKind.Object && state.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement e in array.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s)
                {
                    list.Add(s);
                }
            }
        }

        return list;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
