using System.Text.Json;
using Sym.Sdk;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Aws;
using SymExamples.AwsLambdaSdk;

namespace SymExamples.Tests;

/// <summary>Sym's <c>aws_lambda_sdk</c> example, ported: on_request invokes a Lambda, after_request invokes it asynchronously.</summary>
public sealed class AwsLambdaSdkTests : IAsyncLifetime
{
    private const string LambdaArn = "arn:aws:lambda:us-east-1:123456789012:function:sym-hooks";
    private static readonly User Alice = FakeEvents.User("alice@example.com", slackId: "U0ALICE");
    private static readonly User Bob = FakeEvents.User("bob@example.com", slackId: "U0BOB");

    private readonly SymFlowHarnessBuilder _builder = SymFlowHarness.CreateBuilder();
    private readonly FakeAws _aws;
    private SymFlowHarness _harness = null!;

    public AwsLambdaSdkTests() => _aws = new FakeAws(_builder.Time);

    public Task InitializeAsync()
    {
        _aws.AddLambdaFunction(LambdaArn, payload => "{\"ok\":true}");
        _harness = _builder
            .AddFlow<AwsLambdaSdkFlow>(AwsLambdaSdkDefinition.Name, AwsLambdaSdkDefinition.Create(LambdaArn))
            .Use(_aws)
            .Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<HarnessRun> RequestAsync(User requester) =>
        _harness.RequestAsync(requester, fields: new Dictionary<string, object?> { ["resource"] = "billing", ["reason"] = "audit" });

    [Fact]
    public async Task Request_InvokesTheLambdaSynchronouslyThenAsynchronously_WithTheRequestersEmail()
    {
        HarnessRun run = await RequestAsync(Alice);

        run.AssertState(SymRunState.Pending).AssertNoErrors();
        _aws.LambdaInvocations.Should().HaveCount(2);
        FakeLambdaInvocation sync = _aws.LambdaInvocations[0];
        sync.InvocationType.Should().Be("RequestResponse");
        JsonDocument.Parse(sync.Payload).RootElement.GetProperty("event").GetString().Should().Be("on_request");
        JsonDocument.Parse(sync.Payload).RootElement.GetProperty("email").GetString().Should().Be("alice@example.com");
        FakeLambdaInvocation async = _aws.LambdaInvocations[1];
        async.InvocationType.Should().Be("Event");
        JsonDocument.Parse(async.Payload).RootElement.GetProperty("event").GetString().Should().Be("after_request");
        _harness.MessagesTo("#sym-requests").Should().ContainSingle();
    }

    [Fact]
    public async Task Approve_EndsTheApprovalOnlyRun()
    {
        HarnessRun run = await RequestAsync(Alice);

        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Approved);
    }

    [Fact]
    public async Task SelfApproval_IsAllowed()
    {
        HarnessRun run = await RequestAsync(Alice);

        await run.ApproveAsync(Alice);

        run.AssertState(SymRunState.Approved);
    }

    [Fact]
    public async Task LambdaMissing_FailsTheRequestHookLoudly_AndNothingIsAnnounced()
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder();
        await using SymFlowHarness harness = builder
            .AddFlow<AwsLambdaSdkFlow>(AwsLambdaSdkDefinition.Name, AwsLambdaSdkDefinition.Create(LambdaArn.Replace("sym-hooks", "gone", StringComparison.Ordinal)))
            .Use(new FakeAws(builder.Time))
            .Build();

        SymActionResult result = await harness.SubmitAsync(new AccessRequest
        {
            Flow = AwsLambdaSdkDefinition.Name,
            Requester = Alice,
            Fields = new Dictionary<string, JsonElement> { ["resource"] = JsonSerializer.SerializeToElement("billing"), ["reason"] = JsonSerializer.SerializeToElement("audit") },
        });

        result.Status.Should().NotBe(SymActionStatus.Applied);
        harness.MessagesTo("#sym-requests").Should().BeEmpty();
    }
}
