using Microsoft.Extensions.Time.Testing;

namespace Sym.Sdk.Integrations.Tests.Okta;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when a timer with a given due time is created, so the test
/// advances the clock only once the code under test is waiting on it (no races, no real waiting).
/// </summary>
internal sealed class TimerWatchingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _created = [];
    private readonly List<(TimeSpan Due, TaskCompletionSource Signal)> _waiters = [];

    public IReadOnlyList<TimeSpan> CreatedTimers
    {
        get
        {
            lock (_gate)
            {
                return [.. _created];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _created.Add(dueTime);
            foreach ((TimeSpan due, TaskCompletionSource signal) in _waiters)
            {
                if (due == dueTime)
                {
                    signal.TrySetResult();
                }
            }
        }

        return timer;
    }

    /// <summary>Completes when a timer with exactly <paramref name="dueTime"/> exists (fails the test after 10 s of real time).</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime)
    {
        lock (_gate)
        {
            if (_created.Contains(dueTime))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueTime, signal));
            return signal.Task.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        }
    }
}
