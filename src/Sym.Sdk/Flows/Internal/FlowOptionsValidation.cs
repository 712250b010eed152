using System.Globalization;
using Sym.Sdk.Forms;

namespace Sym.Sdk.Flows.Internal;

/// <summary>Checks a <see cref="FlowOptions"/>; every message starts with the setting's configuration path.</summary>
internal static class FlowOptionsValidation
{
    /// <summary>The largest length limit a text field or an action's reason may be given: 100,000 characters.</summary>
    public const int MaxTextLength = 100_000;

    /// <summary>The largest item limit a list field may be given: 10,000.</summary>
    public const int MaxListItems = 10_000;

    private static readonly string[] KnownFieldTypes =
        ["string", "int", "bool", "duration", "slack_user", "slack_user_list", "str_list", "int_list"];

    public static List<string> Validate(string prefix, FlowOptions options)
    {
        var errors = new List<string>();
        TimeSpan? max = null;
        if (options.MaxDuration is not null)
        {
            max = Duration(errors, $"{prefix}:MaxDuration", options.MaxDuration);
        }

        for (int i = 0; i < options.AllowedDurations.Count; i++)
        {
            string path = Path(prefix, "AllowedDurations", i);
            if (Duration(errors, path, options.AllowedDurations[i]) is { } d && max is { } m && d > m)
            {
                errors.Add($"{path} '{options.AllowedDurations[i]}' is longer than MaxDuration '{options.MaxDuration}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.RequestLifetime))
        {
            errors.Add($"{prefix}:RequestLifetime is required.");
        }
        else
        {
            Duration(errors, $"{prefix}:RequestLifetime", options.RequestLifetime);
        }

        if (string.IsNullOrWhiteSpace(options.ErrorChannel))
        {
            errors.Add($"{prefix}:ErrorChannel is required.");
        }

        if (options.RequiredApprovals is < 1 or > 100)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{prefix}:RequiredApprovals must be between 1 and 100; it is {options.RequiredApprovals}."));
        }

        if (options.MaxActionReasonLength is < 1 or > MaxTextLength)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{prefix}:MaxActionReasonLength must be between 1 and {MaxTextLength}; it is {options.MaxActionReasonLength}."));
        }

        if (string.IsNullOrWhiteSpace(options.Strategy.Type))
        {
            errors.Add($"{prefix}:Strategy:Type is required.");
        }

        if (string.IsNullOrWhiteSpace(options.Environment))
        {
            errors.Add($"{prefix}:Environment is required (the default value is 'default').");
        }

        if (options.Strategy.Integration is { } integration)
        {
            if (string.IsNullOrWhiteSpace(integration.Name))
            {
                errors.Add($"{prefix}:Strategy:Integration:Name is required.");
            }

            if (string.IsNullOrWhiteSpace(integration.Type))
            {
                errors.Add($"{prefix}:Strategy:Integration:Type is required.");
            }
        }

        var targetNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Targets.Count; i++)
        {
            AccessTargetOptions t = options.Targets[i];
            string path = Path(prefix, "Targets", i);
            if (t is null)
            {
                errors.Add($"{path} is required.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(t.Name))
            {
                errors.Add($"{path}:Name is required.");
            }
            else if (!targetNames.Add(t.Name))
            {
                errors.Add($"{path}:Name '{t.Name}' is used by another target of the flow.");
            }

            if (string.IsNullOrWhiteSpace(t.Type))
            {
                errors.Add($"{path}:Type is required.");
            }
        }

        var fieldNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Fields.Count; i++)
        {
            ValidateField(errors, Path(prefix, "Fields", i), options.Fields[i], fieldNames);
        }

        ValidateFieldBindings(errors, prefix, options);

        for (int i = 0; i < options.AllowedSources.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.AllowedSources[i]))
            {
                errors.Add($"{Path(prefix, "AllowedSources", i)} is empty.");
            }
        }

