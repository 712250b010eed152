namespace Sym.Sdk.Forms;

/// <summary>One allowed value of a prompt field, with the label people see. Both are at most 55 characters (Slack's limit).</summary>
public sealed record FieldOption
{
    /// <summary>The longest label or value Slack shows in a select menu.</summary>
    public const int MaxLength = 55;

    /// <summary>Creates an option.</summary>
    /// <param name="value">The value stored in the request.</param>
    /// <param name="label">The label people see; defaults to <paramref name="value"/>.</param>
    /// <exception cref="ArgumentException">The value or label is empty or longer than <see cref="MaxLength"/>.</exception>
    public FieldOption(string value, string? label = null)
    {
        Value = Check(value, nameof(value));
        Label = Check(label ?? value, nameof(label));
    }

    /// <summary>The value stored in the request.</summary>
    public string Value { get; }

    /// <summary>The label people see.</summary>
    public string Label { get; }

    private static string Check(string s, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(s, name);
        return s.Length <= MaxLength
            ? s
            : throw new ArgumentException($"A field option's {name} may be at most {MaxLength} characters; '{s}' has {s.Length}.", name);
    }
}
