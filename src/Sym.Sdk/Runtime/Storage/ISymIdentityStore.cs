namespace Sym.Sdk.Runtime;

/// <summary>
/// Where users' identities in other services are kept, so <c>AccessStrategy.GetRequesterIdentityAsync</c> looks each up
/// once. Identities are keyed by user (username, ignoring case), service type and service id (<see cref="UserIdentity.ServiceId"/>,
/// for example one of two Okta orgs; ignoring case; an identity without one is its own key), as Sym keys them.
/// </summary>
public interface ISymIdentityStore
{
    /// <summary>Reads a user's identity in a service, whatever its service id (the one without a service id if there is one, else one of them).</summary>
    /// <param name="user">The user.</param>
    /// <param name="service">The service, for example <c>okta</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The identity, or <see langword="null"/>.</returns>
    ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a user's identity in one instance of a service (Sym's identities are keyed by service and service id).
    /// </summary>
    /// <param name="user">The user.</param>
    /// <param name="service">The service, for example <c>okta</c>.</param>
    /// <param name="serviceId">The service instance, for example <c>acme.okta.com</c>; <see langword="null"/> reads as <see cref="GetIdentityAsync(User, string, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The identity, or <see langword="null"/>.</returns>
    /// <remarks>
    /// The default implementation, for stores written before service ids were keys, reads the service's identity and
    /// returns it only when its service id matches; a store keyed by service id overrides it.
    /// </remarks>
    async ValueTask<UserIdentity?> GetIdentityByServiceIdAsync(User user, string service, string? serviceId, CancellationToken cancellationToken = default)
    {
        UserIdentity? found = await GetIdentityAsync(user, service, cancellationToken).ConfigureAwait(false);
        return serviceId is null || string.Equals(found?.ServiceId, serviceId, StringComparison.OrdinalIgnoreCase) ? found : null;
    }

    /// <summary>Reads every identity stored for a user (the engine puts them on the <see cref="User.Identities"/> of event users).</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The identities, ordered by service and service id; empty when none.</returns>
    /// <remarks>The default implementation, for stores written before this member, returns none.</remarks>
    ValueTask<IReadOnlyList<UserIdentity>> ListIdentitiesAsync(User user, CancellationToken cancellationToken = default) =>
        new([]);

    /// <summary>
    /// Stores a user's identity, replacing any for the same service and service id, outside an engine step (an identity a strategy or
    /// <c>GetIdentityAsync</c> finds during a step is stored with the step's commit: <see cref="SymRunTransition.Identities"/>).
    /// </summary>
    /// <param name="user">The user.</param>
    /// <param name="identity">The identity.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default);
}
