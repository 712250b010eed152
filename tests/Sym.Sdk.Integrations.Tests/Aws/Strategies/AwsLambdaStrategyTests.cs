using System.Text.Json;
using Sym.Sdk.Integrations.Aws.Strategies;
using Sym.Sdk.Integrations.Aws.Strategies.Internal;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing.Aws;

namespace Sym.Sdk.Integrations.Tests.Aws.Strategies;

public sealed class AwsLambdaStrategyTests
{
    private const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:sym-duo-access";
    private static readonly AccessTarget Function = StrategyEvents.Target("aws_lambda_function", ("arn", Arn));

    [Fact]
    public async Task EscalateAsync_FunctionSucceeds_SendsWireEventAndRecordsBody()
    {
        var aws = new FakeAws().AddLambdaFunction(Arn, _ => """{"body":{"granted":"duo-group"},"errors":[]}""");

        StrategyOutput? output = await new AwsLambdaStrategy(aws.Lambda).EscalateAsync(Function.Id, StrategyEvents.For("escalate", Function));

        output!.Data["body"].Should().Be("""{"granted":"duo-group"}""");
        FakeLambdaInvocation call = aws.LambdaInvocations.Single();
        call.InvocationType.Should().Be("RequestResponse");
        using JsonDocument sent = JsonDocument.Parse(call.Payload);
        JsonElement root = sent.RootElement;
        root.GetProperty("type").GetString().Should().Be("event");
        root.GetProperty("event").GetProperty("type").GetString().Should().Be("escalate");
        root.GetProperty("event").GetProperty("srn").GetString().Should().Be("sym:event-spec:approval:1.0.0:escalate");
        root.GetProperty("actor").GetProperty("username").GetString().Should().Be("alice@example.com");
        root.GetProperty("run").GetProperty("actors").GetProperty("request").GetProperty("identity").GetProperty("user_id").GetString().Should().Be("U0123456789");
        root.GetProperty("fields").GetProperty("reason").GetString().Should().Be("Fix ticket 123");
        root.GetProperty("fields").GetProperty("target").GetProperty("settings").GetProperty("arn").GetString().Should().Be(Arn);
        root.GetProperty("fields").GetProperty("target_id").GetString().Should().Be("e6a92881-cb49-4580-bb17-56c581a596a2");
        root.GetProperty("meta").GetProperty("schema_version").GetInt32().Should().Be(4);
    }

    [Fact]
    public async Task DeescalateAsync_FunctionReportsErrors_FailsWithThem()
    {
        var aws = new FakeAws().AddLambdaFunction(Arn, _ => """{"body":{},"errors":["user not in Duo","second problem"]}""");

        Func<Task> act = async () => await new AwsLambdaStrategy(aws.Lambda).DeescalateAsync(Function.Id, StrategyEvents.For("deescalate", Function));

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be("AWSLambda:DEESCALATE_FAILED");
        error.Message.Should().Contain("user not in Duo; second problem");
    }

    [Fact]
    public async Task EscalateAsync_FunctionThrows_FailsWithFunctionError()
    {
        var aws = new FakeAws().AddLambdaFunction(Arn, string (_) => throw new InvalidOperationException("Duo is down"));

        Func<Task> act = async () => await new AwsLambdaStrategy(aws.Lambda).EscalateAsync(Function.Id, StrategyEvents.For("escalate", Function));

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be("AWSLambda:FUNCTION_ERROR");
        error.Message.Should().Contain("Unhandled").And.Contain("InvalidOperationException").And.Contain("Duo is down");
    }

    [Fact]
    public async Task EscalateAsync_FunctionReturnsNotJson_FailsWithEscalateFailed()
    {
        var aws = new FakeAws().AddLambdaFunction(Arn, _ => "OK");

        Func<Task> act = async () => await new AwsLambdaStrategy(aws.Lambda).EscalateAsync(Function.Id, StrategyEvents.For("escalate", Function));

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be("AWSLambda:ESCALATE_FAILED");
    }

    [Fact]
    public async Task EscalateAsync_UnknownFunction_FailsWithResourceNotFound()
    {
        var aws = new FakeAws();

        Func<Task> act = async () => await new AwsLambdaStrategy(aws.Lambda).EscalateAsync(Function.Id, StrategyEvents.For("escalate", Function));

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be("AWSLambda:RESOURCE_NOT_FOUND");
    }

    [Fact]
    public async Task EscalateAsync_WireWriterSeam_IsWhatTheFunctionReceives()
    {
        var aws = new FakeAws().AddLambdaFunction(Arn, _ => """{"body":null,"errors":[]}""");
        var strategy = new AwsLambdaStrategy(aws.Lambda, new FixedWire("""{"custom":true}"""));

        StrategyOutput? output = await strategy.EscalateAsync(Function.Id, StrategyEvents.For("escalate", Function));

        aws.LambdaInvocations.Single().Payload.Should().Be("""{"custom":true}""");
        output!.Data.Should().BeEmpty();
    }

    private sealed class FixedWire(string json) : ISymEventWireWriter
    {
        public byte[] Serialize(Event evt) => System.Text.Encoding.UTF8.GetBytes(json);
    }
}
