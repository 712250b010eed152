using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Integrations.Aws.Internal;

/// <summary>The AWS query protocol (IAM, STS): a form POST with Action and Version; XML responses.</summary>
internal static class AwsQueryProtocol
{
    private static readonly Uri Root = new("/", UriKind.Relative);

    public static async Task<XElement> SendAsync(
        HttpClient http, IEnumerable<KeyValuePair<string, string>> form, string action, string errorPrefix, TimeProvider timeProvider,
        ILogger logger, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Root) { Content = new FormUrlEncodedContent(form) };
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            SymException error = AwsErrors.FromQuery(errorPrefix, response, text, timeProvider);
            AwsLog.CallFailed(logger, action, error.ErrorCode, error.StatusCode, error.RequestId);
            throw error;
        }

        try
        {
            return XElement.Parse(text);
        }
        catch (System.Xml.XmlException ex)
        {
            throw new SymException($"{errorPrefix}:INVALID_RESPONSE", $"AWS's {action} response is not XML.", innerException: ex);
        }
    }

    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static string? ChildValue(this XElement element, string localName) => element.Child(localName)?.Value;
}
