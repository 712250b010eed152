using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CustomAccess;
using Microsoft.Extensions.Options;

namespace AccessService;

/// <summary>
/// A stand-in for your access API, so the walkthrough runs on one machine: <c>POST /demo-access-api/escalate</c> and
/// <c>/deescalate</c> keep grants in memory, <c>GET /demo-access-api/grants</c> lists them. Enabled only when
/// <c>DemoAccessApi:Enabled</c> is true; point <c>CustomAccess:ApiBaseAddress</c> at your real API in production.
/// </summary>
/// <remarks>
/// It behaves as your API should: every call needs the bearer token the strategy sends (<c>CustomAccess:ApiToken</c>,
/// compared in constant time; 401 otherwise), bodies are read up to 16 KB (413 beyond), and a body that is not the JSON
/// it expects answers 400 problem+json, never an exception.
/// </remarks>
internal static class DemoAccessApi
{
    private const int MaxBodySize = 16 * 1024;
    private static readonly ConcurrentDictionary<string, string> Grants = new(StringComparer.Ordinal);

    public static void Map(WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/demo-access-api");
        api.AddEndpointFilter(static (context, next) =>
            IsAuthorized(context.HttpContext) ? next(context) : ValueTask.FromResult<object?>(Results.Problem(
                "Send the access API's token: 'Authorization: Bearer <CustomAccess:ApiToken>'.", statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized")));
        api.MapPost("/escalate", static async (HttpRequest request) =>
        {
            (AccessChange? change, IResult? problem) = await ReadAsync(request);
            if (change is null)
            {
                return problem!;
            }

            Grants[$"{change.Username}:{change.Identifier}"] = change.RunId ?? string.Empty;
            return Results.NoContent();
        });
        api.MapPost("/deescalate", static async (HttpRequest request) =>
        {
            (AccessChange? change, IResult? problem) = await ReadAsync(request);
            if (change is null)
            {
                return problem!;
            }

            Grants.TryRemove($"{change.Username}:{change.Identifier}", out _);
            return Results.NoContent();
        });
        api.MapGet("/grants", static () => Results.Text(string.Join('\n', Grants.Keys.Order(StringComparer.Ordinal)) + "\n"));
    }

    private static bool IsAuthorized(HttpContext http)
    {
        string token = http.RequestServices.GetRequiredService<IOptions<CustomAccessOptions>>().Value.ApiToken ?? string.Empty;
        string header = http.Request.Headers.Authorization.ToString();
        return token.Length > 0
            && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..]), Encoding.UTF8.GetBytes(token));
    }

    private static async Task<(AccessChange? Change, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodySize)
        {
            return (null, TooLarge());
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxBodySize + 1);
        try
        {
            int length = 0;
            int read;
            while (length <= MaxBodySize && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBodySize + 1 - length), request.HttpContext.RequestAborted)) > 0)
            {
                length += read;
            }

            if (length > MaxBodySize)
            {
                return (null, TooLarge());
            }

            AccessChange? change = JsonSerializer.Deserialize<AccessChange>(buffer.AsSpan(0, length), JsonSerializerOptions.Web);
            return change is { Username.Length: > 0, Identifier.Length: > 0 }
                ? (change, null)
                : (null, Invalid("Send {\"username\":…,\"identifier\":…,\"runId\":…}."));
        }
        catch (JsonException)
        {
            return (null, Invalid("The body is not JSON."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult Invalid(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    private static IResult TooLarge() =>
        Results.Problem($"Bodies are at most {MaxBodySize} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");

    /// <summary>What the strategy sends.</summary>
    private sealed record AccessChange(string? Username, string? Identifier, string? RunId);
}
