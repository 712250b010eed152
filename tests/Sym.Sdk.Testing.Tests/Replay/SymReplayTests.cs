using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;
using Sym.Sdk.Testing.Tests.Harness;
using Sym.Sdk.Tests;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Replay;

public class SymReplayTests
{
    private static string Fixture(string name) => File.ReadAllText(TestPaths.Fixture("sym-events", name));

    [Fact]
    public async Task ReplayAsync_RecordedEscalate_CallsEscalateWithExactlyThatEvent()
    {
        var strategy = new RecordingStrategy();
        Event evt = FakeEvents.Parse(Fixture("escalate-v4.json"));

        StrategyOutput? output = await SymReplay.ReplayAsync(strategy, evt);

        output.Should().BeSameAs(RecordingStrategy.Output);
        (string step, string targetId, Event received) = strategy.Calls.Should().ContainSingle().Subject;
        step.Should().Be("escalate");
        targetId.Should().Be("e6a92881-cb49-4580-bb17-56c581a596a2");
        received.Should().BeSameAs(evt);
    }

    [Fact]
    public async Task ReplayJsonAsync_RecordedDeescalate_CallsDeescalate()
    {
        var strategy = new RecordingStrategy();

        await SymReplay.ReplayJsonAsync(strategy, Fixture("deescalate-v4.json"));

        (string step, string targetId, Event received) = strategy.Calls.Should().ContainSingle().Subject;
        step.Should().Be("deescalate");
        targetId.Should().Be(received.Fields.TargetId);
        received.User.Username.Should().Be("sym-user@healthy-health.co");
    }

    [Fact]
    public async Task ReplayAsync_AnApproveEvent_ThrowsAndCallsNothing()
    {
        var strategy = new RecordingStrategy();

        Func<Task> act = () => SymReplay.ReplayAsync(strategy, FakeEvents.Event("approve").Build());

        await act.Should().ThrowAsync<SymHarnessException>().WithMessage("Only escalate and deescalate events reach a strategy; this event is 'approve'.");
        strategy.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task ReplayAsync_NoTarget_Throws()
    {
        Func<Task> act = () => SymReplay.ReplayAsync(new RecordingStrategy(), FakeEvents.Event("escalate").Build());

        await act.Should().ThrowAsync<SymHarnessException>().WithMessage("*has no target_id*");
    }

    [Fact]
    public async Task ReplayJsonAsync_NotJson_ThrowsInvalidEvent()
    {
        Func<Task> act = () => SymReplay.ReplayJsonAsync(new RecordingStrategy(), "not json");

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SymErrorCodes.InvalidEvent);
    }

    [Fact]
    public async Task HarnessReplayAsync_RecordedEscalate_GoesThroughTheFlowsStrategyWithItsFakes()
    {
        var http = GrantsApi();
        await using SymFlowHarness harness = NewHarness(http);
        Event evt = FakeEvents.Parse(Fixture("escalate-v4.json"));

        StrategyOutput? output = await harness.ReplayAsync(evt);

        output.Should().NotBeNull();
        StrategyCall call = harness.StrategyCalls.Should().ContainSingle().Subject;
        call.Event.Should().BeSameAs(evt);
        call.RunId.Should().BeNull();
        call.TargetId.Should().Be("e6a92881-cb49-4580-bb17-56c581a596a2");
        http.Requests.Should().ContainSingle().Which.Uri.AbsolutePath.Should().Be("/grants");
        harness.GetTranscript().Should().Contain("replay escalate event d2d7cfae-5130-4f65-ad7b-e5c5d140b50b");
    }

    [Fact]
    public async Task HarnessReplayAsync_StrategyThrows_RecordsTheFailureAndRethrows()
    {
        var http = GrantsApi();
        http.Faults.FailNext(1);
        await using SymFlowHarness harness = NewHarness(http);

        Func<Task> act = () => harness.ReplayAsync(FakeEvents.Parse(Fixture("deescalate-v4.json")));

        await act.Should().ThrowAsync<Sym.Sdk.Testing.Faults.InjectedFaultException>();
        harness.StrategyCalls.Should().ContainSingle().Which.Succeeded.Should().BeFalse();
    }

