namespace Sym.Sdk.Strategies;

/// <summary>
/// Where <see cref="AccessStrategy.GetRequesterIdentityAsync"/> reads and persists identities; set by the engine. The
/// event's run tells the engine which step asks: an identity found during a step is saved with the step's commit.
/// </summary>
internal interface IStrategyIdentityStore
{
    ValueTask<UserIdentity?> GetIdentityAsync(Event evt, User user, string service, CancellationToken cancellationToken);

    ValueTask SaveIdentityAsync(Event evt, User user, UserIdentity identity, CancellationToken cancellationToken);
}
