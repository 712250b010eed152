using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Requests;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// Sym's Slack helpers: where requests go (<c>User</c>, <c>Channel</c>, <c>Group</c>, <c>Fallback</c>) and how people are
/// named in messages (<c>Mention</c>).
/// Names and emails are resolved to ids when a message is sent (see <see cref="ISlackDestinationResolver"/>).
/// </summary>
public static class Slack
{
    /// <summary>
    /// A user as a destination (the request goes to them as a DM): a user id (<c>U…</c>/<c>W…</c>), an email, or a
    /// name (<c>@alice</c>).
    /// </summary>
    /// <param name="user">The id, email or name.</param>
    /// <param name="allowSelf">Whether the user may approve their own request there.</param>
    /// <param name="timeout">How long to wait for a decision before forwarding, or <see langword="null"/>.</param>
    /// <returns>A <see cref="SlackUser"/> for an id, else a <see cref="SlackUserLookup"/> resolved when sending.</returns>
    /// <exception cref="ArgumentException">The text is empty.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "Mirrors Sym's slack.user helper; both overloads ship together.")]
    public static RequestDestination User(string user, bool allowSelf = false, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        string s = user.Trim();
        RequestDestination destination = s switch
        {
            _ when s.StartsWith('@') => SlackUserLookup.ByName(s),
            _ when s.Contains('@', StringComparison.Ordinal) => SlackUserLookup.ByEmail(s),
            _ when SlackIds.IsUserId(s) => new SlackUser(s),
            _ => SlackUserLookup.ByName(s),
        };
        return destination with { AllowSelf = allowSelf, Timeout = timeout };
    }

    /// <summary>A Sym user as a destination: their Slack identity if they have one, else their email (resolved when sending).</summary>
    /// <param name="user">The user.</param>
    /// <param name="allowSelf">Whether the user may approve their own request there.</param>
    /// <param name="timeout">How long to wait for a decision before forwarding, or <see langword="null"/>.</param>
    /// <returns>The destination.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "Mirrors Sym's slack.user helper; both overloads ship together.")]
    public static RequestDestination User(Sdk.User user, bool allowSelf = false, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        RequestDestination destination = SlackUserIdOf(user) is { } id
            ? new SlackUser(id)
            : SlackUserLookup.ByEmail(user.Email);
        return destination with { AllowSelf = allowSelf, Timeout = timeout };
    }

    /// <summary>A channel as a destination, by id (<c>C…</c>, <c>G…</c>) or name (<c>#sym-requests</c>).</summary>
    /// <param name="channel">The id or name.</param>
    /// <param name="allowSelf">Whether members may approve their own requests there. The default value is <see langword="false"/>.</param>
    /// <param name="timeout">How long to wait for a decision before forwarding, or <see langword="null"/>.</param>
    /// <returns>A <see cref="SlackChannelId"/> or <see cref="SlackChannelName"/>.</returns>
    /// <exception cref="ArgumentException">The text is empty.</exception>
    public static RequestDestination Channel(string channel, bool allowSelf = false, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        string s = channel.Trim();
        RequestDestination destination = !s.StartsWith('#') && SlackIds.IsChannelId(s)
            ? new SlackChannelId(s)
            : new SlackChannelName(s);
        return destination with { AllowSelf = allowSelf, Timeout = timeout };
    }

    /// <summary>A group DM of 1 to 7 users, by user id.</summary>
    /// <param name="userIds">The user ids.</param>
    /// <returns>The destination.</returns>
    /// <exception cref="ArgumentException">No users, more than 7, or a value that is not a user id.</exception>
    public static SlackUserGroup Group(params string[] userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        return new SlackUserGroup(userIds.Select(static id => new SlackUser(id)));
    }

    /// <summary>A group DM of 1 to 7 users.</summary>
    /// <param name="users">The users.</param>
    /// <param name="allowSelf">Whether the users may approve their own requests there.</param>
    /// <param name="timeout">How long to wait for a decision before forwarding, or <see langword="null"/>.</param>
    /// <returns>The destination.</returns>
    public static SlackUserGroup Group(IEnumerable<SlackUser> users, bool allowSelf = false, TimeSpan? timeout = null) =>
        new SlackUserGroup(users) with { AllowSelf = allowSelf, Timeout = timeout };

    /// <summary>A chain of destinations: the next is used when delivery to one fails.</summary>
    /// <param name="destinations">At least two destinations, none a fallback.</param>
    /// <returns>The chain.</returns>
    public static RequestDestinationFallback Fallback(params RequestDestination[] destinations) => new(destinations);

    /// <summary>A chain of destinations with explicit forwarding rules.</summary>
    /// <param name="destinations">At least two destinations, none a fallback.</param>
    /// <param name="continueOnTimeout">Whether a destination's timeout moves to the next.</param>
    /// <param name="continueOnDeliveryFailure">Whether a delivery failure moves to the next.</param>
    /// <returns>The chain.</returns>
    public static RequestDestinationFallback Fallback(IEnumerable<RequestDestination> destinations, bool continueOnTimeout,
        bool continueOnDeliveryFailure = true) =>
        new(destinations) { ContinueOnTimeout = continueOnTimeout, ContinueOnDeliveryFailure = continueOnDeliveryFailure };

    /// <summary>
    /// The mention markup for a user id (<c>&lt;@U123&gt;</c>), a user group id (<c>&lt;!subteam^S123&gt;</c>), a channel
    /// id (<c>&lt;#C123&gt;</c>), or the text itself for anything else.
    /// </summary>
    /// <param name="id">The id.</param>
    /// <returns>The markup.</returns>
    public static string Mention(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        string s = id.Trim();
        return s switch
        {
            _ when SlackIds.IsUserId(s) => $"<@{s}>",
            _ when SlackIds.IsUserGroupId(s) => $"<!subteam^{s}>",
            _ when SlackIds.IsChannelId(s) => $"<#{s}>",
            _ => s,
        };
    }

    /// <summary>The mention markup for a Sym user: <c>&lt;@U123&gt;</c> from their Slack identity, else their name or email.</summary>
    /// <param name="user">The user.</param>
    /// <returns>The markup.</returns>
    public static string Mention(Sdk.User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return SlackUserIdOf(user) is { } id ? $"<@{id}>" : user.Name ?? user.Email;
    }

    /// <summary>The mention markup for a Slack user destination.</summary>
    /// <param name="user">The user.</param>
    /// <returns>The markup.</returns>
    public static string Mention(SlackUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Mention;
    }

    internal static string? SlackUserIdOf(Sdk.User user) =>
        user.Identity("slack") is { UserId: { } id } && SlackIds.IsUserId(id) ? id : null;
}
