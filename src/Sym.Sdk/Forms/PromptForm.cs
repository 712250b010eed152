namespace Sym.Sdk.Forms;

/// <summary>A request form: the prompt fields a requester fills in, in order.</summary>
public sealed record PromptForm
{
    /// <summary>The fields, in display order.</summary>
    public IReadOnlyList<PromptField> Fields { get; init; } = [];

    /// <summary>Finds a field by name.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The field, or <see langword="null"/>.</returns>
    public PromptField? Find(string name)
    {
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
