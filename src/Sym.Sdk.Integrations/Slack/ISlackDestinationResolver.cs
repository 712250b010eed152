using Sym.Sdk.Requests;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// Turns request destinations, user references and channel names into the Slack ids messages are posted to, when
/// sending; results are cached (see <see cref="SlackOptions.ResolveCacheDuration"/>).
/// </summary>
public interface ISlackDestinationResolver
{
    /// <summary>
    /// Resolves one destination to the conversation id to post to: a channel id as is, a channel name through
    /// conversations.list, a user (by id, email or name) to the app's DM with them, a group to a group DM.
    /// </summary>
    /// <param name="destination">The destination; not a <see cref="RequestDestinationFallback"/> (walk its destinations in order).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversation id.</returns>
    /// <exception cref="ArgumentException">The destination is a fallback, or of a type Slack cannot reach.</exception>
    /// <exception cref="SymNotFoundException">A name or email does not resolve (code <c>Slack:NAME_NOT_FOUND</c> or <c>Slack:USERS_NOT_FOUND</c>).</exception>
    ValueTask<string> ResolveConversationAsync(RequestDestination destination, CancellationToken cancellationToken = default);

    /// <summary>Resolves a channel id or name (<c>#sym-requests</c> or <c>sym-requests</c>) to a channel id.</summary>
    /// <param name="channel">The id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The channel id.</returns>
    ValueTask<string> ResolveChannelIdAsync(string channel, CancellationToken cancellationToken = default);

    /// <summary>Resolves a user id, email or name (<c>@alice</c>) to a Slack user id.</summary>
    /// <param name="user">The id, email or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user id.</returns>
    ValueTask<string> ResolveUserIdAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Resolves a Sym user to a Slack user id: their Slack identity, else a lookup by email.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user id.</returns>
    ValueTask<string> ResolveSlackUserIdAsync(User user, CancellationToken cancellationToken = default);
}
