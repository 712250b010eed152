using System.Net;
using System.Text;
using System.Text.Json;

namespace AccessService.Tests;

/// <summary>Small helpers to call the sample's API and read its JSON.</summary>
internal static class ApiJson
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        HttpResponseMessage response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    /// <summary>Alice asks for an hour on the production database; the new run's id.</summary>
    public static async Task<string> RequestProdAsync(this HttpClient alice)
    {
        HttpResponseMessage response = await alice.PostJsonAsync("/api/requests",
            """{"flow":"custom_access","target":"prod_db","duration":"1h","reason":"Investigating incident 42"}""");
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("run").GetProperty("id").GetString()!;
    }

    public static async Task<string> StateAsync(this HttpClient reader, string id) =>
        (await reader.GetJsonAsync($"/api/requests/{id}")).GetProperty("state").GetString()!;
}
