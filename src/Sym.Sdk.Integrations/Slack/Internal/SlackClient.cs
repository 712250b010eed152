using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Sym.Sdk.Integrations.Slack.BlockKit;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// The Slack Web API client: a typed <see cref="HttpClient"/> registered with
/// <c>services.AddSymSlack(…)</c>, which also adds the retry pipeline (HTTP 429 waits for <c>Retry-After</c>; 5xx and
/// network failures back off exponentially with jitter; nothing else is retried). Posting (chat.postMessage,
/// chat.postEphemeral) is retried only when Slack certainly did not act on the call: after HTTP 429, or a connection that
/// never opened; a timeout or server error after sending may have posted, so it is not retried blindly.
/// </summary>
/// <remarks>
/// The bot token travels only in the Authorization header of each request; it is never logged or put in an exception.
/// Slack's <c>{"ok":false,"error":"code"}</c> envelope becomes a <see cref="SymException"/> with code <c>Slack:CODE</c>.
/// </remarks>
internal sealed class SlackClient : ISlackClient
{
    private const int MaxRawResponseLength = 4096;
    private readonly HttpClient _http;
    private readonly SlackOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the client over an <see cref="HttpClient"/> (normally done by <see cref="IHttpClientFactory"/>).</summary>
    /// <param name="httpClient">The HTTP client; its pipeline should hold the retry handler that <c>AddSymSlack</c> adds.</param>
    /// <param name="options">The Slack options.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public SlackClient(HttpClient httpClient, IOptions<SlackOptions> options, ILogger<SlackClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        _options = options.Value;
        ArgumentException.ThrowIfNullOrWhiteSpace(_options.BotToken, "options.BotToken");
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _http.BaseAddress ??= _options.BaseAddress;
    }

    /// <inheritdoc />
    public async Task<SlackMessageRef> PostMessageAsync(string channel, SlackMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentNullException.ThrowIfNull(message);
        JsonObject body = MessageBody(message);
        body["channel"] = channel;
        if (message.ThreadTs is { } threadTs)
        {
            body["thread_ts"] = threadTs;
            if (message.ReplyBroadcast)
            {
                body["reply_broadcast"] = true;
            }
        }

        if (message.Metadata is { } metadata)
        {
            body["metadata"] = new JsonObject { ["event_type"] = metadata.EventType, ["event_payload"] = metadata.EventPayload.DeepClone() };
        }

        SlackMessageResponse response = await PostAsync("chat.postMessage", body, SlackJsonContext.Default.SlackMessageResponse, cancellationToken,
                atMostOnce: true)
            .ConfigureAwait(false);
        return new SlackMessageRef(
            response.Channel ?? throw InvalidResponse("chat.postMessage", "no channel"),
            response.Ts ?? throw InvalidResponse("chat.postMessage", "no ts"));
    }

    /// <inheritdoc />
    public async Task<SlackMessageRef> UpdateMessageAsync(SlackMessageRef message, SlackMessage update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(update);
        JsonObject body = MessageBody(update);
        body["channel"] = message.ChannelId;
        body["ts"] = message.Ts;
        if (update.Blocks is null)
        {
            // chat.update keeps the old blocks unless told otherwise; a text update must clear them.
            body["blocks"] = new JsonArray();
        }

        SlackMessageResponse response = await PostAsync("chat.update", body, SlackJsonContext.Default.SlackMessageResponse, cancellationToken)
            .ConfigureAwait(false);
        return new SlackMessageRef(response.Channel ?? message.ChannelId, response.Ts ?? message.Ts);
    }

    /// <inheritdoc />
    public async Task<string> PostEphemeralAsync(string channel, string userId, SlackMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(message);
        JsonObject body = MessageBody(message);
        body["channel"] = channel;
        body["user"] = userId;
        if (message.ThreadTs is { } threadTs)
        {
            body["thread_ts"] = threadTs;
        }

        SlackMessageResponse response = await PostAsync("chat.postEphemeral", body, SlackJsonContext.Default.SlackMessageResponse, cancellationToken,
                atMostOnce: true)
            .ConfigureAwait(false);
        return response.MessageTs ?? throw InvalidResponse("chat.postEphemeral", "no message_ts");
    }

    /// <inheritdoc />
    public async Task<string> OpenConversationAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count is 0 or > 8)
        {
            throw new ArgumentException($"conversations.open takes 1 to 8 users; got {userIds.Count}.", nameof(userIds));
        }

        foreach (string id in userIds)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(id, nameof(userIds));
        }

        var body = new JsonObject { ["users"] = string.Join(',', userIds) };
        SlackConversationResponse response = await PostAsync("conversations.open", body, SlackJsonContext.Default.SlackConversationResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.Channel?.Id ?? throw InvalidResponse("conversations.open", "no channel id");
    }

    /// <inheritdoc />
    public async Task<SlackUserInfo> GetUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        SlackUserResponse response = await GetAsync("users.info", [new("user", userId)], SlackJsonContext.Default.SlackUserResponse, cancellationToken)
            .ConfigureAwait(false);
        return (response.User ?? throw InvalidResponse("users.info", "no user")).ToModel("users.info");
    }

    /// <inheritdoc />
    public async Task<SlackUserInfo> LookupUserByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        SlackUserResponse response = await GetAsync("users.lookupByEmail", [new("email", email.Trim())], SlackJsonContext.Default.SlackUserResponse, cancellationToken)
            .ConfigureAwait(false);
        return (response.User ?? throw InvalidResponse("users.lookupByEmail", "no user")).ToModel("users.lookupByEmail");
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SlackUserInfo> ListUsersAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (SlackUserListResponse page in PagesAsync("users.list", [], SlackJsonContext.Default.SlackUserListResponse, cancellationToken)
                           .ConfigureAwait(false))
        {
            foreach (SlackUserDto user in page.Members ?? [])
            {
                yield return user.ToModel("users.list");
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SlackConversation> ListConversationsAsync(bool includeArchived = false,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        KeyValuePair<string, string>[] query =
        [
            new("types", "public_channel,private_channel"),
            new("exclude_archived", includeArchived ? "false" : "true"),
        ];
        await foreach (SlackConversationListResponse page in PagesAsync("conversations.list", query, SlackJsonContext.Default.SlackConversationListResponse, cancellationToken)
                           .ConfigureAwait(false))
        {
            foreach (SlackConversationDto channel in page.Channels ?? [])
            {
                yield return channel.ToModel("conversations.list");
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListConversationMembersAsync(string channelId,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        await foreach (SlackIdListResponse page in PagesAsync("conversations.members", [new("channel", channelId)], SlackJsonContext.Default.SlackIdListResponse, cancellationToken)
                           .ConfigureAwait(false))
        {
            foreach (string member in page.Members ?? [])
            {
                yield return member;
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SlackHistoryMessage> ListMessagesAsync(string channelId, DateTimeOffset? oldest = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        var query = new List<KeyValuePair<string, string>> { new("channel", channelId), new("include_all_metadata", "true") };
        if (oldest is { } since)
        {
            query.Add(new("oldest", SlackTimestamps.Format(since)));
        }

        await foreach (SlackHistoryResponse page in PagesAsync("conversations.history", query, SlackJsonContext.Default.SlackHistoryResponse, cancellationToken)
                           .ConfigureAwait(false))
        {
            foreach (SlackHistoryMessageDto message in page.Messages ?? [])
            {
                yield return message.ToModel("conversations.history");
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListUserGroupUsersAsync(string userGroupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userGroupId);
        SlackIdListResponse response = await GetAsync("usergroups.users.list", [new("usergroup", userGroupId)], SlackJsonContext.Default.SlackIdListResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.Users ?? [];
    }

    /// <inheritdoc />
    public async Task<SlackViewRef> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(triggerId);
        ArgumentNullException.ThrowIfNull(view);
        var body = new JsonObject { ["trigger_id"] = triggerId, ["view"] = view.DeepClone() };
        SlackViewResponse response = await PostAsync("views.open", body, SlackJsonContext.Default.SlackViewResponse, cancellationToken).ConfigureAwait(false);
        return ToViewRef("views.open", response);
    }

    /// <inheritdoc />
    public async Task<SlackViewRef> UpdateViewAsync(string viewId, JsonObject view, string? hash = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(viewId);
        ArgumentNullException.ThrowIfNull(view);
        var body = new JsonObject { ["view_id"] = viewId, ["view"] = view.DeepClone() };
        if (hash is not null)
        {
            body["hash"] = hash;
        }

        SlackViewResponse response = await PostAsync("views.update", body, SlackJsonContext.Default.SlackViewResponse, cancellationToken).ConfigureAwait(false);
        return ToViewRef("views.update", response);
    }

    internal static SymException InvalidResponse(string method, string what) =>
        new(SlackErrorCodes.InvalidResponse, $"Slack {method} returned an unexpected response: {what}.",
            "Check SlackOptions.BaseAddress points at Slack's Web API.");

    private static SlackViewRef ToViewRef(string method, SlackViewResponse response) =>
        new(response.View?.Id ?? throw InvalidResponse(method, "no view id"), response.View.Hash);

    private static JsonObject MessageBody(SlackMessage message)
    {
        var body = new JsonObject { ["text"] = message.Text };
        if (message.Blocks is { } blocks)
        {
            body["blocks"] = SlackBlock.ToJsonArray(blocks);
        }

        if (!message.UnfurlLinks)
        {
            body["unfurl_links"] = false;
        }

        return body;
    }

    private Task<T> PostAsync<T>(string method, JsonObject body, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken, bool atMostOnce = false)
        where T : SlackEnvelope
    {
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return SendAsync(method, HttpMethod.Post, method, content, typeInfo, cancellationToken, atMostOnce);
    }

    private Task<T> GetAsync<T>(string method, IReadOnlyList<KeyValuePair<string, string>> query, JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
        where T : SlackEnvelope => SendAsync(method, HttpMethod.Get, BuildUri(method, query, null, null), null, typeInfo, cancellationToken);

    private async IAsyncEnumerable<T> PagesAsync<T>(string method, IReadOnlyList<KeyValuePair<string, string>> query,
        JsonTypeInfo<T> typeInfo, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : SlackEnvelope
    {
        string? cursor = null;
        do
        {
            string uri = BuildUri(method, query, _options.PageSize, cursor);
            T page = await SendAsync(method, HttpMethod.Get, uri, null, typeInfo, cancellationToken).ConfigureAwait(false);
            yield return page;
            cursor = page.ResponseMetadata?.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
    }

    private static string BuildUri(string method, IReadOnlyList<KeyValuePair<string, string>> query, int? limit, string? cursor)
    {
        var uri = new StringBuilder(method);
        char separator = '?';
        foreach ((string key, string value) in query)
        {
            uri.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        if (limit is { } l)
        {
            uri.Append(separator).Append("limit=").Append(l.ToString(System.Globalization.CultureInfo.InvariantCulture));
            separator = '&';
        }

        if (!string.IsNullOrEmpty(cursor))
        {
            uri.Append(separator).Append("cursor=").Append(Uri.EscapeDataString(cursor));
        }

        return uri.ToString();
    }

    private async Task<T> SendAsync<T>(string method, HttpMethod httpMethod, string uri, HttpContent? content, JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken, bool atMostOnce = false)
        where T : SlackEnvelope
    {
        using var request = new HttpRequestMessage(httpMethod, uri) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.BotToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (atMostOnce)
        {
            request.Options.Set(SlackRetry.AtMostOnce, true);
        }

        string retried = atMostOnce
            ? "It was not retried: Slack may have acted on it."
            : "The call was retried before giving up.";
        SlackLog.Calling(_logger, method);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            SlackLog.Failed(_logger, method, "network error");
            throw new SymException(SlackErrorCodes.NetworkError, $"Slack {method} could not be reached: {ex.Message}",
                $"Check the network path to slack.com. {retried}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.Failed(_logger, method, "timeout");
            throw new SymException(SlackErrorCodes.NetworkError, $"Slack {method} timed out.",
                $"Slack did not answer in time. {retried}", ex);
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                TimeSpan? retryAfter = response.Headers.RetryAfter?.Delta;
                SlackLog.Failed(_logger, method, "ratelimited");
                throw new SymRateLimitedException(SlackErrorCodes.RateLimited,
                    $"Slack {method} was throttled (HTTP 429) and the retries were used up.", retryAfter) { StatusCode = status };
            }

            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            string raw = body.Length <= MaxRawResponseLength ? body : body[..MaxRawResponseLength];
            if (status >= 500)
            {
                SlackLog.Failed(_logger, method, $"HTTP {status}");
                throw new SymException(SlackErrorCodes.ServerError, $"Slack {method} failed with HTTP {status}.",
                    $"Slack had a server error (see status.slack.com). {retried}")
                { StatusCode = status, RawResponse = raw };
            }

            T? envelope;
            try
            {
                envelope = JsonSerializer.Deserialize(body, typeInfo);
            }
            catch (JsonException ex)
            {
                SlackLog.Failed(_logger, method, $"unreadable response (HTTP {status})");
                throw new SymException(SlackErrorCodes.InvalidResponse, $"Slack {method} returned a body that is not JSON (HTTP {status}).",
                    "Check SlackOptions.BaseAddress points at Slack's Web API.", ex) { StatusCode = status, RawResponse = raw };
            }

            if (envelope is null)
            {
                throw new SymException(SlackErrorCodes.InvalidResponse, $"Slack {method} returned an empty body (HTTP {status}).")
                { StatusCode = status, RawResponse = raw };
            }

            if (!envelope.Ok)
            {
                string error = string.IsNullOrWhiteSpace(envelope.Error) ? "unknown_error" : envelope.Error;
                SlackLog.Failed(_logger, method, error);
                throw SlackErrors.FromError(method, error, envelope.Needed is null ? null : $"needed: {envelope.Needed}", status, raw);
            }

            if (!string.IsNullOrEmpty(envelope.Warning))
            {
                SlackLog.Warning(_logger, method, envelope.Warning);
            }

            return envelope;
        }
    }
}
