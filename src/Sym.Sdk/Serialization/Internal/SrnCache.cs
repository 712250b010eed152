using System.Buffers.Binary;
using System.Numerics;
using System.Text;
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
    /// <param name="canonical">Whether the SRN formats back to exactly <paramref name="text"/>.</param>
    /// <returns>The SRN, or <see langword="null"/>.</returns>
    public static Srn? Read(ref Utf8JsonReader reader, out string text, out bool canonical)
    {
        bool cacheable = !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length <= MaxCachedLength;
        int slot = 0;
        if (cacheable)
        {
            ReadOnlySpan<byte> utf8 = reader.ValueSpan;
            slot = Slot(utf8);
            if (Volatile.Read(ref Entries[slot]) is { } entry && entry.Utf8.AsSpan().SequenceEqual(utf8))
            {
                // Only canonical SRNs are cached, so the SRN's text is the token's text.
                text = entry.Text;
                canonical = true;
                return entry.Srn;
            }
        }

        text = reader.GetString()!;
        if (!Srn.TryParse(text, out Srn? srn))
        {
            canonical = false;
            return null;
        }

        canonical = IsCanonical(srn, text);
        if (cacheable && canonical)
        {
            Volatile.Write(ref Entries[slot], new Entry(reader.ValueSpan.ToArray(), srn, srn.ToString()));
        }

        return srn;
    }

    /// <summary>Whether <paramref name="srn"/> formats back to exactly <paramref name="text"/>.</summary>
    private static bool IsCanonical(Srn srn, string text)
    {
        // Parsing keeps every component as written except that it lower-cases: ASCII text without upper case is
        // canonical, anything else is compared with the formatted SRN.
        ReadOnlySpan<char> chars = text;
        return (!chars.ContainsAnyInRange('A', 'Z') && Ascii.IsValid(chars))
            || string.Equals(srn.ToString(), text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The slot for an SRN's bytes. SRNs share long prefixes (<c>sym:user:</c>) and differ in their tails (ids,
    /// versions), so the length and three 8-byte windows — head, middle, tail — spread them well at a fraction of the
    /// cost of hashing every byte. Not a defence against crafted collisions, which only cost a cache miss.
    /// </summary>
    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        ulong h = (ulong)utf8.Length * 0x9E3779B97F4A7C15UL;
        if (utf8.Length >= sizeof(ulong))
        {
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            h = BitOperations.RotateLeft(h * 0xC2B2AE3D27D4EB4FUL, 31);
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(utf8[((utf8.Length - sizeof(ulong)) / 2)..]);
            h = BitOperations.RotateLeft(h * 0xC2B2AE3D27D4EB4FUL, 31);
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(utf8[^sizeof(ulong)..]);
        }
        else
        {
            foreach (byte b in utf8)
            {
                h = (h ^ b) * 0x100000001B3UL;
            }
        }

        h *= 0x165667B19E3779F9UL;
        return (int)((h >> 32) % Slots);
    }

    /// <summary>Empties the cache (benchmarks measure the cold path with it).</summary>
    internal static void Clear() => Array.Clear(Entries);

    private sealed record Entry(byte[] Utf8, Srn Srn, string Text);
}
