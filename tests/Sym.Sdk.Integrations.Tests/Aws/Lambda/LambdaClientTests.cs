using System.Net;
using Sym.Sdk.Integrations.Aws.Lambda;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Aws.Lambda;

public sealed class LambdaClientTests
{
    private const string Arn = "arn:aws:lambda:eu-west-1:123456789012:function:sym-access";

    [Fact]
    public async Task InvokeAsync_Arn_EncodesPathOnceOnTheWireAndTwiceInTheSignature()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/2015-03-31/functions/*/invocations").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"body":{"ok":true},"errors":[]}""") };
            response.Headers.Add("X-Amz-Executed-Version", "$LATEST");
            return response;
        });

        LambdaInvocationResult result = await AwsTestClients.Lambda(http, AwsTestClients.Clock()).InvokeAsync(Arn, "{\"a\":1}"u8.ToArray());

        result.StatusCode.Should().Be(200);
        result.PayloadText.Should().Be("""{"body":{"ok":true},"errors":[]}""");
        result.IsFunctionError.Should().BeFalse();
        result.ExecutedVersion.Should().Be("$LATEST");
        RecordedHttpRequest request = http.Requests.Single();
        request.Uri.AbsolutePath.Should().Be("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Asym-access/invocations");
        request.Header("X-Amz-Invocation-Type").Should().Be("RequestResponse");
        request.BodyText.Should().Be("{\"a\":1}");
        request.Header("Authorization").Should().Contain("SignedHeaders=content-type;host;x-amz-date;x-amz-invocation-type;x-amz-security-token,");
    }

    [Fact]
    public async Task InvokeAsync_FunctionError_ReturnsErrorInsteadOfThrowing()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/**").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"errorMessage":"boom","errorType":"Exception"}""") };
            response.Headers.Add("X-Amz-Function-Error", "Unhandled");
            return response;
        });

        LambdaInvocationResult result = await AwsTestClients.Lambda(http, AwsTestClients.Clock()).InvokeAsync("fn", "{}"u8.ToArray());

        result.IsFunctionError.Should().BeTrue();
        result.FunctionError.Should().Be("Unhandled");
        result.PayloadText.Should().Contain("boom");
    }

    [Fact]
    public async Task InvokeEventAsync_Accepted_SendsEventInvocationType()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/**").Respond(HttpStatusCode.Accepted);

        await AwsTestClients.Lambda(http, AwsTestClients.Clock()).InvokeEventAsync("fn", "{}"u8.ToArray());

        http.Requests.Single().Header("X-Amz-Invocation-Type").Should().Be("Event");
    }

    [Fact]
    public async Task InvokeAsync_UnknownFunction_ThrowsNotFoundFromErrorTypeHeader()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/**").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{"Type":"User","message":"Function not found: arn:aws:lambda:eu-west-1:1:function:x"}""") };
            response.Headers.Add("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/");
            response.Headers.Add("x-amzn-RequestId", "rid-1");
            return response;
        });

        Func<Task> act = () => AwsTestClients.Lambda(http, AwsTestClients.Clock()).InvokeAsync("x", "{}"u8.ToArray());

        SymNotFoundException error = (await act.Should().ThrowAsync<SymNotFoundException>()).Which;
        error.ErrorCode.Should().Be(AwsErrorCodes.LambdaResourceNotFound);
        error.RequestId.Should().Be("rid-1");
        error.Message.Should().Contain("Function not found");
    }

    [Fact]
    public async Task InvokeEventAsync_PayloadOverOneMegabyte_ThrowsBeforeSending()
    {
        var http = new FakeHttpHandler();

        Func<Task> act = () => AwsTestClients.Lambda(http, AwsTestClients.Clock()).InvokeEventAsync("fn", new byte[(1024 * 1024) + 1]);

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(AwsErrorCodes.LambdaPayloadTooLarge);
        http.Requests.Should().BeEmpty();
    }
}
