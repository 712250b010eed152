namespace Sym.Sdk.Runtime;

/// <summary>
/// The store's inbox: what front ends acknowledged before processing (Slack wants an answer within 3 seconds). A front end
/// adds the item, claimed by itself, before it answers; processes it; and completes it. A claim that lapses (the process
/// died) is taken by <see cref="ClaimInboxItemsAsync"/> and processed again. Completed items stay until purged, so the same
/// delivery received again is recognised by its <see cref="SymInboxItem.Id"/> and not processed twice.
/// </summary>
public interface ISymInbox
{
    /// <summary>Adds an item claimed by the caller for <paramref name="lease"/>, unless an item with its id exists.</summary>
    /// <param name="item">The item.</param>
    /// <param name="now">The current time (the claim runs from it).</param>
    /// <param name="lease">How long the caller's claim holds.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored item, claimed (<see cref="SymInboxItem.Attempts"/> 1); <see langword="null"/> for a duplicate.</returns>
    ValueTask<SymInboxItem?> TryAddInboxItemAsync(SymInboxItem item, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="maxCount"/> unprocessed items whose claim has lapsed, oldest first.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="maxCount">The most items to claim.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claimed items.</returns>
    ValueTask<IReadOnlyList<SymInboxItem>> ClaimInboxItemsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed item processed (kept for de-duplication until purged), unless its claim was lost.</summary>
    /// <param name="item">The claimed item.</param>
    /// <param name="processedAt">When processing finished.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when done.</returns>
    ValueTask CompleteInboxItemAsync(SymInboxItem item, DateTimeOffset processedAt, CancellationToken cancellationToken = default);

    /// <summary>Removes processed items processed before <paramref name="processedBefore"/>.</summary>
    /// <param name="processedBefore">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many were removed.</returns>
    ValueTask<int> PurgeInboxAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken = default);
}
