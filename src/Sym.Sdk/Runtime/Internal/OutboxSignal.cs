namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// Wakes the outbox dispatcher when a commit added messages, so they go out at once instead of at the next poll. Any
/// number of <see cref="Set"/> calls since the last wait wake the next wait once.
/// </summary>
/// <remarks>
/// Sets are counted, not kept as a flag on a waiter: a wait that ended by its timeout (or that its caller stopped awaiting)
/// leaves no waiter behind to absorb a later <see cref="Set"/>, which would lose the wake-up and leave committed messages
/// waiting for the next poll (on a clock that may not move: a test's).
/// </remarks>
internal sealed class OutboxSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _waiter;
    private long _sets;
    private long _seen;

    public void Set()
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            _sets++;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>Completes when <see cref="Set"/> is called (at once if it was called since the last wait), or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task signalled;
        lock (_lock)
        {
            if (_sets != _seen)
            {
                _seen = _sets;
                return;
            }

            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signalled = _waiter.Task;
        }

        using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task elapsed = Task.Delay(timeout, time, delay.Token);
        await Task.WhenAny(signalled, elapsed).ConfigureAwait(false);
        await delay.CancelAsync().ConfigureAwait(false);
        lock (_lock)
        {
            // Whatever woke this wait, the caller now looks at the store, which holds what every Set so far committed.
            _seen = _sets;
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
