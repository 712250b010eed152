using System.Text.Json.Nodes;
using Sym.Sdk.Integrations.Aws.Strategies;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Serialization;
using Sym.Sdk.Strategies;
using Sym.Sdk.Testing.Aws;

namespace Sym.Sdk.Integrations.Tests.Aws.Strategies;

public sealed class AwsLambdaStrategyTests
{
    private const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:sym-duo-access";
    private static readonly AccessTarget Function = StrategyEvents.Target("aws_lambda_function", ("arn", Arn));

    [Fact]
    public async Task EscalateAsync_FunctionSucceeds_SendsTheSymWireEventAndRecordsBody()
    {
        var aws = new FakeAws().AddLambdaFunction(Arn, _ => """{"body":{"granted":"duo-group"},"errors":[]}""");
        Event evt = StrategyEvents.For("escalate", Function);

        StrategyOutput? output = await new AwsLambdaStrategy(aws.Lambda).EscalateAsync(Function.Id, evt);

        output!.Data["body"].Should().Be("""{"granted":"duo-group"}""");
        FakeLambdaInvocation call = aws.LambdaInvocations.Single();
        call.InvocationType.Should().Be("RequestResponse");
        call.Payload.Should().Be(SymEventJson.Serialize(evt), "the function receives exactly Sym's wire format");

        // What a Lambda written against Sym's format reads back: the same event, field for field.
        Event received = SymEventJson.Parse(call.Payload);
        SymEventJson.Serialize(received).Should().Be(call.Payload);
        received.Name.Should().Be("escalate");
        received.Payload.Srn.Should().Be(Srn.Parse("sym:event-spec:approval:1.0.0:escalate"));
        received.Payload.User.Username.Should().Be("alice@example.com");
        received.Run.Actors["request"].Identities.Single().UserId.Should().Be("U0123456789");
        received.Payload.Fields.Target!.Settings["arn"].Should().Be(Arn);
        received.Payload.Fields.Target.Srn.Should().Be(Function.Srn);
        received.Payload.Fields["reason"].GetString().Should().Be("Fix ticket 123");
    }

    [Theory]
    [InlineData("escalate-v4.json", "escalate")]
    [InlineData("deescalate-v4.json", "deescalate")]
    public async Task Step_SymPlatformEventFixture_FunctionReceivesTheSameDocument(string fixture, string step)
    {
        // An event exactly as Sym's platform sends it: the strategy must hand the function that document, not a rewrite.
        string json = await File.ReadAllTextAsync(TestPaths.Fixture("sym-events", fixture));
        Event evt = SymEventJson.Parse(json);
        string arn = evt.Payload.Fields.Target!.Settings["arn"];
        var aws = new FakeAws().AddLambdaFunction(arn, _ => """{"body":{},"errors":[]}""");
        var strategy = new AwsLambdaStrategy(aws.Lambda);

        _ = step == "escalate"
            ? await strategy.EscalateAsync(evt.Payload.Fields.Target.Id, evt)
            : await strategy.DeescalateAsync(evt.Payload.Fields.Target.Id, evt);

        string sent = aws.LambdaInvocations.Single().Payload;
        JsonNode.DeepEquals(JsonNode.Parse(sent), JsonNode.Parse(json)).Should().BeTrue($"the function must receive the platform's document:\n{sent}");
    }

    [Fact]
    public async Task DeescalateAsync_FunctionReportsErrors_FailsWithThem()
    {
        var aws = new FakeAws().AddLambdaFunction(Arn, _ => """{"body":{},"errors":["user not in Duo","second problem"]}""");

        Func<Task> act = async () => await new AwsLambdaStrategy(aws.Lambda).DeescalateAsync(Function.Id, StrategyEvents.For("deescalate", Function));

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(AwsErrorCodes.LambdaDeescalateFailed);
        error.Message.Should().Contain("user not in Duo; second problem");
    }

    [Fact]
    public async Task EscalateAsync_FunctionThrows_FailsWithFunctionError()
    {
        var aws = new FakeAws().AddLambdaFunction(Arn, string (_) => throw new InvalidOperationException("Duo is down"));

        Func<Task> act = async () => await new AwsLambdaStrategy(aws.Lambda).EscalateAsync(Function.Id, StrategyEvents.For("escalate", Function));

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(AwsErrorCodes.LambdaFunctionError);
        error.Message.Should().Contain("Unhandled").And.Contain("InvalidOperationException").And.Contain("Duo is down");
    }

    [Fact]
    public async Task EscalateAsync_FunctionReturnsNotJson_FailsWithEscalateFailed()
    {
        var aws = new FakeAws().AddLambdaFunction(Arn, _ => "OK");

        Func<Task> act = async () => await new AwsLambdaStrategy(aws.Lambda).EscalateAsync(Function.Id, StrategyEvents.For("escalate", Function));

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(AwsErrorCodes.LambdaEscalateFailed);
    }

    [Fact]
    public async Task EscalateAsync_UnknownFunction_FailsWithResourceNotFound()
    {
        var aws = new FakeAws();

        Func<Task> act = async () => await new AwsLambdaStrategy(aws.Lambda).EscalateAsync(Function.Id, StrategyEvents.For("escalate", Function));

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(AwsErrorCodes.LambdaResourceNotFound);
    }
}
