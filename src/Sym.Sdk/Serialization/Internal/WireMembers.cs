namespace Sym.Sdk.Serialization.Internal;

/// <summary>
/// What a parsed wire object held that its model type cannot say, so <see cref="SymEventJson"/> can write it back:
/// unknown members (kept as raw JSON), and the raw form of known members whose value the model normalises or cannot
/// hold (a JSON null, an SRN that does not parse or is not in canonical case, a time-zone-less timestamp, a member
/// that was absent but has a model default).
/// </summary>
/// <remarks>
/// A known member's raw form is written back only while the model still holds the value it was parsed to; once a
/// caller changes that value (for example with a <c>with</c> expression), the model wins. The object is never
/// changed after parsing completes, so sharing it between copies of a record is safe.
/// </remarks>
internal sealed class WireMembers
{
    private readonly List<Entry> _entries = new(2);

    /// <summary>The unknown members, in document order.</summary>
    public IEnumerable<Entry> Unknown
    {
        get
        {
            foreach (Entry entry in _entries)
            {
                if (!entry.IsKnown)
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>Whether any unknown member was kept.</summary>
    public bool HasUnknown { get; private set; }

    /// <summary>Keeps a member the model does not know.</summary>
    public void AddUnknown(string name, byte[] raw)
    {
        _entries.Add(new Entry(name, raw, null, IsKnown: false));
        HasUnknown = true;
    }

    /// <summary>Keeps the raw form of a known member (<see langword="null"/> = the member was absent).</summary>
    public void SetKnown(string name, byte[]? raw, object? parsed)
    {
        RemoveKnown(name);
        _entries.Add(new Entry(name, raw, parsed, IsKnown: true));
    }

    /// <summary>Forgets the raw form of a known member (a later duplicate of the member replaced it).</summary>
    public void RemoveKnown(string name)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].IsKnown && string.Equals(_entries[i].Name, name, StringComparison.Ordinal))
            {
                _entries.RemoveAt(i);
                return;
            }
        }
    }

    /// <summary>Finds the raw form of a known member.</summary>
    public bool TryGetKnown(string name, out Entry entry)
    {
        foreach (Entry e in _entries)
        {
            if (e.IsKnown && string.Equals(e.Name, name, StringComparison.Ordinal))
            {
                entry = e;
                return true;
            }
        }

        entry = default;
        return false;
    }

    /// <summary>One kept member.</summary>
    /// <param name="Name">The member's name.</param>
    /// <param name="Raw">Its raw JSON value, or <see langword="null"/> when a known member was absent.</param>
    /// <param name="Parsed">For a known member, the model value it was parsed to.</param>
    /// <param name="IsKnown">Whether the model knows the member.</param>
    internal readonly record struct Entry(string Name, byte[]? Raw, object? Parsed, bool IsKnown);
}
