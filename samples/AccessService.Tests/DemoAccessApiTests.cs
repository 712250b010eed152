using System.Net;
using System.Net.Http.Headers;

namespace AccessService.Tests;

public sealed class DemoAccessApiTests
{
    private const string Change = """{"username":"alice@healthy-health.co","identifier":"prod-db","runId":"r1"}""";

    private static HttpClient Client(AccessServiceFactory host, string? token)
    {
        HttpClient client = host.Client();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("demo-token-but-longer")]
    [InlineData("DEMO-TOKEN")]
    public async Task Escalate_WithoutTheApiToken_Is401AndGrantsNothing(string? token)
    {
        await using var host = new AccessServiceFactory();

        HttpResponseMessage response = await Client(host, token).PostJsonAsync("/demo-access-api/escalate", Change);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await (await Client(host, "demo-token").GetAsync(new Uri("/demo-access-api/grants", UriKind.Relative))).Content.ReadAsStringAsync())
            .Trim().Should().BeEmpty();
    }

    [Fact]
    public async Task EscalateThenDeescalate_WithTheApiToken_GrantsAndRevokes()
    {
        await using var host = new AccessServiceFactory();
        HttpClient api = Client(host, "demo-token");

        HttpResponseMessage escalated = await api.PostJsonAsync("/demo-access-api/escalate", Change);
        string granted = await (await api.GetAsync(new Uri("/demo-access-api/grants", UriKind.Relative))).Content.ReadAsStringAsync();
        HttpResponseMessage deescalated = await api.PostJsonAsync("/demo-access-api/deescalate", Change);
        string after = await (await api.GetAsync(new Uri("/demo-access-api/grants", UriKind.Relative))).Content.ReadAsStringAsync();

        escalated.StatusCode.Should().Be(HttpStatusCode.NoContent);
        deescalated.StatusCode.Should().Be(HttpStatusCode.NoContent);
        granted.Trim().Should().Be("alice@healthy-health.co:prod-db");
        after.Trim().Should().BeEmpty();
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"username":"alice@healthy-health.co"}""")]
    [InlineData("")]
    public async Task Escalate_BodyThatIsNotTheChange_Is400ProblemWithoutAStackTrace(string body)
    {
        await using var host = new AccessServiceFactory();

        HttpResponseMessage response = await Client(host, "demo-token").PostJsonAsync("/demo-access-api/escalate", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("   at ").And.NotContain("Exception");
    }

    [Fact]
    public async Task Escalate_BodyOverSixteenKilobytes_Is413()
    {
        await using var host = new AccessServiceFactory();

        HttpResponseMessage response = await Client(host, "demo-token").PostJsonAsync("/demo-access-api/escalate",
            $$"""{"username":"{{new string('a', 20_000)}}","identifier":"prod-db"}""");

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }
}
