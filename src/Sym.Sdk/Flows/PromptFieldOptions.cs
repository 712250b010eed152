namespace Sym.Sdk.Flows;

/// <summary>One prompt field of a flow's request form, as configured (Sym's <c>prompt_field</c>).</summary>
public sealed class PromptFieldOptions
{
    /// <summary>The field's name: the key of its value in the request's fields. Required.</summary>
    public string? Name { get; set; }

    /// <summary>The field's type: <c>string</c>, <c>int</c>, <c>bool</c>, <c>duration</c>, <c>slack_user</c>, <c>slack_user_list</c>, <c>str_list</c> or <c>int_list</c>. The default value is <c>string</c>.</summary>
    public string Type { get; set; } = "string";

    /// <summary>The label people see. The default value is the name.</summary>
    public string? Label { get; set; }

    /// <summary>Whether a value is required. The default value is <see langword="true"/>.</summary>
    public bool Required { get; set; } = true;

    /// <summary>The allowed values (for a <c>duration</c> field, duration text such as <c>1h</c>). Empty allows any value of the type.</summary>
    public IList<string> AllowedValues { get; } = new List<string>();

    /// <summary>The default value, as text. The default value is <see langword="null"/>.</summary>
    public string? Default { get; set; }

    /// <summary>
    /// The most characters a text value may have (<c>string</c> and <c>slack_user</c>; for a list, each item). The default
    /// value is <see langword="null"/>: <see cref="Forms.PromptField.DefaultMaxLength"/> (1,000).
    /// </summary>
    public int? MaxLength { get; set; }

    /// <summary>The most items a list value may have. The default value is <see langword="null"/>: <see cref="Forms.PromptField.DefaultMaxItems"/> (100).</summary>
    public int? MaxItems { get; set; }

    /// <summary>
    /// Whether a text value may span lines: line feeds are accepted (every other control character, carriage returns
    /// included, is refused in every field), and Slack shows a multi-line input. The default value is
    /// <see langword="null"/>: <see langword="true"/> for the field named <c>reason</c>, <see langword="false"/> otherwise.
    /// </summary>
    public bool? Multiline { get; set; }

    /// <summary>Whether the field is shown when the form opens. The default value is <see langword="true"/>.</summary>
    public bool Visible { get; set; } = true;

    /// <summary>Whether the flow implementation prefetches the allowed values. The default value is <see langword="false"/>.</summary>
    public bool Prefetch { get; set; }

    /// <summary>Whether a change of the value calls the flow implementation's on-change handler. The default value is <see langword="false"/>.</summary>
    public bool OnChange { get; set; }
}
