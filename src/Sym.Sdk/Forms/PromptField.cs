namespace Sym.Sdk.Forms;

/// <summary>One field of a flow's request form (Sym's <c>prompt_field</c>).</summary>
public sealed record PromptField
{
    /// <summary>The most characters a text value (or a list's item) may have unless the field says otherwise: 1,000.</summary>
    public const int DefaultMaxLength = 1000;

    /// <summary>The most items a list value may have unless the field says otherwise: 100.</summary>
    public const int DefaultMaxItems = 100;

    private readonly bool? _multiline;

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

    /// <summary>The most characters a text value (for a list, each item) may have. The default value is <see cref="DefaultMaxLength"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxLength
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxLength));
            field = value;
        }
    } = DefaultMaxLength;

    /// <summary>The most items a list value may have. The default value is <see cref="DefaultMaxItems"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxItems
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxItems));
            field = value;
        }
    } = DefaultMaxItems;

    /// <summary>
    /// Whether a text value may span lines (line feeds are accepted; every other control character is refused). The
    /// default value is <see langword="true"/> for the field named <c>reason</c>, <see langword="false"/> otherwise.
    /// </summary>
    public bool Multiline
    {
        get => _multiline ?? string.Equals(Name, "reason", StringComparison.Ordinal);
        init => _multiline = value;
    }

    /// <summary>Whether the field is shown when the form opens. The default value is <see langword="true"/>.</summary>
    public bool Visible { get; init; } = true;

    /// <summary>Whether the flow implementation prefetches the allowed values (see <c>FlowImplementation.PrefetchFieldOptionsAsync</c>).</summary>
    public bool Prefetch { get; init; }

    /// <summary>Whether a change of this field's value calls <c>FlowImplementation.OnFieldChangeAsync</c>.</summary>
    public bool OnChange { get; init; }
}
