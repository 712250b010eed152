using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Sym.Sdk.Serialization.Internal;

/// <summary>
/// Remembers the strings already read from one document, so that text the document repeats (each actor repeats the
/// user's name, username and identity) becomes one string. Entries point into the input; it lives for one parse.
/// </summary>
internal struct StringCache
{
    private Entries _entries;
    private int _count;
    private int _next;

    /// <summary>Reads the current string token.</summary>
    public string Get(ref Utf8JsonReader reader, ReadOnlySpan<byte> input)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString()!;
        }

        ReadOnlySpan<byte> value = reader.ValueSpan;
        for (int i = 0; i < _count; i++)
        {
            ref Entry entry = ref _entries[i];
            if (entry.Length == value.Length && input.Slice(entry.Start, entry.Length).SequenceEqual(value))
            {
                return entry.Text;
            }
        }

        string text = reader.GetString()!;

        // The value of an unescaped string token starts just after its opening quote.
        _entries[_next] = new Entry(checked((int)reader.TokenStartIndex + 1), value.Length, text);
        _next = (_next + 1) % Entries.Length;
        _count = Math.Min(_count + 1, Entries.Length);
        return text;
    }

    private readonly record struct Entry(int Start, int Length, string Text);

    [InlineArray(Length)]
    private struct Entries
    {
        public const int Length = 8;

        private Entry _element;
    }
}
