using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using static Sym.Sdk.Runtime.Internal.SymTelemetryNames;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// The engine's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Sym.Sdk</c> (names in
/// <see cref="SymTelemetryNames"/>, documented in the package README). With an <see cref="IMeterFactory"/> (a host's),
/// each engine gets its own meter and instruments; without one, engines share one static set of counters, so building
/// many engines (tests) does not pile up instruments. Measurements carry the flow, never the run: run ids are on spans only.
/// </summary>
internal sealed class SymTelemetry
{
    public const string Name = Source;

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
        meter.CreateObservableGauge(SymTelemetryNames.Instruments.RunsAwaitingRevocation, () => _awaitingRevocation.Count, "{run}",
            "Runs whose access is being revoked after at least one failed deescalate (as known to this process).");
        meter.CreateObservableGauge(SymTelemetryNames.Instruments.SchedulerProgressAge, ObserveSchedulerProgress, "s",
            "Seconds since the scheduler last completed a tick (since it started, before the first): alert when it exceeds the stall timeout.");
    }

    private Func<TimeSpan?>? _schedulerProgressAge;

    public Counter<long> SchedulerTicks => _instruments.SchedulerTicks;

    /// <summary>How many runs this process knows to be awaiting revocation after a failed deescalate.</summary>
    public int AwaitingRevocation => _awaitingRevocation.Count;

    public void RunStarted(string flow) => _instruments.RunsStarted.Add(1, new KeyValuePair<string, object?>(Tags.Flow, flow));

    public void Escalated(string flow) => _instruments.Escalations.Add(1, new KeyValuePair<string, object?>(Tags.Flow, flow));

    public void Deescalated(string flow, string type) =>
        _instruments.Deescalations.Add(1, new KeyValuePair<string, object?>(Tags.Flow, flow), new KeyValuePair<string, object?>(Tags.DeescalateType, type));

    public void DeescalationLagged(string flow, double seconds) =>
        _instruments.DeescalationLag.Record(seconds, new KeyValuePair<string, object?>(Tags.Flow, flow));

    public void RunRepaired(string flow) => _instruments.RunsRepaired.Add(1, new KeyValuePair<string, object?>(Tags.Flow, flow));

    /// <summary>Counts a failure at <paramref name="step"/>; <paramref name="flow"/> is null where no run is involved (a timer or the outbox).</summary>
    public void Failed(string step, string? flow, string code, string source)
    {
        var tags = new TagList
        {
            { Tags.Step, step },
            { Tags.ErrorCode, code },
            { Tags.ErrorSource, source },
        };
        if (flow is not null)
        {
            tags.Add(Tags.Flow, flow);
        }

        _instruments.Failures.Add(1, tags);
    }

    public void NotificationFailed(SymNotificationKind kind, string? flow, string code) =>
        _instruments.NotificationsFailed.Add(1, NotificationTags(kind, flow, code));

    public void NotificationDropped(SymNotificationKind kind, string? flow, string code) =>
        _instruments.NotificationsDropped.Add(1, NotificationTags(kind, flow, code));

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

    /// <summary>Where <c>sym.scheduler.progress.age</c> reads from: the engine's scheduler, once it exists.</summary>
    public void ObserveSchedulerProgress(Func<TimeSpan?> progressAge) => _schedulerProgressAge = progressAge;

    private IEnumerable<Measurement<double>> ObserveSchedulerProgress() =>
        _schedulerProgressAge?.Invoke() is { } age ? [new Measurement<double>(age.TotalSeconds)] : [];

    /// <summary>Starts the span of a step (<paramref name="span"/>, one of <see cref="Spans"/>), when anyone listens.</summary>
    public static Activity? StartStep(string span, string flow, string runId)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        Activity? activity = ActivitySource.StartActivity(span);
        activity?.SetTag(Tags.Flow, flow);
        activity?.SetTag(Tags.RunId, runId);
        return activity;
    }

    /// <summary>
    /// Marks the current step's span failed: status <see cref="ActivityStatusCode.Error"/> with
    /// <paramref name="description"/>, the <c>sym.error.code</c> tag, and the exception (message and stack redacted) as an
    /// <c>exception</c> event. A span that is not the engine's (a host's request, say) is left alone.
    /// </summary>
    public static void MarkFailed(string code, string description, Exception? exception)
    {
        if (Activity.Current is not { } activity || !ReferenceEquals(activity.Source, ActivitySource))
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, description);
        activity.SetTag(Tags.ErrorCode, code);
        if (exception is not null)
        {
            activity.AddException(exception, new TagList
            {
                { "exception.type", exception.GetType().FullName },
                { "exception.message", SecretRedactor.Redact(exception.Message) },
                { "exception.stacktrace", SecretRedactor.Redact(exception.ToString()) },
            });
        }
    }

    private static TagList NotificationTags(SymNotificationKind kind, string? flow, string code)
    {
        var tags = new TagList { { Tags.Notification, kind.ToString() }, { Tags.ErrorCode, code } };
        if (flow is not null)
        {
            tags.Add(Tags.Flow, flow);
        }

        return tags;
    }

    private sealed class Instruments(Meter meter)
    {
        public Counter<long> RunsStarted { get; } =
            meter.CreateCounter<long>(SymTelemetryNames.Instruments.RunsStarted, "{run}", "Requests that created a run.");

        public Counter<long> Escalations { get; } =
            meter.CreateCounter<long>(SymTelemetryNames.Instruments.Escalations, "{escalation}", "Successful escalations.");

        public Counter<long> Deescalations { get; } =
            meter.CreateCounter<long>(SymTelemetryNames.Instruments.Deescalations, "{deescalation}", "Successful deescalations.");

        public Counter<long> Failures { get; } =
            meter.CreateCounter<long>(SymTelemetryNames.Instruments.Failures, "{failure}", "Errors from hooks, reducers, strategies, integrations and the engine.");

        public Histogram<double> DeescalationLag { get; } =
            meter.CreateHistogram<double>(SymTelemetryNames.Instruments.DeescalationLag, "s", "Seconds between a grant's expiry and its deescalation.");

        public Counter<long> RunsRepaired { get; } =
            meter.CreateCounter<long>(SymTelemetryNames.Instruments.RunsRepaired, "{run}", "Non-final runs found without the timer that moves them on, and repaired.");

        public Counter<long> NotificationsFailed { get; } =
            meter.CreateCounter<long>(SymTelemetryNames.Instruments.NotificationsFailed, "{message}", "Notification attempts that failed (transient ones are retried).");

        public Counter<long> SchedulerTicks { get; } =
            meter.CreateCounter<long>(SymTelemetryNames.Instruments.SchedulerTicks, "{tick}", "Scheduler ticks, by sym.outcome (succeeded, failed).");

        public Counter<long> NotificationsDropped { get; } =
            meter.CreateCounter<long>(SymTelemetryNames.Instruments.NotificationsUndeliverable, "{message}", "Notifications dropped because their destination cannot take them.");
    }
}
