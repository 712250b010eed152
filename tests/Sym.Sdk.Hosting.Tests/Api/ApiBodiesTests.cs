using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sym.Sdk.Hosting.Tests.Api;

public sealed class ApiBodiesTests
{
    [Fact]
    public async Task Create_TenMegabyteReason_Is413BeforeAnythingIsParsedAndCreatesNothing()
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);
        string body = $$"""{"flow":"test_access","target":"prod-db","duration":"1h","reason":"{{new string('x', 10 * 1024 * 1024)}}"}""";

        HttpResponseMessage response = await alice.PostJsonAsync("/api/requests", body);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.JsonAsync()).GetProperty("code").GetString().Should().Be("SymApi:BODY_TOO_LARGE");
        (await alice.GetJsonAsync("/api/requests")).GetProperty("runs").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Create_OversizedBodyWithoutContentLength_IsCutOffAt413()
    {
        await using TestHost host = await TestHost.StartAsync(c => c["Sym:Api:MaxRequestBodySize"] = "2048");
        var source = new CountingStream(Encoding.UTF8.GetBytes($$"""{"flow":"test_access","reason":"{{new string('x', 1024 * 1024)}}"}"""));
        var content = new StreamContent(source);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.JsonAsync()).GetProperty("detail").GetString().Should().Contain("2048 bytes");
    }

    [Fact]
    public async Task Approve_OversizedDecisionBody_Is413AndTheRunStaysPending()
    {
        await using TestHost host = await TestHost.StartAsync();
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();

        HttpResponseMessage response = await host.Client(TestHost.BobKey)
            .PostJsonAsync($"/api/requests/{id}/approve", $$"""{"reason":"{{new string('y', 100 * 1024)}}"}""");

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await host.Client(TestHost.AliceKey).GetJsonAsync($"/api/requests/{id}")).GetProperty("state").GetString().Should().Be("pending");
    }

    [Fact]
    public async Task Create_ReasonOverTheFieldLimitButUnderTheBodyLimit_Is400NamingTheField()
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).PostJsonAsync("/api/requests",
            $$"""{"flow":"test_access","target":"prod-db","duration":"1h","reason":"{{new string('x', 1001)}}"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonElement problem = await response.JsonAsync();
        problem.GetProperty("errors").GetProperty("reason")[0].GetString().Should().Be("reason may be at most 1000 characters long; it has 1001.");
        (await response.Content.ReadAsStringAsync()).Length.Should().BeLessThan(1000, "the answer does not carry the value back");
    }

    [Theory]
    [InlineData("\\u0000", "U+0000")]
    [InlineData("\\u001b[2J", "U+001B")]
    [InlineData("\\r\\n", "carriage return")]
    public async Task Create_ControlCharacterInTheReason_Is400AndNothingIsStored(string escaped, string named)
    {
        await using TestHost host = await TestHost.StartAsync();
        HttpClient alice = host.Client(TestHost.AliceKey);

        HttpResponseMessage response = await alice.PostJsonAsync("/api/requests",
            $$"""{"flow":"test_access","target":"prod-db","duration":"1h","reason":"incident{{escaped}}42"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").GetProperty("reason")[0].GetString().Should().Contain(named);
        (await alice.GetJsonAsync("/api/requests")).GetProperty("runs").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Deny_ReasonWithAnEscapeSequence_Is400AndTheRunStaysPending()
    {
        await using TestHost host = await TestHost.StartAsync();
        string id = await host.Client(TestHost.AliceKey).CreateRequestAsync();

        HttpResponseMessage response = await host.Client(TestHost.BobKey).PostJsonAsync($"/api/requests/{id}/deny", """{"reason":"no\u001b]0;x\u0007"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").TryGetProperty("reason", out _).Should().BeTrue();
        (await host.Client(TestHost.AliceKey).GetJsonAsync($"/api/requests/{id}")).GetProperty("state").GetString().Should().Be("pending");
    }

    [Fact]
    public async Task Create_UnknownFlowWithAHugeName_Is400WithoutEchoingIt()
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).PostJsonAsync("/api/requests",
            $$"""{"flow":"{{new string('f', 20_000)}}","duration":"1h","reason":"x"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("ffffffffff");
        (await response.JsonAsync()).GetProperty("errors").GetProperty("flow")[0].GetString().Should().Be("No flow of that name is registered.");
    }

    /// <summary>A body source that reports no length, so the client sends it chunked.</summary>
    private sealed class CountingStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
