namespace Sym.Sdk.Requests;

/// <summary>
/// Who may approve or deny a request (Sym's <c>RequestPermission</c>, its <c>approve_deny</c> part): everyone at a
/// <see cref="PermissionLevel"/>, or an explicit list of users, never both. Returned by
/// <c>FlowImplementation.GetPermissionsAsync</c>; enforced by the engine (see <see cref="Admits(User, User, bool)"/>).
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
    /// Whether this permission lets <paramref name="actor"/> approve <paramref name="requester"/>'s request: the engine's
    /// own rule (<see cref="Admits(User, User, bool)"/> with <c>approving: true</c>).
    /// </summary>
    /// <param name="actor">The user approving.</param>
    /// <param name="requester">The user who made the request.</param>
    /// <returns>Whether the actor may approve.</returns>
    public bool Admits(User actor, User requester) => Admits(actor, requester, approving: true);

    /// <summary>
    /// Whether this permission lets <paramref name="actor"/> approve (or deny) <paramref name="requester"/>'s request —
    /// the rule the engine enforces, in Slack, the API and tests alike. Approving their own request is refused to the
    /// requester unless <see cref="AllowSelfApproval"/> (denying it is not: a requester in the permission may deny, which
    /// ends the request as a cancel would); then admins always may; then the actor's role must satisfy <see cref="Level"/>,
    /// or one of <see cref="UserIds"/> must be the actor's username or email (ignoring case), Sym user id or Slack user
    /// id (exactly). A permission with neither level nor users admits only admins. The engine also refuses guests unless
    /// the flow allows guest interaction (a flow setting this permission does not know).
    /// </summary>
    /// <param name="actor">The user deciding.</param>
    /// <param name="requester">The user who made the request.</param>
    /// <param name="approving">Whether the decision is an approval (else a denial).</param>
    /// <returns>Whether the actor may decide.</returns>
    public bool Admits(User actor, User requester, bool approving)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(requester);
        if (approving && actor == requester && !AllowSelfApproval)
        {
            return false;
        }

        if (actor.Role == UserRole.Admin)
        {
            return true;
        }

        return Level is { } level ? actor.Role.Satisfies(level) : MatchesUser(actor);
    }

    /// <summary>Whether one of <see cref="UserIds"/> names the actor: username or email (ignoring case), Sym or Slack user id.</summary>
    private bool MatchesUser(User actor)
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

        foreach (string id in _userIds)
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
