namespace Sym.Sdk.Runtime;

/// <content>Users' identities by email: Sym's <c>persist_user_identity</c>.</content>
public sealed partial class SymEngine
{
    /// <summary>
    /// Stores a user's identity in a service by their email, replacing any for the same service and service id: Sym's
    /// <c>persist_user_identity(email=…, service=…, service_id=…, user_id=…)</c>. Strategies then find it
    /// (<c>GetRequesterIdentityAsync</c>) and events carry it on the user's <see cref="User.Identities"/>. Users are keyed
    /// by username, which the front ends set to the email (Slack users without an email are keyed by their Slack id).
    /// </summary>
    /// <param name="email">The user's email, for example <c>alice@example.com</c>.</param>
    /// <param name="identity">The identity: <see cref="UserIdentity.Service"/>, optionally <see cref="UserIdentity.ServiceId"/>, and a user id or email in the service.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    /// <exception cref="SymException">Code <see cref="SymErrorCodes.InvalidIdentity"/>: no email, no service, or nothing that identifies the user in it; nothing is stored.</exception>
    public async ValueTask PersistUserIdentityAsync(string email, UserIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        CheckEmail(email);
        if (string.IsNullOrWhiteSpace(identity.Service))
        {
            throw new SymException(SymErrorCodes.InvalidIdentity, $"The identity of '{email}' names no service.", "Set UserIdentity.Service, for example \"okta\".");
        }

        if (string.IsNullOrWhiteSpace(identity.UserId) && string.IsNullOrWhiteSpace(identity.Email))
        {
            throw new SymException(SymErrorCodes.InvalidIdentity, $"The identity of '{email}' in '{identity.Service}' has neither a user id nor an email.",
                "Set UserIdentity.UserId (or Email, for a service that identifies users by email).");
        }

        await _store.SaveIdentityAsync(UserOf(email), identity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a user's stored identity in a service by their email (see <see cref="PersistUserIdentityAsync"/>).</summary>
    /// <param name="email">The user's email.</param>
    /// <param name="service">The service, for example <c>okta</c>.</param>
    /// <param name="serviceId">The service instance, or <see langword="null"/> for any.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The identity, or <see langword="null"/>.</returns>
    /// <exception cref="SymException">Code <see cref="SymErrorCodes.InvalidIdentity"/>: no email or no service.</exception>
    public ValueTask<UserIdentity?> GetUserIdentityAsync(string email, string service, string? serviceId = null, CancellationToken cancellationToken = default)
    {
        CheckEmail(email);
        if (string.IsNullOrWhiteSpace(service))
        {
            throw new SymException(SymErrorCodes.InvalidIdentity, "No service was named to read an identity in.", "Name the service, for example \"okta\".");
        }

        return _store.GetIdentityByServiceIdAsync(UserOf(email), service, serviceId, cancellationToken);
    }

    private static User UserOf(string email) => new() { Username = email, Email = email };

    private static void CheckEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            throw new SymException(SymErrorCodes.InvalidIdentity, $"'{email}' is not an email.", "Pass the user's email, for example alice@example.com.");
        }
    }
}
