using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Sym.Sdk.Serialization.Internal;

/// <summary>
/// The <c>fields</c> of a parsed event: the object's UTF-8 bytes and where each value lies in them. Names, count and
/// raw values cost nothing more; the values become <see cref="JsonElement"/>s (one document for all of them) only when
/// something asks for one, so an event whose fields are never read — or only written back — never builds a DOM.
/// </summary>
/// <remarks>
/// The reader has already walked the bytes: they are valid JSON and every string in them can be read. A repeated name
/// keeps its last value, as a dictionary would; the earlier ones are marked shadowed. Safe for concurrent readers: the
/// values are built at most once per racing thread and one result is published.
/// </remarks>
internal sealed class RawFieldValues : IReadOnlyDictionary<string, JsonElement>
{
    private readonly byte[] _utf8;
    private readonly Entry[] _entries;
    private readonly int _length;
    private readonly int _count;
    private JsonElement[]? _values;

    /// <param name="utf8">The fields object's bytes, from <c>{</c> to <c>}</c>.</param>
    /// <param name="entries">Every member of the object in document order, repeated names included; offsets are into <paramref name="utf8"/>.</param>
    /// <param name="length">How many of <paramref name="entries"/> are in use.</param>
    public RawFieldValues(byte[] utf8, Entry[] entries, int length)
    {
        _utf8 = utf8;
        _entries = entries;
        _length = length;
        int count = 0;
        for (int i = 0; i < length; i++)
        {
            if (!entries[i].Shadowed)
            {
                count++;
            }
        }

        _count = count;
    }

    public int Count => _count;

    public IEnumerable<string> Keys
    {
        get
        {
            for (int i = 0; i < _length; i++)
            {
                if (!_entries[i].Shadowed)
                {
                    yield return _entries[i].Name;
                }
            }
        }
    }

    public IEnumerable<JsonElement> Values
    {
        get
        {
            JsonElement[] values = Materialize();
            for (int i = 0; i < _length; i++)
            {
                if (!_entries[i].Shadowed)
                {
                    yield return values[i];
                }
            }
        }
    }

    public JsonElement this[string key] =>
        TryGetValue(key, out JsonElement value) ? value : throw new KeyNotFoundException($"The field '{key}' is not present.");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            value = default;
            return false;
        }

        value = Materialize()[index];
        return true;
    }

    /// <summary>The number of members (repeated names included), for <see cref="GetRaw(int, out string, out bool)"/>.</summary>
    public int Length => _length;

    /// <summary>The exact JSON bytes of member <paramref name="index"/>, its name and whether a later member shadows it.</summary>
    public ReadOnlySpan<byte> GetRaw(int index, out string name, out bool shadowed)
    {
        Entry entry = _entries[index];
        name = entry.Name;
        shadowed = entry.Shadowed;
        return _utf8.AsSpan(entry.Start, entry.Length);
    }

    /// <summary>The exact JSON bytes of the field named <paramref name="key"/>, without building a DOM.</summary>
    public bool TryGetRaw(string key, out ReadOnlySpan<byte> utf8)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            utf8 = default;
            return false;
        }

        utf8 = _utf8.AsSpan(_entries[index].Start, _entries[index].Length);
        return true;
    }

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
    {
        JsonElement[] values = Materialize();
        for (int i = 0; i < _length; i++)
        {
            if (!_entries[i].Shadowed)
            {
                yield return new(_entries[i].Name, values[i]);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (int i = _length - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Name, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private JsonElement[] Materialize()
    {
        if (Volatile.Read(ref _values) is { } built)
        {
            return built;
        }

        // One document over the whole object (ParseValue: not pooled, nothing to dispose). Its members come in
        // document order, one per entry, repeated names included.
        var reader = new Utf8JsonReader(_utf8);
        JsonElement root = JsonElement.ParseValue(ref reader);
        var values = new JsonElement[_length];
        int i = 0;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            values[i++] = property.Value;
        }

        return Interlocked.CompareExchange(ref _values, values, null) ?? values;
    }

    /// <summary>A member: its name, where its value lies in the object's bytes, and whether a later member of the same name replaces it.</summary>
    internal readonly record struct Entry(string Name, int Start, int Length, bool Shadowed);
}
