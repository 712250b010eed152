using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Metrics_CountRunsEscalationsDeescalationsFailuresAndLag()
    {
        using var factory = new TestMeterFactory();
        using var h = EngineHarness.Create(services: s => s.AddSingleton<IMeterFactory>(factory));
        var measurements = new List<(string Name, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (factory.Meters.Contains(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => { lock (measurements) { measurements.Add((i.Name, v)); } });
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => { lock (measurements) { measurements.Add((i.Name, v)); } });
        listener.Start();

        SymRun run = await h.ActiveRunAsync();
        h.Strategy.FailDeescalates(1);
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Engine.ProcessDueTimersAsync();
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));

        factory.Meters.Should().ContainSingle().Which.Name.Should().Be("Sym.Sdk");
        measurements.Where(m => m.Name == "sym.runs.started").Sum(m => m.Value).Should().Be(1);
        measurements.Where(m => m.Name == "sym.escalations").Sum(m => m.Value).Should().Be(1);
        measurements.Where(m => m.Name == "sym.deescalations").Sum(m => m.Value).Should().Be(1);
        measurements.Where(m => m.Name == "sym.failures").Sum(m => m.Value).Should().Be(1);
        double lag = measurements.Single(m => m.Name == "sym.deescalation.lag").Value;
        lag.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(10, "the retry came at most 10 seconds after expiry");
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
    }

    [Fact]
    public async Task Activities_AreStartedPerStepOnTheSymSdkSource()
    {
        var names = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Sym.Sdk",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (names) { names.Add(a.OperationName); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        lock (names)
        {
            names.Should().Contain(["sym.request", "sym.approve", "sym.escalate"]);
        }

        run.Id.Should().NotBeEmpty();
    }
}
