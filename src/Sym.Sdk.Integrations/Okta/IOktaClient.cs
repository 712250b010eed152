namespace Sym.Sdk.Integrations.Okta;

/// <summary>
/// The Okta Management API calls Sym.Sdk needs: users, groups and group membership. Register the real client with
/// <c>services.AddSymOkta(…)</c>; tests use <c>Sym.Sdk.Testing.Okta.FakeOkta</c>, an in-memory org with the same contract.
/// </summary>
/// <remarks>
/// Every failure is a <see cref="SymException"/> with an <c>Okta:…</c> code: <see cref="SymNotFoundException"/>
/// (<c>Okta:USER_NOT_FOUND</c>, <c>Okta:GROUP_NOT_FOUND</c>), <see cref="SymAuthenticationException"/>
/// (<c>Okta:INVALID_TOKEN</c>, <c>Okta:FORBIDDEN</c>, …), <see cref="SymRateLimitedException"/> (<c>Okta:RATE_LIMITED</c>,
/// once the client's own waiting is exhausted), or <see cref="SymException"/> (<c>Okta:VALIDATION</c>, …).
/// </remarks>
public interface IOktaClient
{
    /// <summary>Gets a user by Okta id or login (<c>GET /api/v1/users/{idOrLogin}</c>).</summary>
    /// <param name="idOrLogin">The user's Okta id, or their login (usually their email).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user.</returns>
    /// <exception cref="SymNotFoundException"><c>Okta:USER_NOT_FOUND</c>: no such user.</exception>
    Task<OktaUser> GetUserAsync(string idOrLogin, CancellationToken cancellationToken = default);

    /// <summary>Finds the user whose primary email is <paramref name="email"/> (<c>search=profile.email eq "…"</c>).</summary>
    /// <param name="email">The email.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user, or <see langword="null"/> when no user has that email.</returns>
    /// <exception cref="SymException"><c>Okta:AMBIGUOUS_EMAIL</c>: several users have that email.</exception>
    Task<OktaUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Gets a user's profile: standard and custom attributes.</summary>
    /// <param name="idOrLogin">The user's Okta id or login.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="SymNotFoundException"><c>Okta:USER_NOT_FOUND</c>: no such user.</exception>
    Task<OktaUserProfile> GetUserProfileAsync(string idOrLogin, CancellationToken cancellationToken = default);

    /// <summary>Lists the org's groups, or those matching a query, reading every page.</summary>
    /// <param name="query">A name prefix or search expression, or <see langword="null"/> for every group.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The groups, page by page as Okta returns them.</returns>
    IAsyncEnumerable<OktaGroup> ListGroupsAsync(OktaGroupQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Lists a group's members, reading every page (<c>GET /api/v1/groups/{groupId}/users</c>).</summary>
    /// <param name="groupId">The group's Okta id.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The members.</returns>
    /// <exception cref="SymNotFoundException"><c>Okta:GROUP_NOT_FOUND</c>: no such group.</exception>
    IAsyncEnumerable<OktaUser> ListGroupMembersAsync(string groupId, CancellationToken cancellationToken = default);

    /// <summary>Lists the groups a user belongs to, reading every page (<c>GET /api/v1/users/{userId}/groups</c>).</summary>
    /// <param name="userId">The user's Okta id.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The user's groups.</returns>
    /// <exception cref="SymNotFoundException"><c>Okta:USER_NOT_FOUND</c>: no such user.</exception>
    IAsyncEnumerable<OktaGroup> ListUserGroupsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Whether a user is a member of a group.</summary>
    /// <param name="groupId">The group's Okta id.</param>
    /// <param name="userId">The user's Okta id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the user is a member.</returns>
    /// <exception cref="SymNotFoundException"><c>Okta:USER_NOT_FOUND</c>: no such user.</exception>
    Task<bool> IsUserInGroupAsync(string groupId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Adds a user to a group (<c>PUT /api/v1/groups/{groupId}/users/{userId}</c>). Idempotent.</summary>
    /// <param name="groupId">The group's Okta id (an <c>OKTA_GROUP</c>).</param>
    /// <param name="userId">The user's Okta id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="OktaMembershipChange.Added"/>, or <see cref="OktaMembershipChange.AlreadyMember"/> when nothing was needed.</returns>
    /// <exception cref="SymNotFoundException"><c>Okta:USER_NOT_FOUND</c> or <c>Okta:GROUP_NOT_FOUND</c>.</exception>
    Task<OktaMembershipChange> AddUserToGroupAsync(string groupId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Removes a user from a group (<c>DELETE /api/v1/groups/{groupId}/users/{userId}</c>). Idempotent.</summary>
    /// <param name="groupId">The group's Okta id (an <c>OKTA_GROUP</c>).</param>
    /// <param name="userId">The user's Okta id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="OktaMembershipChange.Removed"/>, or <see cref="OktaMembershipChange.NotMember"/> when nothing was needed.</returns>
    /// <exception cref="SymNotFoundException"><c>Okta:USER_NOT_FOUND</c>: no such user.</exception>
    Task<OktaMembershipChange> RemoveUserFromGroupAsync(string groupId, string userId, CancellationToken cancellationToken = default);
}
