namespace Sym.Sdk.Forms;

/// <summary>One field of a flow's request form (Sym's <c>prompt_field</c>).</summary>
public sealed record PromptField
{
    /// <summary>The field's name: the key of its value in <see cref="EventFields"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or white space.</exception>
    public required string Name
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(Name));
            field = value;
        }
    }

    /// <summary>The field's type.</summary>
    public required FieldType Type { get; init; }

    /// <summary>The label people see; defaults to the name.</summary>
    public string? Label { get; init; }

    /// <summary>Whether a value is required. The default value is <see langword="true"/>.</summary>
    public bool Required { get; init; } = true;

    /// <summary>The allowed values, or empty for any value of the type.</summary>
    /// <exception cref="ArgumentException">An entry is null, or two entries have the same value.</exception>
    public IReadOnlyList<FieldOption> AllowedValues
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(AllowedValues));
            FieldOption[] list = [.. value];
            var seen = new HashSet<string>(list.Length, StringComparer.Ordinal);
            foreach (FieldOption option in list)
            {
                if (option is null || !seen.Add(option.Value))
                {
                    throw new ArgumentException(
                        $"Field '{Name}' has a null or repeated allowed value{(option is null ? string.Empty : $" '{option.Value}'")}.",
                        nameof(AllowedValues));
                }
            }

            field = list;
        }
    } = [];

    /// <summary>The default value, as text, or <see langword="null"/>.</summary>
    public string? Default { get; init; }

    /// <summary>Whether the field is shown when the form opens. The default value is <see langword="true"/>.</summary>
    public bool Visible { get; init; } = true;

    /// <summary>Whether the flow implementation prefetches the allowed values (see <c>FlowImplementation.PrefetchFieldOptionsAsync</c>).</summary>
    public bool Prefetch { get; init; }

    /// <summary>Whether a change of this field's value calls <c>FlowImplementation.OnFieldChangeAsync</c>.</summary>
    public bool OnChange { get; init; }
}
