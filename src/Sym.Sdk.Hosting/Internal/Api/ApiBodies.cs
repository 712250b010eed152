using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>
/// Reads a JSON body of at most <see cref="SymApiOptions.MaxRequestBodySize"/> bytes: a declared length over it is
/// refused before anything is read, and an undeclared (chunked) body stops being read one byte past it, so no endpoint
/// ever buffers more than the limit (nor meets the server's own limit, whose exception would reach error pages).
/// </summary>
internal static class ApiBodies
{
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> typeInfo, bool required, CancellationToken cancellationToken)
        where T : class
    {
        HttpRequest request = http.Request;
        if (!request.HasJsonContentType())
        {
            if (!required && request.ContentLength is null or 0)
            {
                return (null, null);
            }

            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON.",
                "Send 'Content-Type: application/json'.", "SymApi:UNSUPPORTED_MEDIA_TYPE"));
        }

        int limit = http.RequestServices.GetRequiredService<IOptions<SymApiOptions>>().Value.MaxRequestBodySize;
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            int length = await ReadUpToAsync(request.Body, buffer.AsMemory(0, limit + 1), cancellationToken).ConfigureAwait(false);
            if (length > limit)
            {
                return (null, TooLarge(limit));
            }

            if (length == 0)
            {
                return required
                    ? (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "The body is empty.", "Send a JSON object.", "SymApi:INVALID_BODY"))
                    : (null, null);
            }

            T? body = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
            return body is null && required
                ? (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "The body is empty.", "Send a JSON object.", "SymApi:INVALID_BODY"))
                : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, "The body is not valid JSON for this endpoint.",
                ex.Path is null ? "The JSON could not be read." : $"The JSON could not be read at {ex.Path}.", "SymApi:INVALID_BODY"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult TooLarge(int limit) =>
        ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "The body is too large.",
            $"The API reads bodies of at most {limit} bytes (Sym:Api:MaxRequestBodySize).", "SymApi:BODY_TOO_LARGE");

    /// <summary>Reads until the end of the body or until <paramref name="destination"/> is full; returns the bytes read.</summary>
    private static async Task<int> ReadUpToAsync(Stream body, Memory<byte> destination, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = await body.ReadAsync(destination[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
