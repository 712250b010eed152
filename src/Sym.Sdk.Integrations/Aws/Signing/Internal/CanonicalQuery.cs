namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>Writes the canonical query string: parameters decoded, re-encoded strictly, sorted by name then value.</summary>
internal static class CanonicalQuery
{
    public static void Append(ref CharBuffer buffer, string query)
    {
        if (query.Length == 0)
        {
            return;
        }

        var parameters = new List<(string Name, string Value)>();
        foreach (Range range in query.AsSpan().Split('&'))
        {
            ReadOnlySpan<char> pair = query.AsSpan(range);
            if (pair.IsEmpty)
            {
                continue;
            }

            int equals = pair.IndexOf('=');
            ReadOnlySpan<char> name = equals < 0 ? pair : pair[..equals];
            ReadOnlySpan<char> value = equals < 0 ? [] : pair[(equals + 1)..];
            parameters.Add((Reencode(name), Reencode(value)));
        }

        parameters.Sort(static (a, b) =>
        {
            int byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

        for (int i = 0; i < parameters.Count; i++)
        {
            if (i > 0)
            {
                buffer.Append('&');
            }

            buffer.Append(parameters[i].Name);
            buffer.Append('=');
            buffer.Append(parameters[i].Value);
        }
    }

    // Decoding first makes "%2f", "%2F" and a literal character that needs escaping all canonicalize alike.
    // '+' stays literal: AWS does not read it as a space.
    private static string Reencode(ReadOnlySpan<char> component) =>
        UriEncoding.Encode(component.Contains('%') ? Uri.UnescapeDataString(component.ToString()) : component);
}
