using System.Runtime.ExceptionServices;
using Sym.Sdk.Requests;
using Sym.Sdk.Requests.Internal;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// Sym's Slack helpers for hooks: sends messages to request destinations and Sym users (Sym's <c>slack.send_message</c>),
/// resolving names, emails and users to conversations, walking fallbacks and replying in threads, and lists a channel's
/// people (<c>slack.users_in_channel</c>). Take it in a flow's constructor; <c>AddSymSlack</c> registers it, and so does
/// plugging a <c>FakeSlack</c> into a test harness (no token needed).
/// </summary>
/// <example>
/// <code>
/// public sealed class MyFlow(SlackMessenger slack) : FlowImplementation
/// {
///     public override async ValueTask AfterApproveAsync(Event evt, CancellationToken ct) =>
///         await slack.SendMessageAsync(Slack.Channel("#audit"), $"{evt.User.Email} was approved", ct);
/// }
/// </code>
/// </example>
public sealed class SlackMessenger
{
    private readonly ISlackClient _client;
    private readonly ISlackDestinationResolver _resolver;

    /// <summary>Creates the messenger.</summary>
    /// <param name="client">The Slack client (or a fake).</param>
    /// <param name="resolver">The destination resolver.</param>
    public SlackMessenger(ISlackClient client, ISlackDestinationResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resolver);
        _client = client;
        _resolver = resolver;
    }

    /// <summary>
    /// Sends a message to a destination. For a <see cref="RequestDestinationFallback"/> the destinations are tried in
    /// order while delivery fails (when <see cref="RequestDestinationFallback.ContinueOnDeliveryFailure"/> is set).
    /// </summary>
    /// <param name="destination">The destination.</param>
    /// <param name="message">The message (a string converts to a text message).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The posted message, to update it or reply in its thread.</returns>
    /// <exception cref="SymException">Delivery failed (to every destination of a fallback; the last error is raised).</exception>
    public async Task<SlackMessageRef> SendMessageAsync(RequestDestination destination, SlackMessage message,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(message);
        bool continueOnFailure = destination is RequestDestinationFallback { ContinueOnDeliveryFailure: true };
        (bool delivered, SlackMessageRef? sent, Exception? last) = await DestinationFallbacks.DeliverAsync(destination,
            next => new ValueTask<SlackMessageRef>(SendOneAsync(next, message, cancellationToken)),
            ex => continueOnFailure && ex is SymException and not SymAuthenticationException).ConfigureAwait(false);
        if (!delivered)
        {
            ExceptionDispatchInfo.Throw(last!);
        }

        return sent!;
    }

    /// <summary>Sends a message to a Sym user as a DM: by their Slack identity, else by a lookup of their email.</summary>
    /// <param name="user">The user.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The posted message.</returns>
    public async Task<SlackMessageRef> SendDirectMessageAsync(User user, SlackMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(message);
        string userId = await _resolver.ResolveSlackUserIdAsync(user, cancellationToken).ConfigureAwait(false);
        return await SendOneAsync(new SlackUser(userId), message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The people in a channel as Sym users (Sym's <c>slack.users_in_channel</c>): each member's email as username, their
    /// name and their Slack identity, in Slack's order. Bots, deactivated accounts and members whose email the app cannot
    /// see are left out: they cannot be Sym users.
    /// </summary>
    /// <param name="channel">The channel, by id (<c>C…</c>) or name (<c>#sym-requests</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users.</returns>
    /// <exception cref="SymNotFoundException"><c>Slack:NAME_NOT_FOUND</c>: no channel has that name.</exception>
    /// <exception cref="SymException"><c>Slack:CHANNEL_NOT_FOUND</c> and the other errors of <c>conversations.members</c>.</exception>
    public async Task<IReadOnlyList<User>> UsersInChannelAsync(string channel, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        string channelId = await _resolver.ResolveChannelIdAsync(channel, cancellationToken).ConfigureAwait(false);
        var users = new List<User>();
        await foreach (string memberId in _client.ListConversationMembersAsync(channelId, cancellationToken).ConfigureAwait(false))
        {
            SlackUserInfo info = await _client.GetUserAsync(memberId, cancellationToken).ConfigureAwait(false);
            if (info.IsBot || info.IsDeleted || string.IsNullOrWhiteSpace(info.Email))
            {
                continue;
            }

            users.Add(new User
            {
                Username = info.Email,
                Email = info.Email,
                Name = info.RealName ?? info.DisplayName ?? info.Name,
                Role = info.IsRestricted ? UserRole.Guest : UserRole.Member,
                Identities = [new UserIdentity { Service = "slack", ServiceId = info.TeamId, UserId = info.Id }],
            });
        }

        return users;
    }

    /// <summary>Replies in the thread of a posted message.</summary>
    /// <param name="parent">The message to reply to.</param>
    /// <param name="message">The reply.</param>
    /// <param name="broadcast">Whether the reply is also shown in the channel. The default value is <see langword="false"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply.</returns>
    public Task<SlackMessageRef> SendThreadMessageAsync(SlackMessageRef parent, SlackMessage message, bool broadcast = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(message);
        return _client.PostMessageAsync(parent.ChannelId, message with { ThreadTs = parent.Ts, ReplyBroadcast = broadcast }, cancellationToken);
    }

    private async Task<SlackMessageRef> SendOneAsync(RequestDestination destination, SlackMessage message, CancellationToken cancellationToken)
    {
        string conversation = await _resolver.ResolveConversationAsync(destination, cancellationToken).ConfigureAwait(false);
        return await _client.PostMessageAsync(conversation, message, cancellationToken).ConfigureAwait(false);
    }
}
