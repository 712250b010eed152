using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// Whether a scheduler loop is getting anywhere: when it started, when a tick last succeeded, how many failed since. A
/// loop that goes longer than the stall timeout without a successful tick is stalled: due timers (revocations among
/// them) are not firing. The first failed tick past the timeout logs an error, once per stall; the next success logs the
/// recovery. Every tick is counted (<c>sym.scheduler.ticks</c>), and the time since the last progress is observable
/// (<c>sym.scheduler.progress.age</c>), so a hung tick shows as well as a failing one.
/// </summary>
internal sealed class SchedulerProgress
{
    private static readonly KeyValuePair<string, object?> Succeeded = new(SymTelemetryNames.Tags.Outcome, "succeeded");
    private static readonly KeyValuePair<string, object?> Failed = new(SymTelemetryNames.Tags.Outcome, "failed");

    private readonly TimeProvider _time;
    private readonly TimeSpan _stallTimeout;
    private readonly ILogger _logger;
    private readonly SymTelemetry _telemetry;
    private readonly Lock _gate = new();
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _lastSuccessAt;
    private int _consecutiveFailures;
    private bool _stallReported;

    public SchedulerProgress(TimeProvider time, TimeSpan stallTimeout, ILogger logger, SymTelemetry telemetry)
    {
        _time = time;
        _stallTimeout = stallTimeout;
        _logger = logger;
        _telemetry = telemetry;
        telemetry.ObserveSchedulerProgress(ProgressAge);
    }

    public DateTimeOffset? LastSuccessAt
    {
        get
        {
            lock (_gate)
            {
                return _lastSuccessAt;
            }
        }
    }

    public int ConsecutiveFailures
    {
        get
        {
            lock (_gate)
            {
                return _consecutiveFailures;
            }
        }
    }

    /// <summary>Whether the loop started and has gone longer than the stall timeout without a successful tick.</summary>
    public bool IsStalled => ProgressAge() is { } age && age > _stallTimeout;

    /// <summary>The loop starts: progress is counted from now until its first tick succeeds.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _startedAt ??= _time.GetUtcNow();
        }
    }

    public void TickSucceeded()
    {
        _telemetry.SchedulerTicks.Add(1, Succeeded);
        bool recovered;
        lock (_gate)
        {
            _lastSuccessAt = _time.GetUtcNow();
            _consecutiveFailures = 0;
            recovered = _stallReported;
            _stallReported = false;
        }

        if (recovered)
        {
            EngineLog.SchedulerRecovered(_logger);
        }
    }

    public void TickFailed(string message)
    {
        _telemetry.SchedulerTicks.Add(1, Failed);
        int failures;
        TimeSpan? age = ProgressAge();
        bool report;
        lock (_gate)
        {
            failures = ++_consecutiveFailures;
            report = age > _stallTimeout && !_stallReported;
            _stallReported |= report;
        }

        if (report)
        {
            EngineLog.SchedulerStalled(_logger, age!.Value, failures, message);
        }
    }

    /// <summary>How long since the last successful tick (or since the start, before the first); <see langword="null"/> before the start.</summary>
    private TimeSpan? ProgressAge()
    {
        DateTimeOffset? since;
        lock (_gate)
        {
            since = _lastSuccessAt ?? _startedAt;
        }

        return since is { } s ? _time.GetUtcNow() - s : null;
    }
}
