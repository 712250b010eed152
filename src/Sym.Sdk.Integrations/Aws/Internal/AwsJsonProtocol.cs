using System.Buffers;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Integrations.Aws.Internal;

/// <summary>
/// One AWS JSON 1.1 service (Identity Center admin, Identity Store): POST / with <c>X-Amz-Target: {prefix}{operation}</c>
/// and a JSON body; errors by <c>__type</c> mapped under one error prefix; list operations paged with
/// <c>MaxResults</c>/<c>NextToken</c>. The clients only say what to write and what to read.
/// </summary>
internal sealed class AwsJsonProtocol(HttpClient http, string targetPrefix, string errorPrefix, TimeProvider timeProvider, ILogger logger)
{
    public const int PageSize = 100;
    private static readonly MediaTypeHeaderValue ContentType = new("application/x-amz-json-1.1");
    private static readonly Uri Root = new("/", UriKind.Relative);

    public string ErrorPrefix => errorPrefix;

    /// <summary>Sends one operation; the caller disposes the response document.</summary>
    public async Task<JsonDocument> SendAsync<TState>(
        string operation, TState state, Action<Utf8JsonWriter, TState> writeRequest, CancellationToken cancellationToken)
    {
        byte[] body = Write(state, writeRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, Root) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = ContentType;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", targetPrefix + operation);
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, errorPrefix, targetPrefix + operation, timeProvider, logger, cancellationToken).ConfigureAwait(false);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(bytes.Length == 0 ? "{}"u8.ToArray() : bytes);
        }
        catch (JsonException ex)
        {
            throw new SymException($"{errorPrefix}:INVALID_RESPONSE", $"AWS's {operation} response is not JSON.", innerException: ex);
        }
    }

    /// <summary>
    /// Every item of a paged list operation: <paramref name="writeRequest"/> writes the filter (this adds
    /// <c>MaxResults</c> and <c>NextToken</c>), <paramref name="readItem"/> reads one element of the
    /// <paramref name="itemsName"/> array (<see langword="null"/> skips it).
    /// </summary>
    public async IAsyncEnumerable<TItem> PaginateAsync<TState, TItem>(
        string operation, TState state, Action<Utf8JsonWriter, TState> writeRequest, string itemsName, Func<JsonElement, TState, TItem?> readItem,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TItem : class
    {
        string? next = null;
        do
        {
            using JsonDocument document = await SendAsync(operation, (state, writeRequest, next), static (w, s) =>
            {
                s.writeRequest(w, s.state);
                w.WriteNumber("MaxResults", PageSize);
                if (s.next is not null)
                {
                    w.WriteString("NextToken", s.next);
                }
            }, cancellationToken).ConfigureAwait(false);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(itemsName, out JsonElement items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement element in items.EnumerateArray())
                {
                    if (readItem(element, state) is { } item)
                    {
                        yield return item;
                    }
                }
            }

            next = root.GetString("NextToken");
        }
        while (!string.IsNullOrEmpty(next));
    }

    /// <summary>Maps a failed JSON-protocol response (JSON 1.1 or Lambda's REST-JSON) to its <see cref="SymException"/>, logged.</summary>
    public static async Task ThrowIfFailedAsync(
        HttpResponseMessage response, string errorPrefix, string operation, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        SymException error = AwsErrors.FromJson(errorPrefix, response, text, timeProvider);
        AwsLog.CallFailed(logger, operation, error.ErrorCode, error.StatusCode, error.RequestId);
        throw error;
    }

    private static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
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
}

/// <summary>Reading members of AWS JSON responses.</summary>
internal static class AwsJson
{
    public static string? GetString(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static string RequiredString(this JsonElement element, string name, string errorPrefix) =>
        element.GetString(name) ?? throw new SymException($"{errorPrefix}:INVALID_RESPONSE", $"AWS's response has no '{name}'.");
}
