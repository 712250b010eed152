using System.Net;
using System.Text.Json;

namespace Sym.Sdk.Hosting.Tests.Api;

public sealed class ApiFallbackTests
{
    [Theory]
    [InlineData("GET", "/api/nope")]
    [InlineData("GET", "/api/requests/r1/nope")]
    [InlineData("POST", "/api")]
    [InlineData("DELETE", "/api/requests/r1/approve/extra")]
    public async Task UnknownPath_Is404ProblemJson(string method, string path)
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonElement problem = await response.JsonAsync();
        problem.GetProperty("status").GetInt32().Should().Be(404);
        problem.GetProperty("code").GetString().Should().Be("SymApi:NOT_FOUND");
    }

    [Theory]
    [InlineData("GET", "/api/requests/r1/approve", "POST")]
    [InlineData("DELETE", "/api/requests/r1", "GET")]
    [InlineData("PUT", "/api/requests", "GET, POST")]
    [InlineData("POST", "/api/approvals", "GET")]
    [InlineData("GET", "/api/requests/r1/extension/deny", "POST")]
    public async Task KnownPathWrongMethod_Is405ProblemJsonWithAllow(string method, string path, string allow)
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Content.Headers.Allow.Should().Equal(allow.Split(", "));
        (await response.JsonAsync()).GetProperty("code").GetString().Should().Be("SymApi:METHOD_NOT_ALLOWED");
    }

    [Theory]
    [InlineData("/api/requests?state=")]
    [InlineData("/api/nope/")]
    public async Task UrlOverTheLimit_Is414ProblemJson(string prefix)
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).GetAsync(new Uri(prefix + new string('a', 3000), UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.RequestUriTooLong);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonElement problem = await response.JsonAsync();
        problem.GetProperty("code").GetString().Should().Be("SymApi:URL_TOO_LONG");
        problem.GetProperty("detail").GetString().Should().Contain("2048");
    }

    [Fact]
    public async Task UrlUnderAConfiguredLimit_IsServed_AndOverIt414()
    {
        await using TestHost host = await TestHost.StartAsync(c => c["Sym:Api:MaxUrlLength"] = "300");
        HttpClient alice = host.Client(TestHost.AliceKey);

        HttpResponseMessage under = await alice.GetAsync(new Uri("/api/requests?state=pending&x=" + new string('a', 200), UriKind.Relative));
        HttpResponseMessage over = await alice.GetAsync(new Uri("/api/requests?state=pending&x=" + new string('a', 300), UriKind.Relative));

        under.StatusCode.Should().Be(HttpStatusCode.OK);
        over.StatusCode.Should().Be(HttpStatusCode.RequestUriTooLong);
    }

    [Fact]
    public async Task UnknownPath_WithoutAKey_Is401AndRevealsNoRoutes()
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client().GetAsync(new Uri("/api/requests/r1/approve", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.Allow.Should().BeEmpty();
    }
}
