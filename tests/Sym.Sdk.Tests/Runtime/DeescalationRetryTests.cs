using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

public sealed class DeescalationRetryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Deescalate_FailingKTimes_IsRetriedUntilSuccessRecordingEachFailureAndReportingOnTheFirstSecondFourth(int k)
    {
        using var h = EngineHarness.Create(sym: o =>
        {
            o.DeescalateRetryBaseDelay = TimeSpan.FromSeconds(10);
            o.DeescalateRetryMaxDelay = TimeSpan.FromMinutes(5);
        });
        SymRun run = await h.ActiveRunAsync();
        h.Strategy.FailDeescalates(k);

        await h.AdvanceAsync(TimeSpan.FromHours(1));
        for (int i = 0; i < k; i++)
        {
            SymRun retrying = await h.RunAsync(run.Id);
            retrying.State.Should().Be(SymRunState.Deescalating);
            retrying.DeescalateFailures.Should().Be(i + 1);
            (await h.Store.GetTimersAsync(run.Id)).Should().ContainSingle(t => t.Kind == SymTimerKind.DeescalateRetry);
            await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        }

        SymRun ended = await h.RunAsync(run.Id);
        ended.State.Should().Be(SymRunState.Ended);
        h.Strategy.CountOf("deescalate").Should().Be(k + 1);
        await h.DeliverAsync();
        // Reports are throttled: failures 1, 2, 4, 8, … are reported; every failure is on the run and in the audit log.
        int reported = Enumerable.Range(1, k).Count(static n => (n & (n - 1)) == 0);
        h.Errors.Should().HaveCount(reported);
        h.Errors.Should().AllSatisfy(e => e.Message.Should().NotContain("abcdefghijklmnop123"));
        ended.Errors.Should().HaveCount(k);
        (await h.AuditAsync(new() { RunId = run.Id, Step = "deescalate", Outcome = SymAuditOutcome.Failed })).Should().HaveCount(k);
        (await h.Store.GetTimersAsync(run.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Deescalate_FailingMoreTimesThanTheRunKeeps_BoundsErrorsAuditsEveryFailureAndThrottlesReports()
    {
        const int failures = 75;
        using var h = EngineHarness.Create(sym: o =>
        {
            o.DeescalateRetryBaseDelay = TimeSpan.FromSeconds(1);
            o.DeescalateRetryMaxDelay = TimeSpan.FromSeconds(2);
        });
        SymRun run = await h.ActiveRunAsync();
        h.Strategy.FailDeescalates(failures);

        await h.AdvanceAsync(TimeSpan.FromHours(1));
        for (int i = 1; i < failures; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromSeconds(3));
        }

        SymRun retrying = await h.RunAsync(run.Id);
        retrying.State.Should().Be(SymRunState.Deescalating);
        retrying.DeescalateFailures.Should().Be(failures);
        retrying.Errors.Should().HaveCount(50);
        retrying.DroppedErrorCount.Should().Be(failures - 50);
        retrying.Errors.Select(e => e.Timestamp).Should().BeInAscendingOrder();
        retrying.Errors[^1].Timestamp.Should().Be(h.Time.GetUtcNow(), "the latest failure is always kept");

        await h.AdvanceAsync(TimeSpan.FromSeconds(3));
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
        await h.DeliverAsync();
        h.Errors.Select(static e => e.Error!.Error.Timestamp).Should().BeInAscendingOrder();
        h.Errors.Should().HaveCount(Enumerable.Range(1, failures).Count(static n => (n & (n - 1)) == 0),
            "failures 1, 2, 4, 8, … are reported, not every one of them");
        (await h.AuditAsync(new() { RunId = run.Id, Step = "deescalate", Outcome = SymAuditOutcome.Failed })).Should().HaveCount(failures);
    }

    [Fact]
    public async Task Deescalate_RetryDelays_GrowExponentiallyWithJitterAndAreCapped()
    {
        using var h = EngineHarness.Create(sym: o =>
        {
            o.DeescalateRetryBaseDelay = TimeSpan.FromSeconds(10);
            o.DeescalateRetryMaxDelay = TimeSpan.FromSeconds(60);
        });
        SymRun run = await h.ActiveRunAsync();
        h.Strategy.FailDeescalates(6);
        await h.AdvanceAsync(TimeSpan.FromHours(1));

        var delays = new List<TimeSpan>();
        for (int i = 0; i < 6; i++)
        {
            SymTimer retry = (await h.Store.GetTimersAsync(run.Id)).Single(t => t.Kind == SymTimerKind.DeescalateRetry);
            delays.Add(retry.DueAt - h.Time.GetUtcNow());
            h.Time.Advance(retry.DueAt - h.Time.GetUtcNow());
            await h.Engine.ProcessDueTimersAsync();
        }

        double[] nominal = [10, 20, 40, 60, 60, 60];
        for (int i = 0; i < delays.Count; i++)
        {
            delays[i].TotalSeconds.Should().BeInRange(nominal[i] / 2, nominal[i], $"retry {i + 1} is between half and all of its nominal delay");
        }

        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
    }

    [Fact]
    public async Task Revoke_FailingDeescalate_IsRetriedByTheScheduler()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        h.Strategy.FailDeescalates(1);
        SymActionResult result = await h.Engine.RevokeAsync(run.Id, EngineHarness.Requester);
        result.Message.Should().Be("Revoking access failed; it is being retried.");
        result.Run!.State.Should().Be(SymRunState.Deescalating);
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
    }

    [Fact]
    public async Task Restart_NewEngineOverTheSameStore_FiresTheDueDeescalation()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();

        // A second host process: a new container, a new engine, the same store and clock.
        using var restarted = EngineHarness.Create(services: s =>
        {
            s.AddSingleton(h.Store);
            s.AddSingleton<TimeProvider>(h.Time);
        });
        restarted.Engine.Should().NotBeSameAs(h.Engine);
        h.Time.Advance(TimeSpan.FromHours(1));

        (await restarted.Engine.ProcessDueTimersAsync()).Should().Be(1);

        (await restarted.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
        restarted.Strategy.CountOf("deescalate").Should().Be(1);
        h.Strategy.CountOf("deescalate").Should().Be(0);
        (await h.Engine.ProcessDueTimersAsync()).Should().Be(0, "the timer fired once");
    }

    [Fact]
    public async Task Crash_DuringEscalation_StillDeescalatesAtExpiry()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();

        // Simulate a process that claimed the run for escalation and died: state Escalating, guard timer scheduled.
        await h.Store.TryUpdateRunAsync(run with { Version = run.Version + 1, State = SymRunState.Escalating }, run.Version);
        await h.Store.ScheduleTimerAsync(new SymTimer { RunId = run.Id, Kind = SymTimerKind.Deescalate, DueAt = h.Time.GetUtcNow() + run.Duration });

        await h.AdvanceAsync(run.Duration);
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
        h.Strategy.CountOf("deescalate").Should().Be(1);
    }
}
