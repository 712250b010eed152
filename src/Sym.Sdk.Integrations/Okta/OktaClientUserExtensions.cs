using System.Runtime.CompilerServices;

namespace Sym.Sdk.Integrations.Okta;

/// <summary>
/// Sym's Okta helpers: questions about Sym <see cref="User"/>s answered from Okta. A Sym user is matched to their Okta
/// user by a stored <c>okta</c> identity (its user id) when they have one, otherwise by email.
/// </summary>
public static class OktaClientUserExtensions
{
    /// <summary>Finds a Sym user's Okta user: by their <c>okta</c> identity if they have one, else by email.</summary>
    /// <param name="okta">The Okta client.</param>
    /// <param name="user">The Sym user.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The Okta user, or <see langword="null"/> when there is none.</returns>
    public static async Task<OktaUser?> FindUserAsync(this IOktaClient okta, User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(okta);
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity("okta")?.UserId is { Length: > 0 } id)
        {
            try
            {
                return await okta.GetUserAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (SymNotFoundException)
            {
                return null;
            }
        }

        return await okta.FindUserByEmailAsync(user.Email, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a Sym user's Okta user: profile, status and id (Sym's <c>user_info</c>).</summary>
    /// <param name="okta">The Okta client.</param>
    /// <param name="user">The Sym user.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The Okta user.</returns>
    /// <exception cref="SymNotFoundException"><c>Okta:USER_NOT_FOUND</c>: the user has no Okta account.</exception>
    public static async Task<OktaUser> GetUserInfoAsync(this IOktaClient okta, User user, CancellationToken cancellationToken = default) =>
        await FindUserAsync(okta, user, cancellationToken).ConfigureAwait(false) ?? throw NotInOkta(user);

    /// <summary>Whether a Sym user is a member of an Okta group (Sym's <c>is_user_in_group</c>).</summary>
    /// <param name="okta">The Okta client.</param>
    /// <param name="user">The Sym user.</param>
    /// <param name="groupId">The Okta group id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>Whether they are a member.</returns>
    /// <exception cref="SymNotFoundException"><c>Okta:USER_NOT_FOUND</c>: the user has no Okta account.</exception>
    public static async Task<bool> IsUserInGroupAsync(this IOktaClient okta, User user, string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        OktaUser found = await GetUserInfoAsync(okta, user, cancellationToken).ConfigureAwait(false);
        return await okta.IsUserInGroupAsync(groupId, found.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Okta groups a Sym user belongs to (Sym's <c>list_groups</c> for a user).</summary>
    /// <param name="okta">The Okta client.</param>
    /// <param name="user">The Sym user.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The user's groups.</returns>
    /// <exception cref="SymNotFoundException"><c>Okta:USER_NOT_FOUND</c>: the user has no Okta account.</exception>
    public static async IAsyncEnumerable<OktaGroup> ListGroupsAsync(
        this IOktaClient okta, User user, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        OktaUser found = await GetUserInfoAsync(okta, user, cancellationToken).ConfigureAwait(false);
        await foreach (OktaGroup group in okta.ListUserGroupsAsync(found.Id, cancellationToken).ConfigureAwait(false))
        {
            yield return group;
        }
    }

    /// <summary>
    /// The members of an Okta group as Sym users (Sym's <c>users_in_group</c>): username and email from the Okta
    /// profile's email, names from the profile, and an <c>okta</c> identity holding the Okta user id.
    /// </summary>
    /// <param name="okta">The Okta client.</param>
    /// <param name="groupId">The Okta group id.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The members.</returns>
    /// <exception cref="SymNotFoundException"><c>Okta:GROUP_NOT_FOUND</c>: no such group.</exception>
    public static async IAsyncEnumerable<User> UsersInGroupAsync(
        this IOktaClient okta, string groupId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(okta);
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        await foreach (OktaUser member in okta.ListGroupMembersAsync(groupId, cancellationToken).ConfigureAwait(false))
        {
            yield return ToSymUser(member);
        }
    }

    /// <summary>A Sym user for an Okta user: email as username, the profile's names, and an <c>okta</c> identity.</summary>
    /// <param name="oktaUser">The Okta user.</param>
    /// <returns>The Sym user.</returns>
    public static User ToSymUser(this OktaUser oktaUser)
    {
        ArgumentNullException.ThrowIfNull(oktaUser);
        string email = oktaUser.Profile.Email.Length > 0 ? oktaUser.Profile.Email : oktaUser.Profile.Login;
        return new User
        {
            Username = email,
            Email = email,
            FirstName = oktaUser.Profile.FirstName,
            LastName = oktaUser.Profile.LastName,
            Name = oktaUser.Profile.DisplayName,
            Identities = [new UserIdentity { Service = "okta", UserId = oktaUser.Id, Email = email }],
        };
    }

    private static SymNotFoundException NotInOkta(User user) => new(OktaErrorCodes.UserNotFound,
        $"Sym user '{user.Username}' has no Okta user (searched by {(user.Identity("okta")?.UserId is null ? "email " + user.Email : "okta identity")}).",
        "Check that the user's Okta primary email matches their Sym email.");
}
