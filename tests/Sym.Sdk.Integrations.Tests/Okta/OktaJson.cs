using System.Net;
using System.Text.Json;

namespace Sym.Sdk.Integrations.Tests.Okta;

/// <summary>Okta-shaped response bodies, as the Management API returns them.</summary>
internal static class OktaJson
{
    public static string User(string id, string email, string status = "ACTIVE", string? firstName = "Test", string? lastName = "User") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["status"] = status,
            ["created"] = "2024-03-01T10:00:00.000Z",
            ["lastLogin"] = null,
            ["profile"] = new Dictionary<string, object?>
            {
                ["login"] = email, ["email"] = email, ["firstName"] = firstName, ["lastName"] = lastName,
                ["department"] = "Platform", ["costCenter"] = 42,
            },
            ["_links"] = new { self = new { href = $"https://acme.okta.com/api/v1/users/{id}" } },
        });

    public static string Group(string id, string name, string type = "OKTA_GROUP") =>
        $$$"""{"id":"{{{id}}}","created":"2024-01-01T00:00:00.000Z","objectClass":["okta:user_group"],"type":"{{{type}}}","profile":{"name":"{{{name}}}","description":"{{{name}}} group"},"_links":{}}""";

    public static string Array(params string[] items) => "[" + string.Join(",", items) + "]";

    public static string Error(string code, string summary, params string[] causes) => JsonSerializer.Serialize(new
    {
        errorCode = code,
        errorSummary = summary,
        errorLink = code,
        errorId = "oae" + code,
        errorCauses = causes.Select(static c => new { errorSummary = c }).ToArray(),
    });

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
}