    [Fact]
    public async Task ReplayTimelineAsync_RequestApproveRevoke_DrivesTheWholeFlowOnRecordedTimes()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        AccessTarget prod = FakeEvents.Target("prod");
        DateTimeOffset t0 = harness.StartedAt;
        Event[] timeline =
        [
            FakeEvents.Event("request").By(Alice).For(prod).WithReason("incident 7").WithDuration(TimeSpan.FromHours(1)).At(t0).Build(),
            FakeEvents.Event("approve").By(Bob).RequestedBy(Alice).For(prod).At(t0.AddMinutes(5)).Build(),
            FakeEvents.Event("escalate").By(Bob).RequestedBy(Alice).For(prod).At(t0.AddMinutes(5)).Build(),
            FakeEvents.Event("deescalate").By(Alice).For(prod).WithField("deescalate_type", "revoke").At(t0.AddMinutes(20)).Build(),
        ];

        HarnessRun run = await harness.ReplayTimelineAsync(timeline);

        run.AssertState(SymRunState.Ended);
        run.StrategyCalls.Select(c => (c.Step, c.Elapsed, c.DeescalateType)).Should().Equal(
            ("escalate", TimeSpan.FromMinutes(5), null), ("deescalate", TimeSpan.FromMinutes(20), "revoke"));
        run.Current.Fields.Reason.Should().Be("incident 7");
    }

    [Fact]
    public async Task ReplayTimelineAsync_ScheduledDeescalate_HappensOnItsOwnWhenTheClockGetsThere()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        AccessTarget prod = FakeEvents.Target("prod");
        DateTimeOffset t0 = harness.StartedAt;
        Event[] timeline =
        [
            FakeEvents.Event("request").By(Alice).For(prod).WithReason("r").WithDuration(TimeSpan.FromHours(1)).At(t0).Build(),
            FakeEvents.Event("approve").By(Bob).RequestedBy(Alice).For(prod).At(t0.AddMinutes(1)).Build(),
            FakeEvents.Event("deescalate").By(Alice).For(prod).WithField("deescalate_type", "scheduled").At(t0.AddMinutes(61)).Build(),
        ];

        HarnessRun run = await harness.ReplayTimelineAsync(timeline);

        run.AssertState(SymRunState.Ended);
        run.StrategyCalls[^1].DeescalateType.Should().Be("scheduled");
        run.StrategyCalls[^1].Elapsed.Should().Be(TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task ReplayTimelineAsync_StartsWithoutARequest_Throws()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());

        Func<Task> act = () => harness.ReplayTimelineAsync([FakeEvents.Event("approve").By(Bob).Build()]);

        await act.Should().ThrowAsync<SymHarnessException>().WithMessage("A replayed timeline must start with a request event; got 'approve' first.");
    }

    [Fact]
    public async Task ReplayTimelineAsync_Empty_Throws()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());

        Func<Task> act = () => harness.ReplayTimelineAsync([]);

        await act.Should().ThrowAsync<SymHarnessException>().WithMessage("The timeline holds no request event.");
    }

    private sealed class RecordingStrategy : AccessStrategy
    {
        public static readonly StrategyOutput Output = StrategyOutput.Applied(new Dictionary<string, string> { ["grant"] = "g-1" });

        public List<(string Step, string TargetId, Event Event)> Calls { get; } = [];

        public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

        public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
        {
            Calls.Add(("escalate", targetId, evt));
            return new(Output);
        }

        public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
        {
            Calls.Add(("deescalate", targetId, evt));
            return new(StrategyOutput.AlreadyRevoked());
        }
    }
}
