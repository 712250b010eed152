using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Http;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Harness;

/// <summary>A seeded fault schedule over a whole harness run: the same seed gives the same faults and the same story.</summary>
public class FaultScheduleTests
{
    [Fact]
    public async Task FailRandomly_SameSeed_ReproducesTheSameFaultsAndTranscript()
    {
        (string transcript, IReadOnlyList<Sym.Sdk.Testing.Faults.FaultRecord> fired) first = await RunAsync(seed: 7);
        (string transcript, IReadOnlyList<Sym.Sdk.Testing.Faults.FaultRecord> fired) second = await RunAsync(seed: 7);

        first.fired.Should().NotBeEmpty("a 40% failure rate over the run's calls fires some faults");
        second.fired.Should().Equal(first.fired);
        second.transcript.Should().Be(first.transcript);
    }

    [Fact]
    public async Task FailRandomly_AnotherSeed_GivesAnotherSchedule()
    {
        (_, IReadOnlyList<Sym.Sdk.Testing.Faults.FaultRecord> seven) = await RunAsync(seed: 7);
        (_, IReadOnlyList<Sym.Sdk.Testing.Faults.FaultRecord> eight) = await RunAsync(seed: 8);

        eight.Should().NotEqual(seven);
    }

    [Fact]
    public async Task FailNext_OnTheStrategysApi_FailsTheEscalateAndTheTimelineShowsTheFault()
    {
        FakeHttpHandler http = GrantsApi();
        http.Faults.FailNext(1, "POST /grants");
        await using SymFlowHarness harness = NewHarness(http);
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "r");

        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Errored);
        TimelineEntry fault = harness.Faults.Should().ContainSingle().Subject;
        fault.Run.Should().Be("run-1");
        fault.Text.Should().StartWith("http: POST /grants -> injected fault (call #1)");
        harness.Errors.Should().ContainSingle().Which.Error.Code.Should().Be(Sym.Sdk.Testing.Faults.InjectedFaultException.Code);
    }

    /// <summary>Five stories, with a seeded 40% failure rate on the grants API; failed deescalates are retried by the engine.</summary>
    private static async Task<(string Transcript, IReadOnlyList<Sym.Sdk.Testing.Faults.FaultRecord> Fired)> RunAsync(int seed)
    {
        FakeHttpHandler http = GrantsApi();
        http.Faults.FailRandomly(0.4, seed);
        await using SymFlowHarness harness = NewHarness(http);
        for (int i = 0; i < 5; i++)
        {
            HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: $"story {i}");
            await run.ApproveAsync(Bob);
            await harness.AdvanceAsync(TimeSpan.FromHours(2));
        }

        return (harness.GetTranscript(), http.Faults.Fired);
    }
}
