using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>The engine's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Sym.Sdk</c>.</summary>
internal sealed class SymTelemetry
{
    public const string Name = "Sym.Sdk";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter SharedMeter = new(Name);

    public SymTelemetry(IMeterFactory? meterFactory)
    {
        Meter meter = meterFactory?.Create(Name) ?? SharedMeter;
        RunsStarted = meter.CreateCounter<long>("sym.runs.started", "{run}", "Requests that created a run.");
        Escalations = meter.CreateCounter<long>("sym.escalations", "{escalation}", "Successful escalations.");
        Deescalations = meter.CreateCounter<long>("sym.deescalations", "{deescalation}", "Successful deescalations.");
        Failures = meter.CreateCounter<long>("sym.failures", "{failure}", "Errors from hooks, reducers, strategies and integrations.");
        DeescalationLag = meter.CreateHistogram<double>("sym.deescalation.lag", "s", "Seconds between a grant's expiry and its deescalation.");
        SchedulerTicks = meter.CreateCounter<long>("sym.scheduler.ticks", "{tick}", "Scheduler ticks, by sym.outcome (succeeded, failed).");
        meter.CreateObservableGauge("sym.scheduler.progress.age", ObserveSchedulerProgress, "s",
            "Seconds since the scheduler last completed a tick (since it started, before the first): alert when it exceeds the stall timeout.");
    }

    private Func<TimeSpan?>? _schedulerProgressAge;

    public Counter<long> RunsStarted { get; }

    public Counter<long> Escalations { get; }

    public Counter<long> Deescalations { get; }

    public Counter<long> Failures { get; }

    public Histogram<double> DeescalationLag { get; }

    public Counter<long> SchedulerTicks { get; }

    /// <summary>Where <c>sym.scheduler.progress.age</c> reads from: the engine's scheduler, once it exists.</summary>
    public void ObserveSchedulerProgress(Func<TimeSpan?> progressAge) => _schedulerProgressAge = progressAge;

    private IEnumerable<Measurement<double>> ObserveSchedulerProgress() =>
        _schedulerProgressAge?.Invoke() is { } age ? [new Measurement<double>(age.TotalSeconds)] : [];

    public static Activity? StartStep(string step, string flow, string runId)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        Activity? activity = ActivitySource.StartActivity("sym." + step);
        activity?.SetTag("sym.flow", flow);
        activity?.SetTag("sym.run_id", runId);
        return activity;
    }
}
