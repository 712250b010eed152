using System.Text.Json;

namespace Sym.Sdk.Serialization.Internal;

/// <summary>
/// A process-wide, bounded cache of parsed SRNs keyed by their UTF-8 text. Events repeat the same SRNs (template,
/// event spec, flow, users, targets) over and over; a hit costs a hash and a comparison instead of a parse and several
/// string allocations. Direct-mapped and lock-free: a slot holds one immutable entry and a newer SRN simply replaces
/// it, so memory stays bounded and readers never see a torn entry.
/// </summary>
internal static class SrnCache
{
    private const int Slots = 512;
    private const int MaxCachedLength = 256;

    private static readonly Entry?[] Entries = new Entry?[Slots];

    /// <summary>Reads the current string token as an SRN (<see langword="null"/> when it does not parse).</summary>
    /// <param name="reader">A reader positioned on a string token.</param>
    /// <param name="text">The token's text, exactly as written.</param>
    /// <returns>The SRN, or <see langword="null"/>.</returns>
    public static Srn? Read(ref Utf8JsonReader reader, out string text)
    {
        bool cacheable = !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length <= MaxCachedLength;
        int slot = 0;
        if (cacheable)
        {
            ReadOnlySpan<byte> utf8 = reader.ValueSpan;
            var hash = new HashCode();
            hash.AddBytes(utf8);
            slot = (int)((uint)hash.ToHashCode() % Slots);
            if (Volatile.Read(ref Entries[slot]) is { } entry && entry.Utf8.AsSpan().SequenceEqual(utf8))
            {
                // Only canonical SRNs are cached, so the SRN's text is the token's text.
                text = entry.Srn.ToString();
                return entry.Srn;
            }
        }

        text = reader.GetString()!;
        if (!Srn.TryParse(text, out Srn? srn))
        {
            return null;
        }

        if (cacheable && IsCanonical(srn, text))
        {
            _ = srn.ToString(); // format once, before the SRN is shared
            Volatile.Write(ref Entries[slot], new Entry(reader.ValueSpan.ToArray(), srn));
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

    /// <summary>Empties the cache (benchmarks measure the cold path with it).</summary>
    internal static void Clear() => Array.Clear(Entries);

    private sealed record Entry(byte[] Utf8, Srn Srn);
}
