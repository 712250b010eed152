using System.Net;
using Sym.Sdk.Integrations.Aws.Credentials;
using Sym.Sdk.Integrations.Aws.Signing;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Aws.Signing;

public sealed class AwsSigV4HandlerTests
{
    [Fact]
    public async Task SendAsync_SuiteVanillaPost_ProducesTheSuiteAuthorization()
    {
        // post-vanilla from AWS's suite, sent through HttpClient: the handler must sign what goes on the wire identically.
        var fake = new FakeHttpHandler();
        fake.On(HttpMethod.Post, "/").Respond(HttpStatusCode.OK);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));
        var credentials = new StaticAwsCredentialsProvider(new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        using var http = new HttpClient(new AwsSigV4Handler(credentials, "us-east-1", "service", time) { InnerHandler = fake });

        using HttpResponseMessage response = await http.PostAsync(new Uri("https://example.amazonaws.com/"), null);

        fake.Requests.Single().Header("Authorization").Should().Be(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    [Fact]
    public async Task SendAsync_SentTwice_ReplacesItsOwnHeadersRatherThanDuplicatingThem()
    {
        var fake = new FakeHttpHandler();
        fake.On(HttpMethod.Get, "/").Respond(HttpStatusCode.OK);
        var time = AwsTestClients.Clock();
        using var invoker = new HttpMessageInvoker(new AwsSigV4Handler(new StaticAwsCredentialsProvider(AwsTestClients.Credentials), "us-east-1", "service", time) { InnerHandler = fake });
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");

        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();
        time.Advance(TimeSpan.FromSeconds(5));
        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();

        fake.Requests[1].Headers["X-Amz-Date"].Should().Equal("20251125T220005Z");
        fake.Requests[1].Headers["X-Amz-Security-Token"].Should().ContainSingle();
        fake.Requests[1].Headers["Authorization"].Should().ContainSingle().Which.Should().NotBe(fake.Requests[0].Header("Authorization"));
    }
}
