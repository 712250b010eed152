namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>
/// The canonical headers of a SigV4 request: names lowercased, values trimmed with inner whitespace runs collapsed,
/// sorted by name, repeated names joined with commas in their original order.
/// </summary>
internal static class CanonicalHeaders
{
    public readonly record struct Entry(string Name, string Value, int Order);

    public static Entry[] Prepare(IReadOnlyList<KeyValuePair<string, string>> headers, string? amzDate, string? securityToken, out int count)
    {
        var entries = new Entry[headers.Count + 2];
        count = 0;
        bool hasDate = false;
        bool hasToken = false;
        for (int i = 0; i < headers.Count; i++)
        {
            string name = Lower(headers[i].Key);
            hasDate |= name == "x-amz-date";
            hasToken |= name == "x-amz-security-token";
            entries[count++] = new Entry(name, Clean(headers[i].Value ?? string.Empty), i);
        }

        if (!hasDate && amzDate is not null)
        {
            entries[count++] = new Entry("x-amz-date", amzDate, count);
        }

        if (!hasToken && securityToken is not null)
        {
            entries[count++] = new Entry("x-amz-security-token", Clean(securityToken), count);
        }

        Array.Sort(entries, 0, count, EntryComparer.Instance);
        return entries;
    }

    public static void AppendCanonical(ref CharBuffer buffer, ReadOnlySpan<Entry> entries)
    {
        for (int i = 0; i < entries.Length; i++)
        {
            if (i > 0 && entries[i].Name == entries[i - 1].Name)
            {
                buffer.Append(',');
                buffer.Append(entries[i].Value);
                continue;
            }

            if (i > 0)
            {
                buffer.Append('\n');
            }

            buffer.Append(entries[i].Name);
            buffer.Append(':');
            buffer.Append(entries[i].Value);
        }

        buffer.Append('\n');
    }

    public static void AppendSignedNames(ref CharBuffer buffer, ReadOnlySpan<Entry> entries)
    {
        for (int i = 0; i < entries.Length; i++)
        {
            if (i > 0 && entries[i].Name == entries[i - 1].Name)
            {
                continue;
            }

            if (i > 0)
            {
                buffer.Append(';');
            }

            buffer.Append(entries[i].Name);
        }
    }

    private static string Lower(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        foreach (char c in name)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return name.ToLowerInvariant();
            }
        }

        return name;
    }

    private static string Clean(string value)
    {
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
            int byName = string.CompareOrdinal(x.Name, y.Name);
            return byName != 0 ? byName : x.Order.CompareTo(y.Order);
        }
    }
}
