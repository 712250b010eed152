using System.Net.Http.Headers;

namespace Sym.Sdk.Testing.Http;

/// <summary>A request a <see cref="FakeHttpHandler"/> received, copied so it can be inspected after the call.</summary>
public sealed record RecordedHttpRequest
{
    /// <summary>The HTTP method.</summary>
    public required HttpMethod Method { get; init; }

    /// <summary>The absolute request URI.</summary>
    public required Uri Uri { get; init; }

    /// <summary>The request headers (content headers included), by name, case-insensitive.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; }

    /// <summary>The request body as bytes (empty when there was none).</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Whether the request had a content object at all (as opposed to an empty one).</summary>
    public bool HasContent { get; init; }

    /// <summary>The request body as UTF-8 text.</summary>
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body.Span);

    /// <summary>The first value of a header, or <see langword="null"/>.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? Header(string name) => Headers.TryGetValue(name, out IReadOnlyList<string>? values) && values.Count > 0 ? values[0] : null;

    internal static async Task<RecordedHttpRequest> CaptureAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        Copy(request.Headers, headers);
        byte[] body = [];
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            Copy(request.Content.Headers, headers);
        }

        return new RecordedHttpRequest
        {
            Method = request.Method,
            Uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI."),
            Headers = headers,
            Body = body,
            HasContent = request.Content is not null,
        };
    }

    private static void Copy(HttpHeaders source, Dictionary<string, IReadOnlyList<string>> target)
    {
        foreach (KeyValuePair<string, IEnumerable<string>> header in source)
        {
            target[header.Key] = [.. header.Value];
        }
    }
}
