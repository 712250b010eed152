namespace Sym.Sdk.Forms;

/// <summary>A request form: the prompt fields a requester fills in, in order.</summary>
public sealed record PromptForm
{
    /// <summary>The fields, in display order.</summary>
    /// <exception cref="ArgumentException">A field is null, or two fields have the same name.</exception>
    public IReadOnlyList<PromptField> Fields
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Fields));
            PromptField[] list = [.. value];
            var names = new HashSet<string>(list.Length, StringComparer.Ordinal);
            foreach (PromptField f in list)
            {
                if (f is null || !names.Add(f.Name))
                {
                    throw new ArgumentException(
                        $"A form's fields must be non-null with distinct names{(f is null ? string.Empty : $"; '{f.Name}' repeats")}.",
                        nameof(Fields));
                }
            }

            field = list;
        }
    } = [];

    /// <summary>Finds a field by name.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The field, or <see langword="null"/>.</returns>
    public PromptField? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (PromptField f in Fields)
        {
            if (string.Equals(f.Name, name, StringComparison.Ordinal))
            {
                return f;
            }
        }

        return null;
    }
}
