using System.Net;
using Sym.Sdk.Hosting.Internal;

namespace Sym.Sdk.Hosting.Tests.Api;

public sealed class ApiAuthenticationTests
{
    [Fact]
    public async Task Request_WithoutKey_Is401WithChallenge()
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client().GetAsync(new Uri("/api/requests", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer realm=\"sym\"");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.JsonAsync()).GetProperty("code").GetString().Should().Be("SymApi:UNAUTHORIZED");
    }

    [Theory]
    [InlineData("sym_not-a-configured-key-0123456789abcdefghijklmnop")]
    [InlineData("x")]
    public async Task Request_WithUnknownKey_Is401InvalidToken(string key)
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(key).GetAsync(new Uri("/api/requests", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Contain("error=\"invalid_token\"");
    }

    [Fact]
    public async Task Request_WithTooLongKey_Is401()
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey + new string('a', ApiKeyVerifier.MaxKeyLength))
            .GetAsync(new Uri("/api/requests", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_WithKeyInApiKeyHeader_IsAuthenticated()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient client = host.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", TestHost.AliceKey);

        HttpResponseMessage response = await client.GetAsync(new Uri("/api/requests", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Request_WithKey_ActsAsItsUser()
    {
        await using TestHost host = await TestHost.StartAsync();

        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();

        (await host.Client(TestHost.AliceKey).GetJsonAsync($"/api/requests/{id}")).GetProperty("requester").GetString()
            .Should().Be("alice@example.com");
    }

    [Fact]
    public async Task Health_IsAnonymous()
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client().GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("status").GetString().Should().Be("Healthy");
    }

    [Fact]
    public async Task OtherEndpoints_IgnoreBearerTokensMeantForThem()
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client("someone-elses-token").GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
