namespace Sym.Sdk.Runtime;

/// <summary>
/// Everything the engine keeps, behind one object so every step commits atomically (<see cref="ISymRunStore.CommitAsync"/>):
/// runs, the append-only audit log, users' identities, timers, the outbox of notifications and the inbox of acknowledged
/// front-end deliveries. <see cref="InMemorySymStore"/> ships in core; Sym.Sdk.Hosting adds a durable SQLite store.
/// </summary>
/// <remarks>
/// <para>The contract a store must keep, which the engine's guarantee rests on (access never outlives its expiry,
/// whatever crashes): a commit is all or nothing and is durable once <see cref="ISymRunStore.CommitAsync"/> returns;
/// versions make concurrent commits to one run take effect once; claims of timers, messages and inbox items are leased,
/// so each is handled by one holder at a time and taken over when the holder dies. Sym.Sdk.Testing's
/// <c>SymStoreContract</c> checks all of it against a store of yours.</para>
/// </remarks>
public interface ISymStore : ISymRunStore, ISymAuditLog, ISymIdentityStore, ISymTimerStore, ISymOutbox, ISymInbox
{
}
