namespace Sym.Sdk.Requests;

/// <summary>
/// Who may approve or deny a request, and who may view it (Sym's <c>RequestPermission</c>): <c>approve_deny</c> is
/// everyone at a <see cref="PermissionLevel"/> or an explicit list of users (<see cref="Level"/> or <see cref="UserIds"/>,
/// never both); <c>webapp_view</c> is <see cref="WebappView"/>. Returned by <c>FlowImplementation.GetPermissionsAsync</c>;
/// enforced by the engine (see <see cref="Admits(User, User, bool)"/> and <c>SymEngine.CanView</c>). Sym's form ports line
/// for line: <c>new RequestPermission(webappView: PermissionLevel.Admin, approveDeny: PermissionLevel.Member, allowSelfApproval: true)</c>.
/// </summary>
public sealed record RequestPermission
{
    private readonly string[] _userIds = [];

    /// <summary>An empty permission (admits only admins); set <see cref="Level"/> or <see cref="UserIds"/>, or use <see cref="ForLevel"/> / <see cref="ForUsers"/>.</summary>
    public RequestPermission()
    {
    }

    // RS0026: the three constructors differ in the type of a required parameter (as Sym's approve_deny takes a level or a
    // list), so the optional allowSelfApproval cannot make a call ambiguous.
#pragma warning disable RS0026
    /// <summary>Sym's <c>RequestPermission(webapp_view=…, approve_deny=…, allow_self_approval=…)</c>.</summary>
    /// <param name="webappView">Who may view the request (a level converts implicitly).</param>
    /// <param name="approveDeny">Who may approve or deny it (a level converts implicitly).</param>
    /// <param name="allowSelfApproval">Whether the requester may approve their own request.</param>
    public RequestPermission(PermissionAudience webappView, PermissionAudience approveDeny, bool allowSelfApproval = false)
    {
        WebappView = webappView;
        if (approveDeny.Level is { } level)
        {
            Level = level;
        }
        else
        {
            _userIds = [.. approveDeny.UserIdList];
        }

        AllowSelfApproval = allowSelfApproval;
    }

    /// <summary>Sym's <c>RequestPermission(webapp_view=…, approve_deny=user_ids(users), …)</c>: the approvers are these users.</summary>
    /// <param name="webappView">Who may view the request (a level converts implicitly).</param>
    /// <param name="approveDeny">The users who may approve or deny, for example the users of a Slack channel.</param>
    /// <param name="allowSelfApproval">Whether the requester may approve their own request.</param>
    /// <exception cref="ArgumentNullException"><paramref name="approveDeny"/> or a user in it is <see langword="null"/>.</exception>
    public RequestPermission(PermissionAudience webappView, IEnumerable<User> approveDeny, bool allowSelfApproval = false)
        : this(webappView, PermissionAudience.Users(approveDeny), allowSelfApproval)
    {
    }

    /// <summary>Sym's <c>RequestPermission(webapp_view=…, approve_deny=[ids…], …)</c>: the approvers are these users.</summary>
    /// <param name="webappView">Who may view the request (a level converts implicitly).</param>
    /// <param name="approveDeny">Sym user ids, usernames, emails or Slack user ids.</param>
    /// <param name="allowSelfApproval">Whether the requester may approve their own request.</param>
    /// <exception cref="ArgumentNullException"><paramref name="approveDeny"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An entry is null or empty.</exception>
    public RequestPermission(PermissionAudience webappView, IEnumerable<string> approveDeny, bool allowSelfApproval = false)
        : this(webappView, PermissionAudience.UserIds(approveDeny), allowSelfApproval)
    {
    }
#pragma warning restore RS0026

    /// <summary>
    /// Who may view the request and its run (Sym's <c>webapp_view</c>) in the JSON API and the console, besides those who
    /// always may: admins, the requester, anyone who acted on the run, and, while it is pending, whoever may decide it.
    /// The default value is <see langword="null"/>: only those. Sym requires a value and its examples mostly pass
    /// <c>PermissionLevel.MEMBER</c> (every member sees every request of the flow); this SDK's default shows a request to
    /// no more people than take part in it, because a default that shows every member every reason and target is a leak
    /// nobody chose. Pass <see cref="PermissionLevel.Member"/> for Sym's behaviour.
    /// </summary>
    public PermissionAudience? WebappView { get; init; }

    /// <summary>Who may approve or deny (Sym's <c>approve_deny</c>): <see cref="Level"/> or <see cref="UserIds"/> as one value.</summary>
    public PermissionAudience ApproveDeny => Level is { } level ? PermissionAudience.AtLevel(level) : PermissionAudience.UserIds(_userIds);

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

    /// <summary>
    /// Whether <paramref name="viewer"/> may view <paramref name="requester"/>'s request by this permission alone: the
    /// requester and admins always; else whoever <see cref="WebappView"/> includes (nobody more when it is not set). The
    /// engine's <c>SymEngine.CanView</c> also admits those who acted on the run and, while it is pending, its deciders.
    /// </summary>
    /// <param name="viewer">Who would view.</param>
    /// <param name="requester">The user who made the request.</param>
    /// <returns>Whether the viewer may view.</returns>
    public bool AdmitsViewer(User viewer, User requester)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(requester);
        return viewer == requester || viewer.Role == UserRole.Admin || (WebappView is { } view && view.Includes(viewer));
    }

    /// <summary>Whether one of <see cref="UserIds"/> names the actor: username or email (ignoring case), Sym or Slack user id.</summary>
    private bool MatchesUser(User actor) => PermissionAudience.Names(_userIds, actor);

    /// <summary>Whether both permissions have the same level, users (in order), viewers and self-approval setting.</summary>
    /// <param name="other">The other permission.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(RequestPermission? other) =>
        other is not null
        && Level == other.Level
        && AllowSelfApproval == other.AllowSelfApproval
        && Nullable.Equals(WebappView, other.WebappView)
        && _userIds.AsSpan().SequenceEqual(other._userIds);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Level);
        hash.Add(AllowSelfApproval);
        hash.Add(WebappView);
        foreach (string id in _userIds)
        {
            hash.Add(id, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
