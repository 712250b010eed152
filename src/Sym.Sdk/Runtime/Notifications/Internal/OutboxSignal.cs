namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// Wakes the outbox dispatcher when a commit added messages, so they go out at once instead of at the next poll. Any
/// number of <see cref="Set"/> calls since the last wait wake the next wait once.
/// </summary>
/// <remarks>
/// Sets are counted, not kept as a flag on a waiter: a wait that ended by its timeout (or that its caller stopped awaiting)
/// leaves no waiter behind to absorb a later <see cref="Set"/>, which would lose the wake-up and leave committed messages
/// waiting for the next poll (on a clock that may not move: a test's). A woken wait consumes only the sets up to the one
/// that woke it: an abandoned wait, woken late, must not consume a set that came after.
/// </remarks>
internal sealed class OutboxSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource<long>? _waiter;
    private long _sets;
    private long _seen;

    public void Set()
    {
        TaskCompletionSource<long>? waiter;
        long sets;
        lock (_lock)
        {
            sets = ++_sets;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult(sets);
    }

    /// <summary>Completes when <see cref="Set"/> is called (at once if it was called since the last wait), or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task<long> signalled;
        lock (_lock)
        {
            if (_sets != _seen)
            {
                _seen = _sets;
                return;
            }

            _waiter ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            signalled = _waiter.Task;
        }

        using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task elapsed = Task.Delay(timeout, time, delay.Token);
        await Task.WhenAny(signalled, elapsed).ConfigureAwait(false);
        await delay.CancelAsync().ConfigureAwait(false);
        if (signalled.IsCompletedSuccessfully)
        {
            lock (_lock)
            {
                // The caller now looks at the store, which holds what the sets up to this one committed.
                _seen = Math.Max(_seen, signalled.Result);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
