namespace Sym.Sdk.Requests;

/// <summary>
/// Where a request for approval is sent: a Slack channel (<see cref="SlackChannelId"/>, <see cref="SlackChannelName"/>),
/// a user (<see cref="SlackUser"/>), a group DM (<see cref="SlackUserGroup"/>) or a chain of these
/// (<see cref="RequestDestinationFallback"/>). Build them with the <c>Slack</c> helpers.
/// </summary>
public abstract record RequestDestination
{
    private protected RequestDestination()
    {
    }

    /// <summary>
    /// Whether people who receive the request there may approve their own request. The default value is
    /// <see langword="false"/>.
    /// </summary>
    public bool AllowSelf { get; init; }

    /// <summary>How long to wait for a decision there before forwarding, or <see langword="null"/> for no timeout.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>A Slack channel by id (<c>C…</c>, <c>G…</c> or <c>D…</c>).</summary>
public sealed record SlackChannelId : RequestDestination
{
    /// <summary>Creates the destination.</summary>
    /// <param name="channelId">The channel id.</param>
    /// <exception cref="ArgumentException">The id does not start with C, D or G.</exception>
    public SlackChannelId(string channelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        if (channelId.Length < 2 || channelId[0] is not ('C' or 'D' or 'G'))
        {
            throw new ArgumentException($"'{channelId}' is not a Slack channel id (C…, D… or G…).", nameof(channelId));
        }

        ChannelId = channelId;
    }

    /// <summary>The channel id.</summary>
    public string ChannelId { get; }
}

/// <summary>A Slack channel by name (<c>#sym-requests</c> or <c>sym-requests</c>), resolved to an id when sending.</summary>
public sealed record SlackChannelName : RequestDestination
{
    /// <summary>Creates the destination.</summary>
    /// <param name="channelName">The channel name, with or without <c>#</c>.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public SlackChannelName(string channelName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelName);
        string name = channelName.TrimStart('#');
        ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(channelName));
        ChannelName = name;
    }

    /// <summary>The channel name, without <c>#</c>.</summary>
    public string ChannelName { get; }
}

/// <summary>A Slack user by id (<c>U…</c> or <c>W…</c>): the request goes to them as a DM.</summary>
public sealed record SlackUser : RequestDestination
{
    /// <summary>Creates the destination.</summary>
    /// <param name="userId">The Slack user id.</param>
    /// <exception cref="ArgumentException">The id does not start with U or W.</exception>
    public SlackUser(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (userId.Length < 2 || userId[0] is not ('U' or 'W'))
        {
            throw new ArgumentException($"'{userId}' is not a Slack user id (U… or W…).", nameof(userId));
        }

        UserId = userId;
    }

    /// <summary>The Slack user id.</summary>
    public string UserId { get; }

    /// <summary>The Slack mention markup for the user: <c>&lt;@U123&gt;</c>.</summary>
    public string Mention => $"<@{UserId}>";
}

/// <summary>A group DM of 1 to 7 Slack users. The group's <see cref="RequestDestination.AllowSelf"/> overrides its members'.</summary>
public sealed record SlackUserGroup : RequestDestination
{
    /// <summary>The most users a group DM may have besides the app (Slack allows 8 members in all).</summary>
    public const int MaxUsers = 7;

    /// <summary>Creates the destination.</summary>
    /// <param name="users">1 to 7 users.</param>
    /// <exception cref="ArgumentException">The list is empty or has more than 7 users.</exception>
    public SlackUserGroup(IEnumerable<SlackUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        SlackUser[] list = [.. users];
        if (list.Length is 0 or > MaxUsers)
        {
            throw new ArgumentException($"A Slack user group has 1 to {MaxUsers} users; got {list.Length}.", nameof(users));
        }

        Users = list;
    }

    /// <summary>The users.</summary>
    public IReadOnlyList<SlackUser> Users { get; }
}

/// <summary>
/// A chain of destinations: the request goes to the first, and moves to the next when delivery fails
/// (<see cref="ContinueOnDeliveryFailure"/>) or when the destination's timeout passes (<see cref="ContinueOnTimeout"/>).
/// </summary>
public sealed record RequestDestinationFallback : RequestDestination
{
    /// <summary>Creates the chain.</summary>
    /// <param name="destinations">At least two destinations, none of them a fallback.</param>
    /// <exception cref="ArgumentException">Fewer than two destinations, or a nested fallback.</exception>
    public RequestDestinationFallback(IEnumerable<RequestDestination> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        RequestDestination[] list = [.. destinations];
        if (list.Length < 2)
        {
            throw new ArgumentException($"A fallback needs at least two destinations; got {list.Length}.", nameof(destinations));
        }

        if (Array.Exists(list, static d => d is null or RequestDestinationFallback))
        {
            throw new ArgumentException("A fallback's destinations may not be null or themselves fallbacks.", nameof(destinations));
        }

        Destinations = list;
    }

    /// <summary>The destinations, in order.</summary>
    public IReadOnlyList<RequestDestination> Destinations { get; }

    /// <summary>Whether a delivery failure moves to the next destination. The default value is <see langword="true"/>.</summary>
    public bool ContinueOnDeliveryFailure { get; init; } = true;

    /// <summary>Whether a timeout moves to the next destination. The default value is <see langword="false"/>.</summary>
    public bool ContinueOnTimeout { get; init; }
}
