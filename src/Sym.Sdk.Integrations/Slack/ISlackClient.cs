using System.Text.Json.Nodes;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// The Slack Web API calls Sym needs. The client <c>services.AddSymSlack(…)</c> registers calls Slack; <c>Sym.Sdk.Testing.Slack.FakeSlack</c> is an
/// in-memory workspace for tests. Every failure is a <see cref="SymException"/> with code <c>Slack:CODE</c> (see
/// <see cref="SlackErrorCodes"/>): <see cref="SymAuthenticationException"/> for token problems,
/// <see cref="SymNotFoundException"/> for unknown channels, users and messages, <see cref="SymRateLimitedException"/>
/// when throttling outlasts the retries.
/// </summary>
public interface ISlackClient
{
    /// <summary>
    /// Posts a message (chat.postMessage); set <see cref="SlackMessage.ThreadTs"/> to reply in a thread and
    /// <see cref="SlackMessage.Metadata"/> to tag it.
    /// </summary>
    /// <param name="channel">The channel id (or a user id, to post in the app's DM with them).</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Where the message was posted.</returns>
    /// <remarks>
    /// Posting is not idempotent, so the client <c>AddSymSlack</c> registers retries it only when Slack certainly did not act on it (HTTP
    /// 429, a connection that never opened). A timeout, a dropped connection or a server error after the request was sent
    /// may have posted the message: it surfaces as a <see cref="SymException"/> (<c>Slack:NETWORK_ERROR</c>,
    /// <c>Slack:SERVER_ERROR</c>) for the caller to decide, for example by looking the message up by its metadata with
    /// <see cref="ListMessagesAsync"/> before posting again.
    /// </remarks>
    Task<SlackMessageRef> PostMessageAsync(string channel, SlackMessage message, CancellationToken cancellationToken = default);

    /// <summary>Replaces a message the app posted (chat.update).</summary>
    /// <param name="message">The message to update.</param>
    /// <param name="update">The new text and blocks.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated message.</returns>
    Task<SlackMessageRef> UpdateMessageAsync(SlackMessageRef message, SlackMessage update, CancellationToken cancellationToken = default);

    /// <summary>Shows a message to one user in a channel, visible only to them (chat.postEphemeral).</summary>
    /// <param name="channel">The channel id.</param>
    /// <param name="userId">The user who sees the message.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ephemeral message's timestamp.</returns>
    Task<string> PostEphemeralAsync(string channel, string userId, SlackMessage message, CancellationToken cancellationToken = default);

    /// <summary>Opens (or finds) the app's DM with one user, or a group DM with up to 8 (conversations.open).</summary>
    /// <param name="userIds">1 to 8 user ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversation id (<c>D…</c> for a DM).</returns>
    Task<string> OpenConversationAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken = default);

    /// <summary>Gets a user by id (users.info).</summary>
    /// <param name="userId">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user.</returns>
    Task<SlackUserInfo> GetUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Finds a user by email (users.lookupByEmail); needs <c>users:read.email</c>.</summary>
    /// <param name="email">The email.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user.</returns>
    Task<SlackUserInfo> LookupUserByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Lists the workspace's users (users.list), following cursors.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The users.</returns>
    IAsyncEnumerable<SlackUserInfo> ListUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the public and private channels the app can see (conversations.list), following cursors.</summary>
    /// <param name="includeArchived">Whether archived channels are included. The default value is <see langword="false"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The channels.</returns>
    IAsyncEnumerable<SlackConversation> ListConversationsAsync(bool includeArchived = false, CancellationToken cancellationToken = default);

    /// <summary>Lists the user ids of a channel's members (conversations.members), following cursors.</summary>
    /// <param name="channelId">The channel id.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The member ids.</returns>
    IAsyncEnumerable<string> ListConversationMembersAsync(string channelId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists a conversation's top-level messages, newest first, with their metadata (conversations.history with
    /// <c>include_all_metadata</c>), following cursors. The app must be a member of the conversation and have the history
    /// scope of its kind: <c>channels:history</c> (public channels), <c>groups:history</c> (private channels),
    /// <c>im:history</c> (DMs) or <c>mpim:history</c> (group DMs); without it Slack answers <c>missing_scope</c>.
    /// </summary>
    /// <param name="channelId">The conversation id.</param>
    /// <param name="oldest">Only messages posted after this time; <see langword="null"/> for the whole history.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The messages, newest first.</returns>
    /// <remarks>
    /// conversations.history is rate-limited at Slack's Tier 3 (50+ calls a minute) for internal and Marketplace apps;
    /// Slack limits apps distributed outside the Marketplace far more (1 call a minute, 15 messages a page).
    /// </remarks>
    IAsyncEnumerable<SlackHistoryMessage> ListMessagesAsync(string channelId, DateTimeOffset? oldest = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the user ids of a user group (usergroups.users.list).</summary>
    /// <param name="userGroupId">The user group id (<c>S…</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user ids.</returns>
    Task<IReadOnlyList<string>> ListUserGroupUsersAsync(string userGroupId, CancellationToken cancellationToken = default);

    /// <summary>Opens a modal (views.open).</summary>
    /// <param name="triggerId">The trigger id of the slash command or interaction (valid for 3 seconds).</param>
    /// <param name="view">The view: a Block Kit <c>modal</c> object, as Slack's views.open takes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The opened view.</returns>
    Task<SlackViewRef> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken = default);

    /// <summary>Replaces an open modal (views.update).</summary>
    /// <param name="viewId">The view id.</param>
    /// <param name="view">The new view.</param>
    /// <param name="hash">The hash of the view being replaced, so a stale update is refused; or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated view.</returns>
    Task<SlackViewRef> UpdateViewAsync(string viewId, JsonObject view, string? hash = null, CancellationToken cancellationToken = default);
}
