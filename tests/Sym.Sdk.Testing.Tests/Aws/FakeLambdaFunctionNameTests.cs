using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Integrations.Aws.Lambda;
using Sym.Sdk.Testing.Aws;

namespace Sym.Sdk.Testing.Tests.Aws;

/// <summary>Lambda's FunctionName, as the real service reads it: a name, a full ARN or a partial ARN, with a qualifier or not.</summary>
public sealed class FakeLambdaFunctionNameTests
{
    private const string Arn = "arn:aws:lambda:us-west-2:123456789012:function:grant";

    [Theory]
    [InlineData("grant", "grant")]
    [InlineData("grant", Arn)]
    [InlineData("grant", "123456789012:function:grant")]
    [InlineData("grant", "grant:$LATEST")]
    [InlineData(Arn, "grant")]
    [InlineData(Arn, "123456789012:function:grant")]
    [InlineData(Arn, Arn + ":$LATEST")]
    [InlineData("grant:prod", "grant:prod")]
    [InlineData("grant:prod", Arn + ":prod")]
    public async Task InvokeAsync_RegisteredOneWayCalledAnother_FindsTheFunction(string registered, string called)
    {
        FakeAws aws = new FakeAws(new FakeTimeProvider()).AddLambdaFunction(registered, static _ => "{\"ok\":true}");

        LambdaInvocationResult result = await aws.Lambda.InvokeAsync(called, "{}"u8.ToArray());

        result.PayloadText.Should().Be("{\"ok\":true}");
        aws.LambdaInvocations.Should().ContainSingle().Which.FunctionName.Should().Be(called, "the call is recorded as the caller named it");
    }

    [Theory]
    [InlineData("grant", "revoke")]
    [InlineData("grant", "Grant")]
    [InlineData("grant:prod", "grant")]
    [InlineData("grant", "grant:prod")]
    [InlineData(Arn, "arn:aws:lambda:eu-west-1:123456789012:function:grant")]
    [InlineData(Arn, "999999999999:function:grant")]
    public async Task InvokeAsync_AnotherFunction_IsNotFound(string registered, string called)
    {
        FakeAws aws = new FakeAws(new FakeTimeProvider()).AddLambdaFunction(registered, static _ => "{}");

        Func<Task> act = () => aws.Lambda.InvokeAsync(called, "{}"u8.ToArray());

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(AwsErrorCodes.LambdaResourceNotFound);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("arn:aws:lambda:us-west-2:123:function:grant")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("grant:bad/qualifier")]
    public async Task InvokeAsync_NotAFunctionName_IsAValidationError(string called)
    {
        FakeAws aws = new FakeAws(new FakeTimeProvider()).AddLambdaFunction("grant", static _ => "{}");

        Func<Task> act = () => aws.Lambda.InvokeAsync(called, "{}"u8.ToArray());

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.Should().NotBeOfType<SymNotFoundException>();
        error.Message.Should().Contain("functionName");
    }
}
