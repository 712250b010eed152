namespace Sym.Sdk.Runtime;

/// <summary>
/// An optional capability of an <see cref="ISymStore"/> that several processes share: a lock on one grant (a flow, a
/// target and a requester) held across processes. The engine already serializes, in its own process, the escalates and
/// deescalates of overlapping runs of one grant (so a revocation never interleaves with another run's grant of the same
/// access); when its store implements this interface, it also holds the store's lock around each such critical section, so
/// the serialization holds across hosts. Stores used by one process (<see cref="InMemorySymStore"/>, SQLite) need not
/// implement it.
/// </summary>
/// <remarks>
/// The lock must be released when its holder's process dies (a database session's lock is), or a dead host would block the
/// grant for good. It is held around one grant's critical section: the look for another run holding the access, the strategy call and
/// the commit that records its result.
/// </remarks>
public interface ISymGrantLocks
{
    /// <summary>Waits until no other holder has the lock on <paramref name="grantKey"/>, and takes it.</summary>
    /// <param name="grantKey">The grant: the engine's key of its flow, target and requester (any string; equal strings are one grant).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The lock; disposing it releases it.</returns>
    ValueTask<IAsyncDisposable> LockGrantAsync(string grantKey, CancellationToken cancellationToken = default);
}
