using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Tests.Runtime;

public sealed class SchedulerProgressTests
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromMinutes(2);

    private sealed class Fixture : IDisposable
    {
        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

        public CapturingLoggerFactory Logs { get; } = new();

        public TestMeterFactory Meters { get; } = new();

        public SchedulerProgress Progress { get; }

        public Fixture() => Progress = new SchedulerProgress(Time, StallTimeout, Logs, new SymTelemetry(Meters));

        public List<(LogLevel Level, EventId Id, string Message)> Errors => Logs.Entries.Where(e => e.Level == LogLevel.Error).ToList();

        public void Dispose() => Meters.Dispose();
    }

    [Fact]
    public void IsStalled_BeforeTheLoopStarts_IsFalseHoweverLong()
    {
        using var f = new Fixture();

        f.Time.Advance(TimeSpan.FromDays(1));

        f.Progress.IsStalled.Should().BeFalse();
    }

    [Fact]
    public void IsStalled_NoTickCompletesAfterTheStart_CountsFromTheStart()
    {
        using var f = new Fixture();
        f.Progress.Start();

        f.Time.Advance(StallTimeout);
        f.Progress.IsStalled.Should().BeFalse("exactly the timeout is still within it");
        f.Time.Advance(TimeSpan.FromSeconds(1));

        f.Progress.IsStalled.Should().BeTrue("a hung first tick never reports, but the time since the start says enough");
    }

    [Fact]
    public void TickFailed_UntilPastTheTimeout_LogsOneStallErrorAndTheSuccessAfterLogsTheRecovery()
    {
        using var f = new Fixture();
        f.Progress.Start();
        f.Progress.TickSucceeded();

        for (int i = 0; i < 5; i++)
        {
            f.Time.Advance(TimeSpan.FromMinutes(1));
            f.Progress.TickFailed("Storage:IO_ERROR disk I/O error");
        }

        f.Progress.IsStalled.Should().BeTrue();
        f.Progress.ConsecutiveFailures.Should().Be(5);
        (LogLevel _, EventId id, string message) = f.Errors.Should().ContainSingle("a stall is reported once, not on every failed tick").Subject;
        id.Id.Should().Be(10);
        message.Should().Contain("00:03:00").And.Contain("3 failed in a row").And.Contain("revocations").And.Contain("Storage:IO_ERROR");

        f.Progress.TickSucceeded();

        f.Progress.IsStalled.Should().BeFalse();
        f.Progress.ConsecutiveFailures.Should().Be(0);
        f.Logs.Entries.Should().ContainSingle(e => e.Id.Id == 11 && e.Level == LogLevel.Information);
    }

    [Fact]
    public void TickFailed_WithinTheTimeout_LogsNoStall()
    {
        using var f = new Fixture();
        f.Progress.Start();

        f.Time.Advance(TimeSpan.FromSeconds(30));
        f.Progress.TickFailed("busy");

        f.Progress.IsStalled.Should().BeFalse();
        f.Errors.Should().BeEmpty();
    }

    [Fact]
    public void Metrics_CountTicksByOutcomeAndObserveTheTimeSinceProgress()
    {
        using var f = new Fixture();
        var ticks = new List<(long Value, string Outcome)>();
        var ages = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (f.Meters.Meters.Contains(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) =>
        {
            if (i.Name == "sym.scheduler.ticks")
            {
                ticks.Add((v, (string)tags.ToArray().Single(t => t.Key == "sym.outcome").Value!));
            }
        });
        listener.SetMeasurementEventCallback<double>((i, v, _, _) =>
        {
            if (i.Name == "sym.scheduler.progress.age")
            {
                ages.Add(v);
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();
        f.Progress.Start();
        f.Progress.TickSucceeded();
        f.Time.Advance(TimeSpan.FromSeconds(90));
        f.Progress.TickFailed("x");
        listener.RecordObservableInstruments();

        ticks.Should().Equal((1, "succeeded"), (1, "failed"));
        ages.Should().Equal([90.0], "nothing is observed before the loop starts");
    }

    [Fact]
    public async Task SymScheduler_RunAsyncOverAStoreThatCannotClaim_IsStalledAndLogsItOnce()
    {
        var logs = new CapturingLoggerFactory();
        using var h = EngineHarness.Create(
            sym: o => o.SchedulerStallTimeout = TimeSpan.FromSeconds(30),
            services: s =>
            {
                s.AddSingleton<ILoggerFactory>(logs);
                s.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
                s.AddSingleton<ISymStore>(new FlakyStore { FailTimerClaims = true });
            });
        var scheduler = h.Services.GetRequiredService<SymScheduler>();
        using var cts = new CancellationTokenSource();
        Task loop = scheduler.RunAsync(cts.Token);

        h.Time.Advance(TimeSpan.FromSeconds(31));
        for (int i = 0; i < 1000 && !logs.Entries.ToArray().Any(e => e.Id.Id == 10); i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System);
        }

        await cts.CancelAsync();
        await loop;
        scheduler.IsStalled.Should().BeTrue();
        scheduler.LastSuccessfulTickAt.Should().BeNull();
        logs.Entries.ToArray().Should().ContainSingle(e => e.Id.Id == 10).Which.Level.Should().Be(LogLevel.Error);
    }
}
