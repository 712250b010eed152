namespace Sym.Sdk.Runtime;

/// <summary>
/// Where timers live. Timers are scheduled and cancelled only by <see cref="ISymRunStore.CommitAsync"/>, in the commit of
/// the step that needs them. Claiming leases a due timer to one scheduler, so two processes never fire one timer twice; a
/// claim that is not completed (a crash) expires and the timer fires again.
/// </summary>
public interface ISymTimerStore
{
    /// <summary>Claims up to <paramref name="maxCount"/> timers due at <paramref name="now"/> that nobody holds, earliest first.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="maxCount">The most timers to claim.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claimed timers, each with its <see cref="SymTimer.ClaimToken"/>.</returns>
    ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a fired timer that found nothing to do, unless it was replaced since it was claimed. (A timer whose step
    /// changed the run is removed by that step's commit: <see cref="SymRunTransition.Fired"/>.)
    /// </summary>
    /// <param name="timer">The claimed timer.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when done.</returns>
    ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default);

    /// <summary>Lists a run's timers (for inspection and tests).</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The timers.</returns>
    ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default);
}
