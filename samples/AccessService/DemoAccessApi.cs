using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AccessService;

/// <summary>
/// A stand-in for your access API, so the walkthrough runs on one machine: <c>POST /demo-access-api/escalate</c> and
/// <c>/deescalate</c> keep grants in memory, <c>GET /demo-access-api/grants</c> lists them. Enabled only when
/// <c>DemoAccessApi:Enabled</c> is true; point <c>CustomAccess:ApiBaseAddress</c> at your real API in production.
/// </summary>
internal static class DemoAccessApi
{
    private static readonly ConcurrentDictionary<string, string> Grants = new(StringComparer.Ordinal);

    public static void Map(WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/demo-access-api");
        api.MapPost("/escalate", static async (HttpRequest request) =>
        {
            JsonNode? body = await JsonNode.ParseAsync(request.Body);
            Grants[$"{body?["username"]}:{body?["identifier"]}"] = body?["runId"]?.ToString() ?? "";
            return Results.NoContent();
        });
        api.MapPost("/deescalate", static async (HttpRequest request) =>
        {
            JsonNode? body = await JsonNode.ParseAsync(request.Body);
            Grants.TryRemove($"{body?["username"]}:{body?["identifier"]}", out _);
            return Results.NoContent();
        });
        api.MapGet("/grants", static () => Results.Text(string.Join('\n', Grants.Keys.Order(StringComparer.Ordinal)) + "\n"));
    }
}
