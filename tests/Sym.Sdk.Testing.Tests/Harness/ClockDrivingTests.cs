using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Tests;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Harness;

/// <summary>A strategy that waits on its clock inside each call, as strategies polling a vendor do.</summary>
public sealed class DelayStrategy(TimeProvider time) : AccessStrategy
{
    public static readonly TimeSpan EscalateDelay = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DeescalateDelay = TimeSpan.FromSeconds(2);

    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        await Task.Delay(EscalateDelay, time, cancellationToken);
        return StrategyOutput.Applied();
    }

    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        // Two timers in a row, the second set after the first fired: the step is driven through both.
        await Task.Delay(DeescalateDelay / 2, time, cancellationToken);
        await Task.Delay(DeescalateDelay / 2, time, cancellationToken);
        return StrategyOutput.Applied();
    }
}

/// <summary>A strategy that polls a change that never finishes.</summary>
public sealed class ForeverStrategy(TimeProvider time) : AccessStrategy
{
    public int Polls { get; private set; }

    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Polls++;
            await Task.Delay(TimeSpan.FromMinutes(1), time, cancellationToken);
        }
    }

    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        new(StrategyOutput.Applied());
}

/// <summary>A strategy that waits on a timer due at once, then on one due in a minute, set by hand.</summary>
public sealed class TimerStrategy(TimeProvider time) : AccessStrategy
{
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        await WaitAsync(TimeSpan.Zero);
        await WaitAsync(TimeSpan.FromMinutes(1));
        return StrategyOutput.Applied();
    }

    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        new(StrategyOutput.Applied());

    private async Task WaitAsync(TimeSpan due)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using ITimer timer = time.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), fired, due, Timeout.InfiniteTimeSpan);
        await fired.Task;
    }
}

public class ClockDrivingTests
{
    [Fact]
    public async Task ApproveAsync_StrategyWaitsOnHandMadeTimers_FiresEachAtItsDueTime()
    {
        await using SymFlowHarness harness = SymFlowHarness.Create<GrantFlow, TimerStrategy>(GrantFlow.Name, GrantFlow.Configure);
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");

        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Active);
        harness.Elapsed.Should().Be(TimeSpan.FromMinutes(1));
        harness.Timeline.Where(e => e.Actor == "clock").Select(e => e.Text).Should().Equal("clock +1m while escalating");
    }

    [Fact]
    public async Task ApproveAsync_StrategyDelaysOnTheClock_CompletesWithinTheStepAndTheClockMovesExactlyTheDelay()
    {
        await using SymFlowHarness harness = NewDelayHarness();
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");
        TimeSpan before = harness.Elapsed;

        SymActionResult result = await run.ApproveAsync(Bob);

        result.Run!.State.Should().Be(SymRunState.Active);
        (harness.Elapsed - before).Should().Be(DelayStrategy.EscalateDelay);
        harness.StrategyCalls.Should().ContainSingle().Which.Step.Should().Be("escalate");
        harness.Timeline.Should().ContainSingle(e => e.Actor == "clock" && e.Text == "clock +5s while escalating")
            .Which.Run.Should().Be("run-1");
    }

    [Fact]
    public async Task ApproveAsync_CancelledWhileTheStrategyWaits_IsCancelled()
    {
        await using SymFlowHarness harness = SymFlowHarness.Create<GrantFlow, ForeverStrategy>(GrantFlow.Name, GrantFlow.Configure,
            builder => builder.Services.AddSingleton<ForeverStrategy>());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        Func<Task> approving = () => run.ApproveAsync(Bob, cancellationToken: cancellation.Token);

        await approving.Should().ThrowAsync<OperationCanceledException>();
        harness.Elapsed.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task AdvanceAsync_DeescalationWaitsOnTwoTimers_FiresThemInTurnAndEndsTheRun()
    {
        await using SymFlowHarness harness = NewDelayHarness();
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");
        await run.ApproveAsync(Bob);

        await harness.AdvanceAsync(TimeSpan.FromHours(1));

        run.AssertState(SymRunState.Ended);
        harness.Timeline.Where(e => e.Text == "clock +1s while deescalating").Should().HaveCount(2);
        harness.Elapsed.Should().Be(DelayStrategy.EscalateDelay + TimeSpan.FromHours(1) + DelayStrategy.DeescalateDelay,
            "the deescalation was due an hour after the grant and took two virtual seconds");
    }

    [Fact]
    public async Task ReplayAsync_StrategyDelaysOnTheClock_IsDrivenToo()
    {
        await using SymFlowHarness harness = NewDelayHarness();
        Event escalate = FakeEvents.Load(TestPaths.Fixture("sym-events", "escalate-v4.json"));

        StrategyOutput? output = await harness.ReplayAsync(escalate);

        output.Should().NotBeNull();
        harness.Elapsed.Should().Be(DelayStrategy.EscalateDelay);
    }

    [Fact]
    public async Task ApproveAsync_StrategyWaitsForever_FailsAtTheCapWithSymHarnessException()
    {
        await using SymFlowHarness harness = SymFlowHarness.Create<GrantFlow, ForeverStrategy>(GrantFlow.Name, GrantFlow.Configure, builder =>
        {
            builder.Services.AddSingleton<ForeverStrategy>();
            builder.MaxClockAdvancePerStep = TimeSpan.FromMinutes(10);
        });
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");

        Func<Task> approving = () => run.ApproveAsync(Bob);

        SymHarnessException error = (await approving.Should().ThrowAsync<SymHarnessException>()).Which;
        error.Message.Should().Contain("still waiting on the virtual clock after 10m").And.Contain("MaxClockAdvancePerStep").And.Contain("bob@example.com approves");
        harness.Elapsed.Should().Be(TimeSpan.FromMinutes(10), "the clock stops at the cap, not past it");
        harness.Services.GetRequiredService<ForeverStrategy>().Polls.Should().Be(11);
    }

    [Fact]
    public void MaxClockAdvancePerStep_Default_IsOneDayAndMustBePositive()
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder();

        builder.MaxClockAdvancePerStep.Should().Be(TimeSpan.FromDays(1));
        builder.Invoking(b => b.MaxClockAdvancePerStep = TimeSpan.Zero).Should().Throw<ArgumentOutOfRangeException>();
        builder.MaxClockAdvancePerStep.Should().Be(TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task GetTranscript_SameStoryWithClockWaitsTwice_IsIdentical()
    {
        string first = await StoryAsync();
        string second = await StoryAsync();

        second.Should().Be(first);
        first.Should().Contain("clock +5s while escalating").And.Contain("clock +1s while deescalating");
    }

    [Fact]
    public async Task RequestAsync_ATimerSetOutsideTheStep_IsNotFiredByTheStep()
    {
        await using SymFlowHarness harness = NewDelayHarness();
        TimeProvider clock = harness.Services.GetRequiredService<TimeProvider>();
        bool fired = false;
        using ITimer timer = clock.CreateTimer(_ => fired = true, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);

        await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");

        fired.Should().BeFalse();
        harness.Elapsed.Should().Be(TimeSpan.Zero);
        harness.Timeline.Should().NotContain(e => e.Actor == "clock");
    }

    private static async Task<string> StoryAsync()
    {
        await using SymFlowHarness harness = NewDelayHarness();
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "incident 42");
        await run.ApproveAsync(Bob);
        await run.RevokeAsync(Bob, "done");
        return harness.GetTranscript();
    }

    private static SymFlowHarness NewDelayHarness() =>
        SymFlowHarness.Create<GrantFlow, DelayStrategy>(GrantFlow.Name, GrantFlow.Configure);
}