        return errors;
    }

    /// <summary>
    /// The rules of an approval-only flow (no strategy): it grants nothing, so settings that only make sense for a grant
    /// (targets, durations) are refused rather than silently ignored.
    /// </summary>
    public static void ValidateApprovalOnly(string prefix, FlowOptions options, List<string> errors)
    {
        const string why = "has no effect in an approval-only flow (one without a strategy); remove it, or give the flow a strategy.";
        if (options.Targets.Count > 0)
        {
            errors.Add($"{prefix}:Targets {why}");
        }

        if (options.AllowedDurations.Count > 0)
        {
            errors.Add($"{prefix}:AllowedDurations {why}");
        }

        if (options.MaxDuration is not null)
        {
            errors.Add($"{prefix}:MaxDuration {why}");
        }

        for (int i = 0; i < options.Fields.Count; i++)
        {
            if (options.Fields[i] is { Name: "duration" })
            {
                errors.Add($"{Path(prefix, "Fields", i)}:Name 'duration' {why}");
            }
        }
    }

    /// <summary>Each target's field bindings name a text, number or boolean prompt field of the flow, once.</summary>
    private static void ValidateFieldBindings(List<string> errors, string prefix, FlowOptions options)
    {
        for (int i = 0; i < options.Targets.Count; i++)
        {
            if (options.Targets[i] is not { } t)
            {
                continue;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int j = 0; j < t.FieldBindings.Count; j++)
            {
                string path = Path(Path(prefix, "Targets", i), "FieldBindings", j);
                string? bound = t.FieldBindings[j];
                PromptFieldOptions? field = null;
                foreach (PromptFieldOptions? f in options.Fields)
                {
                    if (f is not null && string.Equals(f.Name, bound, StringComparison.Ordinal))
                    {
                        field = f;
                        break;
                    }
                }

                if (string.IsNullOrWhiteSpace(bound))
                {
                    errors.Add($"{path} is empty.");
                }
                else if (field is null)
                {
                    errors.Add($"{path} '{bound}' is not a prompt field of the flow; a target binds fields the request form has.");
                }
                else if (field.Type is not ("string" or "int" or "bool"))
                {
                    errors.Add($"{path} '{bound}' is a {field.Type} field; a target setting binds a string, int or bool field.");
                }
                else if (!seen.Add(bound))
                {
                    errors.Add($"{path} '{bound}' is bound twice.");
                }
            }
        }
    }

    private static void ValidateField(List<string> errors, string path, PromptFieldOptions? field, HashSet<string> names)
    {
        if (field is null)
        {
            errors.Add($"{path} is required.");
            return;
        }

        if (string.IsNullOrWhiteSpace(field.Name))
        {
            errors.Add($"{path}:Name is required.");
        }
        else if (!names.Add(field.Name))
        {
            errors.Add($"{path}:Name '{field.Name}' is used by another field of the flow.");
        }

        if (field.MaxLength is < 1 or > MaxTextLength)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:MaxLength must be between 1 and {MaxTextLength}; it is {field.MaxLength}."));
        }

        if (field.MaxItems is < 1 or > MaxListItems)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:MaxItems must be between 1 and {MaxListItems}; it is {field.MaxItems}."));
        }

        if (field.Default is { } text && text.Length > (field.MaxLength ?? PromptField.DefaultMaxLength))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{path}:Default is longer than the field's MaxLength ({field.MaxLength ?? PromptField.DefaultMaxLength} characters)."));
        }

        if (Array.IndexOf(KnownFieldTypes, field.Type) < 0)
        {
            errors.Add($"{path}:Type '{field.Type}' is not a field type ({string.Join(", ", KnownFieldTypes)}).");
            return;
        }

        for (int j = 0; j < field.AllowedValues.Count; j++)
        {
            string value = field.AllowedValues[j];
            string valuePath = Path(path, "AllowedValues", j);
            if (string.IsNullOrEmpty(value) || value.Length > FieldOption.MaxLength)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{valuePath} must have 1 to {FieldOption.MaxLength} characters."));
            }
            else if (field.Type == "duration")
            {
                Duration(errors, valuePath, value);
            }
            else if (field.Type is "int" or "int_list" && !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"{valuePath} '{value}' is not an integer.");
            }
        }
    }

    private static TimeSpan? Duration(List<string> errors, string path, string text)
    {
        if (!SymDuration.TryParse(text, out TimeSpan d) || d <= TimeSpan.Zero)
        {
            errors.Add($"{path} '{text}' is not a positive duration (for example 30m, 1h, 1d, 1mo).");
            return null;
        }

        return d;
    }

    private static string Path(string prefix, string name, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}:{name}:{index}");
}
