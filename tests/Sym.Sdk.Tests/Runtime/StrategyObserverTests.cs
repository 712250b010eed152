using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>The engine's internal seam that lets Sym.Sdk.Testing record strategy calls with their events.</summary>
public sealed class StrategyObserverTests
{
    [Fact]
    public async Task StrategyObserver_AFullLifecycle_SeesEachCallWithItsEventAndOutcome()
    {
        using var harness = EngineHarness.Create();
        var observer = new Observer();
        harness.Engine.StrategyObserver = observer;

        SymRun run = await harness.ActiveRunAsync();
        await harness.AdvanceAsync(TimeSpan.FromHours(1));

        observer.Calls.Select(c => (c.RunId, c.Step, c.TargetId)).Should().Equal((run.Id, "escalate", "prod"), (run.Id, "deescalate", "prod"));
        observer.Calls[0].Event.Should().BeSameAs(harness.Strategy.Calls.First().Event);
        observer.Calls.Should().OnlyContain(c => c.Returned && c.Error == null);
    }

    [Fact]
    public async Task StrategyObserver_StrategyThrows_SeesTheExceptionAndTheEngineStillHandlesIt()
    {
        using var harness = EngineHarness.Create();
        var observer = new Observer();
        harness.Engine.StrategyObserver = observer;
        harness.Strategy.FailEscalates(1);
        SymRun pending = await harness.RequestAsync();

        SymActionResult approved = await harness.Engine.ApproveAsync(pending.Id, EngineHarness.Approver);

        approved.Run!.State.Should().Be(SymRunState.Errored);
        observer.Calls[0].Error.Should().BeOfType<SymException>();
        observer.Calls[1].Step.Should().Be("deescalate");
    }

    private sealed class Observer : IStrategyCallObserver
    {
        public List<Call> Calls { get; } = [];

        public object? OnCalling(string runId, string step, string targetId, Event evt)
        {
            var call = new Call(runId, step, targetId, evt);
            Calls.Add(call);
            return call;
        }

        public void OnReturned(object? call, StrategyOutput? output, Exception? error)
        {
            var c = (Call)call!;
            c.Returned = true;
            c.Error = error;
        }
    }

    private sealed class Call(string runId, string step, string targetId, Event evt)
    {
        public string RunId { get; } = runId;

        public string Step { get; } = step;

        public string TargetId { get; } = targetId;

        public Event Event { get; } = evt;

        public bool Returned { get; set; }

        public Exception? Error { get; set; }
    }
}
