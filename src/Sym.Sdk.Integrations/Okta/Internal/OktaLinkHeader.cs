using System.Net.Http.Headers;

namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>Finds the <c>rel="next"</c> page in Okta's <c>Link</c> headers (RFC 8288), however they are split.</summary>
internal static class OktaLinkHeader
{
    /// <summary>The next page's URL, or <see langword="null"/> when this was the last page.</summary>
    /// <param name="headers">The response headers: one or several <c>Link</c> headers, each with one or several links.</param>
    /// <param name="requestUri">The page's own URL, to resolve a relative link against.</param>
    public static Uri? FindNext(HttpResponseHeaders headers, Uri requestUri)
    {
        if (!headers.TryGetValues("Link", out IEnumerable<string>? values))
        {
            return null;
        }

        foreach (string value in values)
        {
            if (FindNext(value) is { } next)
            {
                return Uri.TryCreate(requestUri, next, out Uri? absolute) ? absolute : null;
            }
        }

        return null;
    }

    /// <summary>The target of the first link with relation <c>next</c> in one header value, or <see langword="null"/>.</summary>
    public static string? FindNext(string headerValue)
    {
        ReadOnlySpan<char> rest = headerValue;
        while (true)
        {
            int open = rest.IndexOf('<');
            if (open < 0)
            {
                return null;
            }

            int close = rest[open..].IndexOf('>');
            if (close < 0)
            {
                return null;
            }

            close += open;
            ReadOnlySpan<char> target = rest[(open + 1)..close];
            rest = rest[(close + 1)..];
            int nextLink = rest.IndexOf('<');
            ReadOnlySpan<char> parameters = nextLink < 0 ? rest : rest[..nextLink];
            if (HasNextRelation(parameters))
            {
                return target.Trim().ToString();
            }

            if (nextLink < 0)
            {
                return null;
            }

            rest = rest[nextLink..];
        }
    }

    private static bool HasNextRelation(ReadOnlySpan<char> parameters)
    {
        foreach (Range range in parameters.Split(';'))
        {
            ReadOnlySpan<char> parameter = parameters[range].Trim().TrimEnd(',').Trim();
            int equals = parameter.IndexOf('=');
            if (equals < 0 || !parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // rel may be quoted and may list several relations: rel="next last".
            ReadOnlySpan<char> relations = parameter[(equals + 1)..].Trim().Trim('"');
            foreach (Range relation in relations.Split(' '))
            {
                if (relations[relation].Equals("next", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
