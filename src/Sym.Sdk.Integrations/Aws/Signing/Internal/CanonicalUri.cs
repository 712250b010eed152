namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>Writes the canonical URI (the path line) of a SigV4 canonical request.</summary>
internal static class CanonicalUri
{
    public static void Append(ref CharBuffer buffer, string path, bool doubleEncode)
    {
        if (path.Length == 0)
        {
            buffer.Append('/');
            return;
        }

        if (!doubleEncode)
        {
            // S3: the wire path is already the canonical one; only characters that are not legal in it get escaped.
            UriEncoding.Append(ref buffer, path, keepSlash: true, keepPercent: true);
            return;
        }

        UriEncoding.Append(ref buffer, NeedsNormalizing(path) ? Normalize(path) : path, keepSlash: true);
    }

    /// <summary>Removes <c>.</c>, <c>..</c> and empty segments, keeping a leading and a trailing slash (as AWS's own SDKs do).</summary>
    internal static string Normalize(string path)
    {
        var segments = new List<string>();
        foreach (Range range in path.AsSpan().Split('/'))
        {
            string segment = path[range];
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        string leading = path[0] == '/' ? "/" : string.Empty;
        string trailing = path[^1] == '/' && segments.Count > 0 ? "/" : string.Empty;
        return leading + string.Join('/', segments) + trailing;
    }

    private static bool NeedsNormalizing(string path) =>
        path.Contains("//", StringComparison.Ordinal)
        || path.Contains("/./", StringComparison.Ordinal)
        || path.Contains("/../", StringComparison.Ordinal)
        || path.EndsWith("/.", StringComparison.Ordinal)
        || path.EndsWith("/..", StringComparison.Ordinal)
        || path[0] == '.';
}
