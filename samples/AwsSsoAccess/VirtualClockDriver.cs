using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace AwsSsoAccess;

/// <summary>
/// Moves the harness's virtual clock while a step is waiting on it. <see cref="Sym.Sdk.Integrations.Aws.Strategies.AwsSsoStrategy"/>
/// polls Identity Center on a timer until the assignment finishes; on a virtual clock that timer fires only when
/// something advances the clock, and the harness advances it only between story steps. Give the strategy this
/// provider as its clock and run the step through <see cref="RunAsync{T}"/>: each timer the step creates is fired by
/// advancing the clock exactly to it, so the step takes the same virtual time on every run.
/// </summary>
/// <param name="clock">The harness's clock (<c>SymFlowHarnessBuilder.Time</c>).</param>
public sealed class VirtualClockDriver(FakeTimeProvider clock) : TimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>(new UnboundedChannelOptions { SingleReader = true });

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    /// <inheritdoc />
    public override long GetTimestamp() => clock.GetTimestamp();

    /// <inheritdoc />
    public override long TimestampFrequency => clock.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = clock.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Runs a step, advancing the virtual clock to every timer it waits on, until it completes.</summary>
    /// <typeparam name="T">The step's result.</typeparam>
    /// <param name="step">The step, for example <c>() =&gt; run.ApproveAsync(bob)</c> or <c>() =&gt; harness.AdvanceAsync(…)</c>.</param>
    /// <returns>The step's result.</returns>
    public Task<T> RunAsync<T>(Func<Task<T>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        while (_timers.Reader.TryRead(out _))
        {
            // Forget timers created outside a driven step.
        }

        return DriveAsync(step());
    }

    /// <summary>Finishes a step that is already running (see <see cref="WaitForTimerAsync"/>).</summary>
    /// <typeparam name="T">The step's result.</typeparam>
    /// <param name="running">The running step.</param>
    /// <returns>The step's result.</returns>
    public Task<T> DriveAsync<T>(Task<T> running) => DriveCoreAsync(running ?? throw new ArgumentNullException(nameof(running)));

    /// <summary>Waits until a running step waits on the clock, without advancing it: to look at the world mid-step.</summary>
    /// <param name="running">The running step.</param>
    /// <returns><see langword="true"/> when the step waits on a timer; <see langword="false"/> when it completed first.</returns>
    public async Task<bool> WaitForTimerAsync(Task running)
    {
        ArgumentNullException.ThrowIfNull(running);
        Task<bool> timer = _timers.Reader.WaitToReadAsync().AsTask();
        return await Task.WhenAny(running, timer) == timer;
    }

    private async Task<T> DriveCoreAsync<T>(Task<T> running)
    {
        while (!running.IsCompleted)
        {
            Task<bool> timer = _timers.Reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(running, timer) == running)
            {
                break;
            }

            while (_timers.Reader.TryRead(out TimeSpan due))
            {
                clock.Advance(due);
            }
        }

        return await running;
    }
}
