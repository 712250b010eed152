using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace SymTemplate.Service.Tests;

/// <summary>
/// The service as configured (appsettings.json and the Development demo keys), in memory, on a SQLite file of its own:
/// the README's walkthrough as tests.
/// </summary>
public sealed class ServiceTests : IDisposable
{
    // The Development demo keys (appsettings.Development.json holds their hashes). Never deploy them.
    private const string AliceKey = "sym_demo-alice-NOT-SECRET-replace-me-0123456789";
    private const string BobKey = "sym_demo-bob-NOT-SECRET-replace-me-0123456789ab";

    private readonly string _folder = Directory.CreateTempSubdirectory("sym-service-tests-").FullName;
    private readonly WebApplicationFactory<Program> _factory;

    public ServiceTests() =>
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseEnvironment("Development")
            .ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sym:Storage:Path"] = Path.Combine(_folder, "sym.db"),
            })));

    public void Dispose()
    {
        _factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private HttpClient Client(string? key = null)
    {
        HttpClient client = _factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    [Fact]
    public async Task Health_IsHealthy()
    {
        using HttpResponseMessage response = await Client().GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithoutAKey_Answers401ProblemJson()
    {
        using HttpResponseMessage response = await Client().GetAsync(new Uri("/api/requests", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Request_ThenApproveByBob_IsActive()
    {
        using HttpResponseMessage created = await Client(AliceKey).PostAsJsonAsync(new Uri("/api/requests", UriKind.Relative),
            new { flow = "access", target = "prod_db", duration = "1h", reason = "incident 42" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using JsonDocument request = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string runId = request.RootElement.GetProperty("run").GetProperty("id").GetString()!;

        using HttpResponseMessage approved = await Client(BobKey).PostAsync(new Uri($"/api/requests/{runId}/approve", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        using JsonDocument answer = JsonDocument.Parse(await approved.Content.ReadAsStringAsync());
        Assert.Equal("active", answer.RootElement.GetProperty("run").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Request_DurationTheFlowDoesNotAllow_Answers400NamingTheField()
    {
        using HttpResponseMessage response = await Client(AliceKey).PostAsJsonAsync(new Uri("/api/requests", UriKind.Relative),
            new { flow = "access", target = "prod_db", duration = "2d", reason = "incident 42" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("duration", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
