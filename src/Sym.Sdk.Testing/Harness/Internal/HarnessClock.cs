using Microsoft.Extensions.Time.Testing;

namespace Sym.Sdk.Testing.Harness.Internal;

/// <summary>
/// The harness's <see cref="TimeProvider"/> in dependency injection: the virtual clock, plus a record of the timers each
/// running story step sets. A timer belongs to the step whose async flow created it (an <see cref="AsyncLocal{T}"/>
/// scope), so unrelated timers never move the clock, and two steps never see each other's timers.
/// </summary>
internal sealed class HarnessClock(FakeTimeProvider inner) : TimeProvider
{
    private readonly AsyncLocal<StepScope?> _scope = new();

    public FakeTimeProvider Inner => inner;

    public StepScope? Current => _scope.Value;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_scope.Value is not { } scope)
        {
            return inner.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new StepTimer(scope, inner, callback, state);
        timer.Start(dueTime, period);
        return timer;
    }

    /// <summary>Makes the calling async flow a step: timers it (and what it calls) creates are recorded in the scope.</summary>
    public StepScope Enter()
    {
        var scope = new StepScope(inner);
        _scope.Value = scope;
        return scope;
    }

    /// <summary>The timers one step set, and a signal for a new one.</summary>
    internal sealed class StepScope(FakeTimeProvider clock)
    {
        private readonly Lock _gate = new();
        private readonly HashSet<StepTimer> _pending = [];
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FakeTimeProvider Clock => clock;

        /// <summary>The earliest due time of a pending timer, and a task that completes when a timer is next set.</summary>
        public (DateTimeOffset? Next, Task Changed) Poll()
        {
            lock (_gate)
            {
                DateTimeOffset? next = null;
                foreach (StepTimer timer in _pending)
                {
                    if (next is null || timer.Due < next)
                    {
                        next = timer.Due;
                    }
                }

                return (next, _changed.Task);
            }
        }

        public void Schedule(StepTimer timer, DateTimeOffset? due)
        {
            TaskCompletionSource? signal = null;
            lock (_gate)
            {
                timer.Due = due;
                if (due is null)
                {
                    _pending.Remove(timer);
                }
                else
                {
                    _pending.Add(timer);
                    signal = _changed;
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            signal?.TrySetResult();
        }
    }

    /// <summary>A timer on the virtual clock that tells its step when it is pending.</summary>
    internal sealed class StepTimer(StepScope scope, FakeTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private ITimer? _inner;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? Due { get; set; }

        public void Start(TimeSpan dueTime, TimeSpan period)
        {
            Track(dueTime, period);
            _inner = clock.CreateTimer(static s => ((StepTimer)s!).Fire(), this, dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Track(dueTime, period);
            return _inner?.Change(dueTime, period) ?? false;
        }

        public void Dispose()
        {
            scope.Schedule(this, null);
            _inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Track(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            scope.Schedule(this, dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime);
        }

        private void Fire()
        {
            bool periodic = _period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero;
            scope.Schedule(this, periodic ? clock.GetUtcNow() + _period : null);
            callback(state);
        }
    }
}
