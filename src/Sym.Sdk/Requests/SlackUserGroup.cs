namespace Sym.Sdk.Requests;

/// <summary>
/// A group DM of 1 to 7 Slack users. The group's <see cref="RequestDestination.AllowSelf"/> overrides its members':
/// <see cref="Users"/> reports every member with the group's setting.
/// </summary>
public sealed record SlackUserGroup : RequestDestination
{
    /// <summary>The most users a group DM may have besides the app (Slack allows 8 members in all).</summary>
    public const int MaxUsers = 7;

    private readonly SlackUser[] _users;
    private SlackUser[]? _effective;

    /// <summary>Creates the destination.</summary>
    /// <param name="users">1 to 7 users.</param>
    /// <exception cref="ArgumentException">The list is empty, has a null entry, or has more than 7 users.</exception>
    public SlackUserGroup(IEnumerable<SlackUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        SlackUser[] list = [.. users];
        if (list.Length is 0 or > MaxUsers)
        {
            throw new ArgumentException($"A Slack user group has 1 to {MaxUsers} users; got {list.Length}.", nameof(users));
        }

        if (Array.Exists(list, static u => u is null))
        {
            throw new ArgumentException("A Slack user group's users may not be null.", nameof(users));
        }

        _users = list;
    }

    /// <summary>The users, each carrying the group's <see cref="RequestDestination.AllowSelf"/>.</summary>
    public IReadOnlyList<SlackUser> Users
    {
        get
        {
            SlackUser[]? effective = _effective;
            if (effective is null || effective[0].AllowSelf != AllowSelf)
            {
                effective = Array.ConvertAll(_users, u => u.AllowSelf == AllowSelf ? u : u with { AllowSelf = AllowSelf });
                _effective = effective;
            }

            return effective;
        }
    }

    /// <summary>Whether both groups have the same users, in order, and the same settings.</summary>
    /// <param name="other">The other group.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(SlackUserGroup? other) =>
        other is not null && base.Equals(other) && Users.SequenceEqual(other.Users);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(base.GetHashCode());
        foreach (SlackUser user in _users)
        {
            hash.Add(user.UserId, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    private protected override string Describe() => string.Join(", ", _users.Select(static u => u.Mention));
}
