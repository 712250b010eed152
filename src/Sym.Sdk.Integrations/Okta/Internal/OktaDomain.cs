namespace Sym.Sdk.Integrations.Okta.Internal;

/// <summary>Turns <see cref="OktaOptions.Domain"/> (<c>acme.okta.com</c> or <c>https://acme.okta.com/</c>) into the org's base URL.</summary>
internal static class OktaDomain
{
    public static bool TryGetBaseUri(string? domain, out Uri baseUri, out string? problem)
    {
        baseUri = null!;
        problem = null;
        if (string.IsNullOrWhiteSpace(domain))
        {
            problem = "Domain is required, for example 'acme.okta.com'.";
            return false;
        }

        string text = domain.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            problem = $"Domain '{domain}' is not a host name such as 'acme.okta.com'.";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            problem = $"Domain '{domain}' must use https: credentials are sent to it.";
            return false;
        }

        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            problem = $"Domain '{domain}' must be the org's host alone, without a path (the client adds /api/v1/…).";
            return false;
        }

        baseUri = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
        return true;
    }

    public static Uri GetBaseUri(string domain) => TryGetBaseUri(domain, out Uri uri, out string? problem)
        ? uri
        : throw new InvalidOperationException(problem);
}
