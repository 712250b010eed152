namespace Sym.Sdk.Integrations.Aws.IdentityStore;

/// <summary>
/// Identity Store lookups (the users and groups behind IAM Identity Center). Errors are <see cref="SymException"/>s
/// coded <c>AWSIdentityStore:…</c>.
/// </summary>
public interface IIdentityStoreClient
{
    /// <summary>A user's id by a unique attribute (<c>GetUserId</c>).</summary>
    /// <param name="identityStoreId">The Identity Store id, <c>d-…</c>.</param>
    /// <param name="attribute">The attribute, for example <see cref="IdentityStoreUserAttribute.Email"/>.</param>
    /// <param name="value">The attribute's value.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user id, or <see langword="null"/> when no user has that value.</returns>
    Task<string?> GetUserIdAsync(string identityStoreId, IdentityStoreUserAttribute attribute, string value, CancellationToken cancellationToken = default);

    /// <summary>A group's user memberships (<c>ListGroupMemberships</c>, every page).</summary>
    /// <param name="identityStoreId">The Identity Store id.</param>
    /// <param name="groupId">The group's id.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The memberships.</returns>
    IAsyncEnumerable<GroupMembership> ListGroupMembershipsAsync(string identityStoreId, string groupId, CancellationToken cancellationToken = default);

    /// <summary>Whether a user is a member of a group.</summary>
    /// <param name="identityStoreId">The Identity Store id.</param>
    /// <param name="groupId">The group's id.</param>
    /// <param name="userId">The user's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the user is a member.</returns>
    Task<bool> IsUserInGroupAsync(string identityStoreId, string groupId, string userId, CancellationToken cancellationToken = default);
}
