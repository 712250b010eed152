using System.Runtime.ExceptionServices;
using Sym.Sdk.Requests;
using Sym.Sdk.Requests.Internal;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// Sends messages to request destinations and Sym users (Sym's <c>slack.send_message</c>): resolves names, emails and
/// users to conversations, walks fallbacks, and replies in threads.
/// </summary>
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
