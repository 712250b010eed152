using System.Buffers;

namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>
/// The canonical headers of a SigV4 request: names lowercased, values trimmed with inner whitespace runs collapsed,
/// sorted by name, repeated names joined with commas in their original order. Names are kept as given and lowercased
/// as they are compared and written, so mixed-case names cost no allocation.
/// </summary>
internal static class CanonicalHeaders
{
    public readonly record struct Entry(string Name, string Value, int Order);

    public static Entry[] Prepare(
        IReadOnlyList<KeyValuePair<string, string>> headers, string? amzDate, string? securityToken, out int count, out bool hadDate, out bool hadToken)
    {
        var entries = new Entry[headers.Count + 2];
        count = 0;
        hadDate = false;
        hadToken = false;
        for (int i = 0; i < headers.Count; i++)
        {
            string name = headers[i].Key;
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(headers));
            hadDate |= name.Equals("x-amz-date", StringComparison.OrdinalIgnoreCase);
            hadToken |= name.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase);
            entries[count++] = new Entry(name, Clean(headers[i].Value ?? string.Empty), i);
        }

        if (!hadDate && amzDate is not null)
        {
            entries[count] = new Entry("x-amz-date", amzDate, count);
            count++;
        }

        if (!hadToken && securityToken is not null)
        {
            entries[count] = new Entry("x-amz-security-token", Clean(securityToken), count);
            count++;
        }

        Array.Sort(entries, 0, count, EntryComparer.Instance);
        return entries;
    }

    public static void AppendCanonical(ref CharBuffer buffer, ReadOnlySpan<Entry> entries)
    {
        for (int i = 0; i < entries.Length; i++)
        {
            if (i > 0 && CompareNames(entries[i].Name, entries[i - 1].Name) == 0)
            {
                buffer.Append(',');
                buffer.Append(entries[i].Value);
                continue;
            }

            if (i > 0)
            {
                buffer.Append('\n');
            }

            AppendLower(ref buffer, entries[i].Name);
            buffer.Append(':');
            buffer.Append(entries[i].Value);
        }

        buffer.Append('\n');
    }

    public static void AppendSignedNames(ref CharBuffer buffer, ReadOnlySpan<Entry> entries)
    {
        for (int i = 0; i < entries.Length; i++)
        {
            if (i > 0 && CompareNames(entries[i].Name, entries[i - 1].Name) == 0)
            {
                continue;
            }

            if (i > 0)
            {
                buffer.Append(';');
            }

            AppendLower(ref buffer, entries[i].Name);
        }
    }

    private static void AppendLower(ref CharBuffer buffer, string name) =>
        name.AsSpan().ToLowerInvariant(buffer.AppendSpan(name.Length));

    /// <summary>Ordinal comparison of the lowercased names, without lowercasing them into new strings.</summary>
    private static int CompareNames(string x, string y)
    {
        int length = Math.Min(x.Length, y.Length);
        for (int i = 0; i < length; i++)
        {
            int difference = char.ToLowerInvariant(x[i]) - char.ToLowerInvariant(y[i]);
            if (difference != 0)
            {
                return difference;
            }
        }

        return x.Length - y.Length;
    }

    /// <summary>Every char <see cref="char.IsWhiteSpace(char)"/> accepts, for a vectorized "nothing to clean" check.</summary>
    private static readonly SearchValues<char> s_whitespace = SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(static c => (char)c).Where(char.IsWhiteSpace).ToArray());

    private static string Clean(string value)
    {
        // Most values (dates, tokens, content types) hold no whitespace at all: nothing to trim or collapse.
        if (!value.AsSpan().ContainsAny(s_whitespace))
        {
            return value;
        }

        ReadOnlySpan<char> trimmed = value.AsSpan().Trim();
        bool changed = trimmed.Length != value.Length;
        int length = 0;
        bool inSpace = false;
        foreach (char c in trimmed)
        {
            bool space = char.IsWhiteSpace(c);
            changed |= space && (inSpace || c != ' ');
            length += space && inSpace ? 0 : 1;
            inSpace = space;
        }

        return !changed ? value : string.Create(length, value, static (span, source) =>
        {
            int written = 0;
            bool inSpace = false;
            foreach (char c in source.AsSpan().Trim())
            {
                bool space = char.IsWhiteSpace(c);
                if (!(space && inSpace))
                {
                    span[written++] = space ? ' ' : c;
                }

                inSpace = space;
            }
        });
    }

    private sealed class EntryComparer : IComparer<Entry>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare(Entry x, Entry y)
        {
            int byName = CompareNames(x.Name, y.Name);
            return byName != 0 ? byName : x.Order.CompareTo(y.Order);
        }
    }
}
