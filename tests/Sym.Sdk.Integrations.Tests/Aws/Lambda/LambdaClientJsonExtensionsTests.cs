using System.Net;
using System.Text.Json.Nodes;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Integrations.Aws.Lambda;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Aws.Lambda;

public sealed class LambdaClientJsonExtensionsTests
{
    private static FakeHttpHandler Answering(string body)
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/**").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
        return http;
    }

    [Fact]
    public async Task InvokeAsync_JsonObject_SendsItAndReadsTheAnswerLikeADict()
    {
        FakeHttpHandler http = Answering("""{"body":{"approved":true,"approvers":["bob@example.com"]},"errors":[]}""");

        LambdaInvocationResult result = await AwsTestClients.Lambda(http, AwsTestClients.Clock())
            .InvokeAsync("fn", new JsonObject { ["user"] = "alice@example.com", ["duration"] = 3600 });

        http.Requests.Single().BodyText.Should().Be("""{"user":"alice@example.com","duration":3600}""");
        JsonNode? json = result.GetPayloadJson();
        ((bool?)json?["body"]?["approved"]).Should().BeTrue();
        ((string?)json?["body"]?["approvers"]?[0]).Should().Be("bob@example.com");
        json!["errors"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task InvokeAsync_NullPayload_SendsJsonNull()
    {
        FakeHttpHandler http = Answering("null");

        LambdaInvocationResult result = await AwsTestClients.Lambda(http, AwsTestClients.Clock()).InvokeAsync("fn", (JsonNode?)null);

        http.Requests.Single().BodyText.Should().Be("null");
        result.GetPayloadJson().Should().BeNull();
    }

    [Fact]
    public async Task InvokeEventAsync_JsonObject_SendsIt()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/**").Respond(HttpStatusCode.Accepted);

        await AwsTestClients.Lambda(http, AwsTestClients.Clock()).InvokeEventAsync("fn", new JsonObject { ["event"] = "escalate" });

        http.Requests.Single().BodyText.Should().Be("""{"event":"escalate"}""");
    }

    [Fact]
    public void GetPayloadJson_NotJson_ThrowsInvalidPayload_EmptyIsNull()
    {
        var text = new LambdaInvocationResult { StatusCode = 200, Payload = "plain text"u8.ToArray() };
        var empty = new LambdaInvocationResult { StatusCode = 200, Payload = ReadOnlyMemory<byte>.Empty };

        FluentActions.Invoking(text.GetPayloadJson).Should().Throw<SymException>().Which.ErrorCode.Should().Be(AwsErrorCodes.LambdaInvalidPayload);
        empty.GetPayloadJson().Should().BeNull();
    }
}
