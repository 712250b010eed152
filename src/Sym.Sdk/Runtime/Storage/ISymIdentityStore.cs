namespace Sym.Sdk.Runtime;

/// <summary>
/// Where users' identities in other services are kept, so <c>AccessStrategy.GetRequesterIdentityAsync</c> looks each up
/// once.
/// </summary>
public interface ISymIdentityStore
{
    /// <summary>Reads a user's identity in a service.</summary>
    /// <param name="user">The user.</param>
    /// <param name="service">The service, for example <c>okta</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The identity, or <see langword="null"/>.</returns>
    ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a user's identity, replacing any for the same service, outside an engine step (an identity a strategy or
    /// <c>GetIdentityAsync</c> finds during a step is stored with the step's commit: <see cref="SymRunTransition.Identities"/>).
    /// </summary>
    /// <param name="user">The user.</param>
    /// <param name="identity">The identity.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default);
}
