using Sym.Sdk.Integrations.Aws.Strategies;
using Sym.Sdk.Serialization;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Aws;

namespace Sym.Sdk.Integrations.Tests.Aws.Strategies;

/// <summary>
/// Overlapping runs of one requester for one target of a Lambda flow, on the engine with FakeAws: the function is asked to
/// deescalate once, for the run that ends last.
/// </summary>
public sealed class AwsLambdaStrategyOverlapTests
{
    private const string Function = "arn:aws:lambda:us-east-1:111122223333:function:grant-prod";

    [Theory]
    [MemberData(nameof(OverlappingRuns.Durations), MemberType = typeof(OverlappingRuns))]
    public async Task Deescalate_TwoActiveRunsOfOneRequesterAndTarget_InvokesTheDeescalateOnceForTheLastRun(int firstSeconds, int secondSeconds)
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder();
        var aws = new FakeAws(builder.Time);
        var holders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        aws.AddLambdaFunction(Function, payload =>
        {
            // What a function written for Sym does: grant on escalate, revoke on deescalate, for the event's requester.
            Event evt = SymEventJson.Parse(payload);
            _ = evt.Name == "escalate" ? holders.Add(evt.Run!.Actors["request"].Username) : holders.Remove(evt.Run!.Actors["request"].Username);
            return """{"body": {}, "errors": []}""";
        });
        builder.AddFlow<OverlapFlow, AwsLambdaStrategy>(OverlappingRuns.Flow,
            OverlappingRuns.Definition(new Dictionary<string, string> { [AwsLambdaStrategy.ArnSetting] = Function }));
        await using SymFlowHarness harness = builder.Use(aws).Build();

        (_, HarnessRun endsLast) = await OverlappingRuns.PlayAsync(harness, firstSeconds, secondSeconds, () => holders.Contains("alice@example.com"));

        List<Event> invoked = [.. aws.LambdaInvocations.Select(static i => SymEventJson.Parse(i.Payload))];
        invoked.Select(static e => e.Name).Should().Equal("escalate", "escalate", "deescalate");
        invoked[^1].Fields.Reason.Should().Be(endsLast.Current.Fields.Reason, "the run that ended last asked for the deescalate");
    }
}
