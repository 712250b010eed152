using System.Text.Json.Nodes;
using Sym.Sdk;
using Sym.Sdk.Integrations.Slack;

namespace AccessService;

/// <summary>
/// The Slack client of a service without Slack (no <c>Slack:BotToken</c>): every call fails with
/// <c>Slack:NOT_CONFIGURED</c>, which the CustomAccess strategy treats like any failed DM (logged; access still changes).
/// </summary>
internal sealed class NoSlackClient : ISlackClient
{
    public Task<SlackMessageRef> PostMessageAsync(string channel, SlackMessage message, CancellationToken cancellationToken = default) => Fail<SlackMessageRef>();

    public Task<SlackMessageRef> UpdateMessageAsync(SlackMessageRef message, SlackMessage update, CancellationToken cancellationToken = default) => Fail<SlackMessageRef>();

    public Task<string> PostEphemeralAsync(string channel, string userId, SlackMessage message, CancellationToken cancellationToken = default) => Fail<string>();

    public Task<string> OpenConversationAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken = default) => Fail<string>();

    public Task<SlackUserInfo> GetUserAsync(string userId, CancellationToken cancellationToken = default) => Fail<SlackUserInfo>();

    public Task<SlackUserInfo> LookupUserByEmailAsync(string email, CancellationToken cancellationToken = default) => Fail<SlackUserInfo>();

    public IAsyncEnumerable<SlackUserInfo> ListUsersAsync(CancellationToken cancellationToken = default) => throw NotConfigured();

    public IAsyncEnumerable<SlackConversation> ListConversationsAsync(bool includeArchived = false, CancellationToken cancellationToken = default) => throw NotConfigured();

    public IAsyncEnumerable<string> ListConversationMembersAsync(string channelId, CancellationToken cancellationToken = default) => throw NotConfigured();

    public IAsyncEnumerable<SlackHistoryMessage> ListMessagesAsync(string channelId, DateTimeOffset? oldest = null, CancellationToken cancellationToken = default) =>
        throw NotConfigured();

    public Task<IReadOnlyList<string>> ListUserGroupUsersAsync(string userGroupId, CancellationToken cancellationToken = default) => Fail<IReadOnlyList<string>>();

    public Task<SlackViewRef> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken = default) => Fail<SlackViewRef>();

    public Task<SlackViewRef> UpdateViewAsync(string viewId, JsonObject view, string? hash = null, CancellationToken cancellationToken = default) => Fail<SlackViewRef>();

    private static Task<T> Fail<T>() => Task.FromException<T>(NotConfigured());

    private static SymException NotConfigured() =>
        new("Slack:NOT_CONFIGURED", "Slack is not configured for this service.", "Set Slack:BotToken to send Slack messages.");
}
