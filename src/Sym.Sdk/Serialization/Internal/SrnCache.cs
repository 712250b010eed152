using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Sym.Sdk.Serialization.Internal;

/// <summary>
/// Remembers the SRNs already read from one document, so that the same text (a user's SRN appears once per actor)
/// is decoded and parsed once. Entries point into the input; the cache lives only as long as one parse.
/// </summary>
internal struct SrnCache
{
    private Entries _entries;
    private int _count;

    /// <summary>Reads the current string token as an SRN (<see langword="null"/> when it does not parse).</summary>
    public Srn? Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, out string text)
    {
        bool cacheable = !reader.ValueIsEscaped && !reader.HasValueSequence;
        ReadOnlySpan<byte> value = reader.ValueSpan;
        if (cacheable)
        {
            for (int i = 0; i < _count; i++)
            {
                ref Entry entry = ref _entries[i];
                if (input.Slice(entry.Start, entry.Length).SequenceEqual(value))
                {
                    text = entry.Text;
                    return entry.Srn;
                }
            }
        }

        text = reader.GetString()!;
        _ = Srn.TryParse(text, out Srn? srn);
        if (cacheable && _count < Entries.Length)
        {
            // The value of an unescaped string token starts just after its opening quote.
            _entries[_count++] = new Entry(checked((int)reader.TokenStartIndex + 1), value.Length, text, srn);
        }

        return srn;
    }

    /// <summary>Whether <paramref name="srn"/> formats back to exactly <paramref name="text"/>.</summary>
    public static bool IsCanonical(Srn srn, string text)
    {
        // Parsing keeps every component as written except that it lower-cases; text without upper case is canonical.
        foreach (char c in text)
        {
            if (char.IsAsciiLetterUpper(c) || c > 0x7F)
            {
                return string.Equals(srn.ToString(), text, StringComparison.Ordinal);
            }
        }

        return true;
    }

    private readonly record struct Entry(int Start, int Length, string Text, Srn? Srn);

    [InlineArray(Length)]
    private struct Entries
    {
        public const int Length = 8;

        private Entry _element;
    }
}
