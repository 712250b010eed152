using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// The engine's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Sym.Sdk</c>. With an
/// <see cref="IMeterFactory"/> (a host's), each engine gets its own meter and instruments; without one, engines share one
/// static set of counters, so building many engines (tests) does not pile up instruments.
/// </summary>
internal sealed class SymTelemetry
{
    public const string Name = "Sym.Sdk";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Lazy<Instruments> Shared = new(static () => new Instruments(new Meter(Name)));

    private readonly ConcurrentDictionary<string, byte> _awaitingRevocation = new(StringComparer.Ordinal);
    private readonly Instruments _instruments;

    public SymTelemetry(IMeterFactory? meterFactory)
    {
        if (meterFactory is null)
        {
            _instruments = Shared.Value;
            return;
        }

        Meter meter = meterFactory.Create(Name);
        _instruments = new Instruments(meter);
        meter.CreateObservableGauge("sym.runs.awaiting_revocation", () => _awaitingRevocation.Count, "{run}",
            "Runs whose access is being revoked after at least one failed deescalate (as known to this process).");
        meter.CreateObservableGauge("sym.scheduler.progress.age", ObserveSchedulerProgress, "s",
            "Seconds since the scheduler last completed a tick (since it started, before the first): alert when it exceeds the stall timeout.");
    }

    private Func<TimeSpan?>? _schedulerProgressAge;

    public Counter<long> RunsStarted => _instruments.RunsStarted;

    public Counter<long> Escalations => _instruments.Escalations;

    public Counter<long> Deescalations => _instruments.Deescalations;

    public Counter<long> Failures => _instruments.Failures;

    public Histogram<double> DeescalationLag => _instruments.DeescalationLag;

    public Counter<long> RunsRepaired => _instruments.RunsRepaired;

    public Counter<long> NotificationsFailed => _instruments.NotificationsFailed;

    public Counter<long> NotificationsDropped => _instruments.NotificationsDropped;

    /// <summary>How many runs this process knows to be awaiting revocation after a failed deescalate.</summary>
    public int AwaitingRevocation => _awaitingRevocation.Count;

    public void MarkAwaitingRevocation(string runId, bool awaiting)
    {
        if (awaiting)
        {
            _awaitingRevocation.TryAdd(runId, 0);
        }
        else
        {
            _awaitingRevocation.TryRemove(runId, out _);
        }
    }

    public Counter<long> SchedulerTicks => _instruments.SchedulerTicks;

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

    private sealed class Instruments(Meter meter)
    {
        public Counter<long> RunsStarted { get; } = meter.CreateCounter<long>("sym.runs.started", "{run}", "Requests that created a run.");

        public Counter<long> Escalations { get; } = meter.CreateCounter<long>("sym.escalations", "{escalation}", "Successful escalations.");

        public Counter<long> Deescalations { get; } = meter.CreateCounter<long>("sym.deescalations", "{deescalation}", "Successful deescalations.");

        public Counter<long> Failures { get; } = meter.CreateCounter<long>("sym.failures", "{failure}", "Errors from hooks, reducers, strategies and integrations.");

        public Histogram<double> DeescalationLag { get; } =
            meter.CreateHistogram<double>("sym.deescalation.lag", "s", "Seconds between a grant's expiry and its deescalation.");

        public Counter<long> RunsRepaired { get; } =
            meter.CreateCounter<long>("sym.runs.repaired", "{run}", "Non-final runs found without the timer that moves them on, and repaired.");

        public Counter<long> NotificationsFailed { get; } =
            meter.CreateCounter<long>("sym.notifications.failed", "{message}", "Notification attempts that failed (transient ones are retried).");

        public Counter<long> SchedulerTicks { get; } = meter.CreateCounter<long>("sym.scheduler.ticks", "{tick}", "Scheduler ticks, by sym.outcome (succeeded, failed).");

        public Counter<long> NotificationsDropped { get; } =
            meter.CreateCounter<long>("sym.notifications.undeliverable", "{message}", "Notifications dropped because their destination cannot take them.");
    }
}
