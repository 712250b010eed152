namespace Sym.Sdk.Integrations.Aws.Iam;

/// <summary>
/// IAM group membership. Errors are <see cref="SymException"/>s coded <c>AWSIAM:…</c>, for example
/// <c>AWSIAM:NO_SUCH_ENTITY</c> (a <see cref="SymNotFoundException"/>) for a missing user or group.
/// </summary>
public interface IIamClient
{
    /// <summary>Adds a user to a group (IAM <c>AddUserToGroup</c>); adding a member again succeeds.</summary>
    /// <param name="groupName">The group's name.</param>
    /// <param name="userName">The user's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when IAM has added the user.</returns>
    Task AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default);

    /// <summary>Removes a user from a group (IAM <c>RemoveUserFromGroup</c>).</summary>
    /// <param name="groupName">The group's name.</param>
    /// <param name="userName">The user's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when IAM has removed the user.</returns>
    Task RemoveUserFromGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default);

    /// <summary>The group's members (IAM <c>GetGroup</c>, every page).</summary>
    /// <param name="groupName">The group's name.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The members, page by page as they arrive.</returns>
    IAsyncEnumerable<IamUser> GetGroupUsersAsync(string groupName, CancellationToken cancellationToken = default);

    /// <summary>Whether a user is a member of a group (IAM user names compare case-insensitively).</summary>
    /// <param name="groupName">The group's name.</param>
    /// <param name="userName">The user's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the user is a member.</returns>
    Task<bool> IsUserInGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default);
}
