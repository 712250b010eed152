using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Integrations.Aws.Internal;

/// <summary>The AWS JSON 1.1 protocol: POST / with <c>X-Amz-Target</c> and a JSON body; errors by <c>__type</c>.</summary>
internal static class AwsJsonProtocol
{
    private static readonly MediaTypeHeaderValue ContentType = new("application/x-amz-json-1.1");
    private static readonly Uri Root = new("/", UriKind.Relative);

    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer, state);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static async Task<JsonDocument> SendAsync(
        HttpClient http, string target, byte[] body, string errorPrefix, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Root) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = ContentType;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            SymException error = AwsErrors.FromJson(errorPrefix, response, text, timeProvider);
            AwsLog.CallFailed(logger, target, error.ErrorCode, error.StatusCode, error.RequestId);
            throw error;
        }

        byte[] bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(bytes.Length == 0 ? "{}"u8.ToArray() : bytes);
    }

    public static string? GetString(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static string RequiredString(this JsonElement element, string name, string errorPrefix) =>
        element.GetString(name) ?? throw new SymException($"{errorPrefix}:INVALID_RESPONSE", $"AWS's response has no '{name}'.");
}
