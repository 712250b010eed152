namespace Sym.Sdk.Requests;

/// <summary>
/// Who a part of a <see cref="RequestPermission"/> admits (Sym's <c>Union[PermissionLevel, List[UUID]]</c>): everyone at a
/// <see cref="PermissionLevel"/>, or a list of users. A level converts implicitly, so Sym's
/// <c>approve_deny=PermissionLevel.MEMBER</c> reads <c>approveDeny: PermissionLevel.Member</c>; a list is
/// <see cref="Users(IEnumerable{User})"/> or <see cref="UserIds(IEnumerable{string})"/> (or pass the list to the
/// <see cref="RequestPermission"/> constructor directly).
/// </summary>
public readonly record struct PermissionAudience
{
    private readonly string[]? _userIds;

    private PermissionAudience(PermissionLevel? level, string[]? userIds)
    {
        Level = level;
        _userIds = userIds;
    }

    /// <summary>The level admitted; <see langword="null"/> for a list of users.</summary>
    public PermissionLevel? Level { get; }

    /// <summary>The users admitted (Sym user ids, usernames, emails or Slack user ids); empty for a level.</summary>
    public IReadOnlyList<string> UserIdList => _userIds ?? [];

    /// <summary>Everyone at <paramref name="level"/>.</summary>
    /// <param name="level">The level.</param>
    /// <returns>The audience.</returns>
    public static PermissionAudience AtLevel(PermissionLevel level) => new(level, null);

    /// <summary>Everyone at <paramref name="level"/> (Sym's <c>PermissionLevel.MEMBER</c> passed where a permission is expected).</summary>
    /// <param name="level">The level.</param>
    public static implicit operator PermissionAudience(PermissionLevel level) => AtLevel(level);

    /// <summary>Exactly these users, by Sym user id, username, email or Slack user id (an empty list admits only admins).</summary>
    /// <param name="userIds">The users.</param>
    /// <returns>The audience.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="userIds"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An entry is null or empty.</exception>
    public static PermissionAudience UserIds(IEnumerable<string> userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        string[] list = [.. userIds];
        return Array.Exists(list, string.IsNullOrWhiteSpace)
            ? throw new ArgumentException("A permission's users may not be null or empty.", nameof(userIds))
            : new PermissionAudience(null, list);
    }

    /// <summary>
    /// Exactly these users (Sym's <c>user_ids(users)</c>, for example the users of
    /// <c>slack.users_in_channel(…)</c>): each is named by its email, else its Sym user id, else its username.
    /// </summary>
    /// <param name="users">The users.</param>
    /// <returns>The audience.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="users"/> or an entry is <see langword="null"/>.</exception>
    public static PermissionAudience Users(IEnumerable<User> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var ids = new List<string>();
        foreach (User user in users)
        {
            ArgumentNullException.ThrowIfNull(user, nameof(users));
            ids.Add(NameOf(user));
        }

        return UserIds(ids);
    }

    /// <summary>Whether <paramref name="actor"/> belongs to the audience: an admin always; the actor's role satisfies <see cref="Level"/>, or a user of the list names them.</summary>
    /// <param name="actor">The user.</param>
    /// <returns>Whether the audience includes the actor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> is <see langword="null"/>.</exception>
    public bool Includes(User actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role == UserRole.Admin)
        {
            return true;
        }

        return Level is { } level ? actor.Role.Satisfies(level) : Names(_userIds ?? [], actor);
    }

    /// <summary>Whether both admit the same level, or the same users in the same order.</summary>
    /// <param name="other">The other audience.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(PermissionAudience other) => Level == other.Level && UserIdList.SequenceEqual(other.UserIdList, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Level);
        foreach (string id in UserIdList)
        {
            hash.Add(id, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => Level is { } level ? level.Value : $"[{string.Join(", ", UserIdList)}]";

    internal static string NameOf(User user) =>
        !string.IsNullOrEmpty(user.Email) ? user.Email : user.Id.Length > 0 ? user.Id : user.Username;

    /// <summary>Whether one of <paramref name="userIds"/> names the actor: username or email (ignoring case), Sym or Slack user id (exactly).</summary>
    internal static bool Names(string[] userIds, User actor)
    {
        string? slackId = null;
        foreach (UserIdentity identity in actor.Identities)
        {
            if (string.Equals(identity.Service, "slack", StringComparison.OrdinalIgnoreCase))
            {
                slackId = identity.UserId;
                break;
            }
        }

        foreach (string id in userIds)
        {
            if (string.Equals(id, actor.Username, StringComparison.OrdinalIgnoreCase)
                || string.Equals(id, actor.Email, StringComparison.OrdinalIgnoreCase)
                || (actor.Id.Length > 0 && string.Equals(id, actor.Id, StringComparison.Ordinal))
                || (slackId is not null && string.Equals(id, slackId, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
