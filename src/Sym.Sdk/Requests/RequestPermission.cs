namespace Sym.Sdk.Requests;

/// <summary>
/// Who may approve or deny a request (Sym's <c>RequestPermission</c>, its <c>approve_deny</c> part): everyone at a
/// <see cref="PermissionLevel"/>, or an explicit list of users, never both. Returned by
/// <c>FlowImplementation.GetPermissionsAsync</c>; enforced by the engine (see <see cref="Admits"/>).
/// </summary>
public sealed record RequestPermission
{
    private readonly string[] _userIds = [];

    /// <summary>The level that may approve; <see langword="null"/> when <see cref="UserIds"/> is used.</summary>
    /// <exception cref="ArgumentException"><see cref="UserIds"/> is already set: a permission is a level or a list of users.</exception>
    public PermissionLevel? Level
    {
        get;
        init
        {
            if (value is not null && _userIds.Length > 0)
            {
                throw new ArgumentException("A permission is either a level or a list of users, not both.", nameof(Level));
            }

            field = value;
        }
    }

    /// <summary>The users who may approve (Sym user ids, usernames or emails); empty when <see cref="Level"/> is used.</summary>
    /// <exception cref="ArgumentException">An entry is empty, or <see cref="Level"/> is already set.</exception>
    public IReadOnlyList<string> UserIds
    {
        get => _userIds;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(UserIds));
            string[] list = [.. value];
            if (Array.Exists(list, string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException("A permission's users may not be null or empty.", nameof(UserIds));
            }

            if (list.Length > 0 && Level is not null)
            {
                throw new ArgumentException("A permission is either a level or a list of users, not both.", nameof(UserIds));
            }

            _userIds = list;
        }
    }

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
    /// <exception cref="ArgumentException">The list is empty or has an empty entry.</exception>
    public static RequestPermission ForUsers(IEnumerable<string> users, bool allowSelfApproval = false)
    {
        ArgumentNullException.ThrowIfNull(users);
        string[] list = [.. users];
        return list.Length == 0
            ? throw new ArgumentException("A permission for users needs at least one user.", nameof(users))
            : new RequestPermission { UserIds = list, AllowSelfApproval = allowSelfApproval };
    }

    /// <summary>
    /// Whether this permission lets <paramref name="actor"/> approve or deny <paramref name="requester"/>'s request.
    /// The requester is refused unless <see cref="AllowSelfApproval"/>; otherwise admins always may; then the actor's
    /// role must satisfy <see cref="Level"/>, or the actor's id, username or email (ignoring case) must be in
    /// <see cref="UserIds"/>. A permission with neither level nor users admits only admins.
    /// </summary>
    /// <param name="actor">The user approving or denying.</param>
    /// <param name="requester">The user who made the request.</param>
    /// <returns>Whether the actor may decide.</returns>
    public bool Admits(User actor, User requester)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(requester);
        if (actor == requester && !AllowSelfApproval)
        {
            return false;
        }

        if (actor.Role == UserRole.Admin)
        {
            return true;
        }

        if (Level is { } level)
        {
            return actor.Role.Satisfies(level);
        }

        foreach (string id in _userIds)
        {
            if (string.Equals(id, actor.Id, StringComparison.OrdinalIgnoreCase)
                || string.Equals(id, actor.Username, StringComparison.OrdinalIgnoreCase)
                || string.Equals(id, actor.Email, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether both permissions have the same level, users (in order) and self-approval setting.</summary>
    /// <param name="other">The other permission.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(RequestPermission? other) =>
        other is not null
        && Level == other.Level
        && AllowSelfApproval == other.AllowSelfApproval
        && _userIds.AsSpan().SequenceEqual(other._userIds);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Level);
        hash.Add(AllowSelfApproval);
        foreach (string id in _userIds)
        {
            hash.Add(id, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
