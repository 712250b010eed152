namespace Sym.Sdk.Strategies;

/// <summary>Where <see cref="AccessStrategy.GetRequesterIdentityAsync"/> reads and persists identities; set by the engine.</summary>
internal interface IStrategyIdentityStore
{
    ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken);

    ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken);
}
