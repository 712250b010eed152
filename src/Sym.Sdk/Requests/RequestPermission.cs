namespace Sym.Sdk.Requests;

/// <summary>
/// Who may approve or deny a request (Sym's <c>RequestPermission</c>): everyone at a <see cref="PermissionLevel"/>, or
/// an explicit list of users. Returned by <c>FlowImplementation.GetPermissionsAsync</c>; enforced by the engine.
/// </summary>
public sealed record RequestPermission
{
    /// <summary>The level that may approve; <see langword="null"/> when <see cref="UserIds"/> is used.</summary>
    public PermissionLevel? Level { get; init; }

    /// <summary>The users who may approve (Sym user ids, usernames or emails); empty when <see cref="Level"/> is used.</summary>
    public IReadOnlyList<string> UserIds { get; init; } = [];

    /// <summary>Whether the requester may approve their own request. The default value is <see langword="false"/>.</summary>
    public bool AllowSelfApproval { get; init; }

    /// <summary>Permission for everyone at a level.</summary>
    /// <param name="level">The level.</param>
    /// <param name="allowSelfApproval">Whether the requester may approve their own request.</param>
    /// <returns>The permission.</returns>
    public static RequestPermission ForLevel(PermissionLevel level, bool allowSelfApproval = false) =>
        new() { Level = level, AllowSelfApproval = allowSelfApproval };

    /// <summary>Permission for a list of users.</summary>
    /// <param name="users">Sym user ids, usernames or emails.</param>
    /// <param name="allowSelfApproval">Whether the requester may approve their own request.</param>
    /// <returns>The permission.</returns>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public static RequestPermission ForUsers(IEnumerable<string> users, bool allowSelfApproval = false)
    {
        ArgumentNullException.ThrowIfNull(users);
        string[] list = [.. users];
        return list.Length == 0
            ? throw new ArgumentException("A permission for users needs at least one user.", nameof(users))
            : new RequestPermission { UserIds = list, AllowSelfApproval = allowSelfApproval };
    }
}
