namespace Sym.Sdk.Runtime;

/// <summary>
/// The store's outbox: notifications written by <see cref="ISymRunStore.CommitAsync"/> in the step's commit, claimed by
/// the engine's dispatcher (<see cref="SymEngine.DeliverDueMessagesAsync"/>) with a lease, and removed once delivered.
/// A claim that is not completed (the process died mid-delivery) lapses and the message is delivered again.
/// </summary>
public interface ISymOutbox
{
    /// <summary>
    /// Claims up to <paramref name="maxCount"/> messages due at <paramref name="now"/> that nobody holds, oldest first,
    /// taking only the oldest pending message of each run (<see cref="SymOutboxMessage.OrderKey"/>): a run's later message
    /// waits until the earlier one is removed, so a run's messages are delivered in commit order. Each claimed message's
    /// <see cref="SymOutboxMessage.Attempts"/> goes up by one.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="maxCount">The most messages to claim.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claimed messages, each with its <see cref="SymOutboxMessage.ClaimToken"/>.</returns>
    ValueTask<IReadOnlyList<SymOutboxMessage>> ClaimDueMessagesAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Removes a delivered message, unless its claim was lost (it lapsed and another dispatcher claimed it).</summary>
    /// <param name="message">The claimed message.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when done.</returns>
    ValueTask CompleteMessageAsync(SymOutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>Releases a claimed message to be delivered again at <paramref name="dueAt"/>, recording why the attempt failed.</summary>
    /// <param name="message">The claimed message.</param>
    /// <param name="dueAt">When to try again.</param>
    /// <param name="error">Why the attempt failed (no secrets).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when done.</returns>
    ValueTask RetryMessageAsync(SymOutboxMessage message, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the messages not yet delivered, oldest first: in commit order, so each run's messages are listed in the order
    /// they are delivered (for inspection, health and tests).
    /// </summary>
    /// <param name="runId">Only this run's messages, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The messages.</returns>
    ValueTask<IReadOnlyList<SymOutboxMessage>> GetPendingMessagesAsync(string? runId = null, CancellationToken cancellationToken = default);
}
