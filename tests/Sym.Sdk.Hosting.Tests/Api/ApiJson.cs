using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Sym.Sdk.Hosting.Tests.Api;

/// <summary>Small helpers to call the API and read its JSON.</summary>
internal static class ApiJson
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(new Uri(path, UriKind.Relative), Body(json));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<string> CreateRequestAsync(this HttpClient client, string duration = "1h")
    {
        HttpResponseMessage response = await client.PostJsonAsync("/api/requests",
            $$"""{"flow":"test_access","target":"prod-db","duration":"{{duration}}","reason":"Incident 42"}""");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("run").GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        HttpResponseMessage response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public static JsonContent Empty() => JsonContent.Create(new { });
}
