using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Harness.Internal;

namespace Sym.Sdk.Testing.Slack;

/// <summary>
/// An in-memory Slack workspace that implements <see cref="ISlackClient"/>: users with emails, channels and their
/// members, user groups. It records every message (with its metadata), update, ephemeral message, DM and modal, serves
/// the conversations' history, answers errors the way Slack does (<c>channel_not_found</c>, <c>users_not_found</c>, …)
/// as the same <see cref="SymException"/>s the real client raises, and takes fault injection through <see cref="Faults"/>
/// (a call that fails before Slack does anything) and <see cref="LostResponses"/> (a call Slack carries out whose answer
/// is lost). Operations are named after the Web API methods, for example <c>chat.postMessage</c>. Thread-safe.
/// </summary>
/// <remarks>
/// In a <see cref="SymFlowHarness"/>, <see cref="SymFlowHarness.Reset"/> clears the messages, updates, ephemerals and
/// views, and puts the workspace back as it was at <see cref="SymFlowHarnessBuilder.Build"/>: its users (guest flags
/// included), channels and their members, user groups, expired trigger ids and the DMs open then; users, channels and
/// DMs added since are gone, and new ids are handed out as they were after the build.
/// </remarks>
/// <example>
/// <code>
/// var slack = new FakeSlack();
/// var alice = slack.AddUser("alice", "alice@example.com");
/// slack.AddChannel("sym-requests", members: [alice.Id]);
/// // … run the code under test with slack as its ISlackClient …
/// slack.MessagesIn("sym-requests").Should().ContainSingle();
/// </code>
/// </example>
public sealed class FakeSlack : ISlackClient, ISymFake, IStoryScopedFake
{
    private const int MaxTextLength = 40_000;
    private const int MaxBlocks = 50;
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly List<SlackUserInfo> _users = [];
    private readonly List<FakeSlackChannel> _channels = [];
    private readonly Dictionary<string, List<string>> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _userGroups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dms = new(StringComparer.Ordinal);
    private readonly List<FakeSlackMessage> _messages = [];
    private readonly Dictionary<(string Channel, string Ts), FakeSlackMessage> _current = [];
    private readonly List<FakeSlackMessage> _updates = [];
    private readonly List<FakeSlackMessage> _ephemerals = [];
    private readonly List<FakeSlackView> _views = [];
    private readonly Dictionary<string, FakeSlackView> _openViews = new(StringComparer.Ordinal);
    private readonly HashSet<string> _expiredTriggers = new(StringComparer.Ordinal);
    private int _nextId;
    private int _nextTs;
    private World? _worldAtStart;
    private bool _worldChanged;

    /// <summary>Creates an empty workspace.</summary>
    /// <param name="timeProvider">The clock message timestamps come from; the default is <see cref="TimeProvider.System"/>.</param>
    public FakeSlack(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The workspace id users get. The default value is <c>T0FAKE</c>.</summary>
    public string TeamId { get; init; } = "T0FAKE";

    /// <summary>Fault injection, asked before every call with the Web API method name (for example <c>chat.update</c>).</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>
    /// Fault injection asked after a call has taken effect: a rule that fires lets the call happen (the message is
    /// posted, the update applied) and then raises its exception, as when Slack did the work but its answer was lost to
    /// a timeout or a dropped connection. An ambiguous failure, to prove code does not post twice. The default exception
    /// is an <see cref="InjectedFaultException"/>, which is not permanent. The flow harness does not show these in its
    /// timeline; <see cref="FaultInjector.Fired"/> lists them.
    /// </summary>
    /// <example><c>slack.LostResponses.FailNext(1, "chat.postMessage");</c></example>
    public FaultInjector LostResponses { get; } = new();

    /// <summary>
    /// Registers this workspace as the <see cref="ISlackClient"/>, in place of the real client, with
    /// <see cref="SlackMessenger"/> over it (<c>AddSymSlackMessaging</c>), so a flow's hooks can message Slack without
    /// <c>AddSymSlack</c> or a token.
    /// </summary>
    /// <param name="services">The services.</param>
    public void AddTo(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton<ISlackClient>(this));
        services.AddSymSlackMessaging();
    }

    /// <summary>The users.</summary>
    public IReadOnlyList<SlackUserInfo> Users => Locked(() => _users.ToArray());

    /// <summary>The channels (not DMs).</summary>
    public IReadOnlyList<FakeSlackChannel> Channels => Locked(() => _channels.ToArray());

    /// <inheritdoc />
    void IStoryScopedFake.MarkStart()
    {
        LostResponses.MarkStart();
        lock (_gate)
        {
            _worldAtStart = new World(
                [.. _users],
                [.. _channels],
                MemberSnapshots.Capture(_members),
                MemberSnapshots.Capture(_userGroups),
                [.. _dms],
                [.. _expiredTriggers],
                _nextId);
            _worldChanged = false;
        }
    }

    /// <inheritdoc />
    void IStoryScopedFake.Restart()
    {
        LostResponses.Restart();
        lock (_gate)
        {
            _messages.Clear();
            _current.Clear();
            _updates.Clear();
            _ephemerals.Clear();
            _views.Clear();
            _openViews.Clear();
            _nextTs = 0;
            if (_worldAtStart is not { } world)
            {
                return;
            }

            // Only views take ids without changing the world, and the views are gone: ids start again as after the build.
            _nextId = world.NextId;
            if (_worldChanged)
            {
                RestoreLocked(world);
                _worldChanged = false;
            }
        }
    }

    /// <summary>
    /// Every message posted (top-level and thread replies, in DMs and channels), as first posted, in order.
    /// <see cref="SymFlowHarness.Reset"/> clears the messages, updates, ephemerals and views, and puts the workspace back
    /// as it was built.
    /// </summary>
    public IReadOnlyList<FakeSlackMessage> Messages => Locked(() => _messages.ToArray());

    /// <summary>Every update (chat.update), as sent, in order.</summary>
    public IReadOnlyList<FakeSlackMessage> Updates => Locked(() => _updates.ToArray());

    /// <summary>Every ephemeral message, in order.</summary>
    public IReadOnlyList<FakeSlackMessage> Ephemerals => Locked(() => _ephemerals.ToArray());

    /// <summary>Every modal opened or updated, in order.</summary>
    public IReadOnlyList<FakeSlackView> Views => Locked(() => _views.ToArray());

    /// <summary>Adds a user.</summary>
    /// <param name="name">The handle.</param>
    /// <param name="email">The email, or <see langword="null"/>.</param>
    /// <param name="id">The id; a new <c>U…</c> id when <see langword="null"/>.</param>
    /// <param name="displayName">The display name, or <see langword="null"/>.</param>
    /// <param name="isBot">Whether the user is a bot.</param>
    /// <param name="isDeleted">Whether the user is deactivated.</param>
    /// <returns>The user.</returns>
    public SlackUserInfo AddUser(string name, string? email = null, string? id = null, string? displayName = null, bool isBot = false,
        bool isDeleted = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            var user = new SlackUserInfo
            {
                Id = id ?? NewId('U'), TeamId = TeamId, Name = name, RealName = name, DisplayName = displayName, Email = email,
                IsBot = isBot, IsDeleted = isDeleted,
            };
            if (_users.Exists(u => u.Id == user.Id))
            {
                throw new ArgumentException($"The fake workspace already has a user '{user.Id}'.", nameof(id));
            }

            _users.Add(user);
            _worldChanged = true;
            return user;
        }
    }

    /// <summary>Adds a channel.</summary>
    /// <param name="name">The name, with or without <c>#</c>.</param>
    /// <param name="id">The id; a new <c>C…</c> id when <see langword="null"/>.</param>
    /// <param name="members">The member user ids.</param>
    /// <param name="isPrivate">Whether the channel is private.</param>
    /// <param name="isArchived">Whether the channel is archived.</param>
    /// <param name="appIsMember">Whether the app is a member. The default value is <see langword="true"/>.</param>
    /// <returns>The channel.</returns>
    public FakeSlackChannel AddChannel(string name, string? id = null, IEnumerable<string>? members = null, bool isPrivate = false,
        bool isArchived = false, bool appIsMember = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            var channel = new FakeSlackChannel
            {
                Id = id ?? NewId(isPrivate ? 'G' : 'C'), Name = name.TrimStart('#'), IsPrivate = isPrivate, IsArchived = isArchived,
                AppIsMember = appIsMember,
            };
            _channels.Add(channel);
            _members[channel.Id] = [.. members ?? []];
            _worldChanged = true;
            return channel;
        }
    }

    /// <summary>Adds a user group (<c>S…</c>) with its members.</summary>
    /// <param name="id">The group id.</param>
    /// <param name="userIds">The members.</param>
    public void AddUserGroup(string id, IEnumerable<string> userIds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(userIds);
        lock (_gate)
        {
            _userGroups[id] = [.. userIds];
            _worldChanged = true;
        }
    }

    /// <summary>Makes a trigger id expired, so views.open with it fails with <c>expired_trigger_id</c>.</summary>
    /// <param name="triggerId">The trigger id.</param>
    public void ExpireTriggerId(string triggerId)
    {
        lock (_gate)
        {
            _worldChanged |= _expiredTriggers.Add(triggerId);
        }
    }

    /// <summary>The messages posted in a channel (by id or name) or DM, in order, as first posted.</summary>
    /// <param name="channel">The channel id or name, or a DM id.</param>
    /// <returns>The messages.</returns>
    public IReadOnlyList<FakeSlackMessage> MessagesIn(string channel)
    {
        lock (_gate)
        {
            string id = _channels.Find(c => c.Name == channel.TrimStart('#'))?.Id ?? channel;
            return [.. _messages.Where(m => m.ChannelId == id)];
        }
    }

    /// <summary>The messages the app sent a user in its DM with them, in order.</summary>
    /// <param name="userId">The user id.</param>
    /// <returns>The messages.</returns>
    public IReadOnlyList<FakeSlackMessage> DirectMessagesTo(string userId)
    {
        lock (_gate)
        {
            return _dms.TryGetValue(userId, out string? dm) ? [.. _messages.Where(m => m.ChannelId == dm)] : [];
        }
    }

    /// <summary>A message as it is now (after any updates), or <see langword="null"/>.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The current message.</returns>
    public FakeSlackMessage? Current(SlackMessageRef message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            return _current.GetValueOrDefault((message.ChannelId, message.Ts));
        }
    }

    /// <summary>Every message the app posted in a DM or group DM (opened with conversations.open or by posting to a user id), in order.</summary>
    public IReadOnlyList<FakeSlackMessage> DirectMessages
    {
        get
        {
            lock (_gate)
            {
                var dms = new HashSet<string>(_dms.Values, StringComparer.Ordinal);
                return [.. _messages.Where(m => dms.Contains(m.ChannelId))];
            }
        }
    }

    /// <summary>The ephemeral messages shown to one user, in order.</summary>
    /// <param name="userId">The user id.</param>
    /// <returns>The messages.</returns>
    public IReadOnlyList<FakeSlackMessage> EphemeralsTo(string userId)
    {
        lock (_gate)
        {
            return [.. _ephemerals.Where(m => m.VisibleTo == userId)];
        }
    }

    /// <summary>Every update (chat.update) of one message, oldest first.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The updates.</returns>
    public IReadOnlyList<FakeSlackMessage> UpdatesOf(SlackMessageRef message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            return [.. _updates.Where(m => m.ChannelId == message.ChannelId && m.Ts == message.Ts)];
        }
    }

    /// <summary>Marks a user as a guest (Slack's <c>is_restricted</c>) or a full member again.</summary>
    /// <param name="userId">The user id.</param>
    /// <param name="restricted">Whether the user is a guest. The default value is <see langword="true"/>.</param>
    /// <exception cref="ArgumentException">No such user.</exception>
    public void SetRestricted(string userId, bool restricted = true)
    {
        lock (_gate)
        {
            int i = _users.FindIndex(u => u.Id == userId);
            if (i < 0)
            {
                throw new ArgumentException($"The fake workspace has no user '{userId}'.", nameof(userId));
            }

            _users[i] = _users[i] with { IsRestricted = restricted };
            _worldChanged = true;
        }
    }

    /// <inheritdoc />
    public Task<SlackMessageRef> PostMessageAsync(string channel, SlackMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentNullException.ThrowIfNull(message);
        return Run("chat.postMessage", cancellationToken, method =>
        {
            CheckMessage(method, message);
            string id = WritableChannel(method, channel);
            var posted = new FakeSlackMessage
            {
                ChannelId = id, Ts = NewTs(), Text = message.Text, Blocks = message.Blocks, ThreadTs = message.ThreadTs,
                Metadata = message.Metadata is { } metadata ? new SlackMessageMetadata(metadata.EventType, (JsonObject)metadata.EventPayload.DeepClone()) : null,
            };
            _messages.Add(posted);
            _current[(id, posted.Ts)] = posted;
            if (MessagePosted is { } observer)
            {
                (string destination, string? email) = DescribeConversation(id);
                observer(posted, destination, email);
            }

            return posted.Ref;
        });
    }

    /// <inheritdoc />
    public Task<SlackMessageRef> UpdateMessageAsync(SlackMessageRef message, SlackMessage update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(update);
        return Run("chat.update", cancellationToken, method =>
        {
            CheckMessage(method, update);
            string id = WritableChannel(method, message.ChannelId);
            if (!_current.TryGetValue((id, message.Ts), out FakeSlackMessage? existing))
            {
                throw SlackErrors.FromError(method, "message_not_found");
            }

            FakeSlackMessage updated = existing with { Text = update.Text, Blocks = update.Blocks };
            _current[(id, message.Ts)] = updated;
            _updates.Add(updated);
            return updated.Ref;
        });
    }

    /// <inheritdoc />
    public Task<string> PostEphemeralAsync(string channel, string userId, SlackMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(message);
        return Run("chat.postEphemeral", cancellationToken, method =>
        {
            CheckMessage(method, message);
            string id = WritableChannel(method, channel);
            _ = FindUser(method, userId);
            if (_members.TryGetValue(id, out List<string>? members) && !members.Contains(userId))
            {
                throw SlackErrors.FromError(method, "user_not_in_channel");
            }

            var shown = new FakeSlackMessage
            {
                ChannelId = id, Ts = NewTs(), Text = message.Text, Blocks = message.Blocks, ThreadTs = message.ThreadTs, VisibleTo = userId,
            };
            _ephemerals.Add(shown);
            return shown.Ts;
        });
    }

    /// <inheritdoc />
    public Task<string> OpenConversationAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        return Run("conversations.open", cancellationToken, method =>
        {
            if (userIds.Count == 0)
            {
                throw SlackErrors.FromError(method, "users_list_not_supplied");
            }

            if (userIds.Count > 8)
            {
                throw SlackErrors.FromError(method, "too_many_users");
            }

            foreach (string id in userIds)
            {
                _ = FindUser(method, id);
            }

            return OpenDm(userIds);
        });
    }

    /// <inheritdoc />
    public Task<SlackUserInfo> GetUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return Run("users.info", cancellationToken, method => FindUser(method, userId));
    }

    /// <inheritdoc />
    public Task<SlackUserInfo> LookupUserByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        return Run("users.lookupByEmail", cancellationToken, method =>
            _users.Find(u => string.Equals(u.Email, email.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw SlackErrors.FromError(method, "users_not_found"));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SlackUserInfo> ListUsersAsync(CancellationToken cancellationToken = default) =>
        Enumerate<SlackUserInfo>("users.list", cancellationToken, _ => [.. _users]);

    /// <inheritdoc />
    public IAsyncEnumerable<SlackConversation> ListConversationsAsync(bool includeArchived = false, CancellationToken cancellationToken = default) =>
        Enumerate<SlackConversation>("conversations.list", cancellationToken, _ =>
            [.. _channels.Where(c => includeArchived || !c.IsArchived)
                .Select(c => new SlackConversation { Id = c.Id, Name = c.Name, IsPrivate = c.IsPrivate, IsArchived = c.IsArchived, IsMember = c.AppIsMember })]);

    /// <inheritdoc />
    public IAsyncEnumerable<string> ListConversationMembersAsync(string channelId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        return Enumerate<string>("conversations.members", cancellationToken, method =>
            _members.TryGetValue(channelId, out List<string>? members) ? [.. members] : throw SlackErrors.FromError(method, "channel_not_found"));
    }

    /// <inheritdoc />
    /// <remarks>
    /// The fake serves the top-level messages posted in the conversation (as they are now, after updates), newest first,
    /// posted after <paramref name="oldest"/>; <c>channel_not_found</c> for an unknown conversation and
    /// <c>not_in_channel</c> for a channel the app is not in. To act out a missing history scope, fail the call:
    /// <c>slack.Faults.FailNext(1, "conversations.history", _ => …)</c>.
    /// </remarks>
    public IAsyncEnumerable<SlackHistoryMessage> ListMessagesAsync(string channelId, DateTimeOffset? oldest = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        return Enumerate<SlackHistoryMessage>("conversations.history", cancellationToken, method =>
        {
            if (!_dms.ContainsValue(channelId))
            {
                FakeSlackChannel channel = _channels.Find(c => c.Id == channelId) ?? throw SlackErrors.FromError(method, "channel_not_found");
                if (!channel.AppIsMember)
                {
                    throw SlackErrors.FromError(method, "not_in_channel");
                }
            }

            var history = new List<SlackHistoryMessage>();
            for (int i = _messages.Count - 1; i >= 0; i--)
            {
                FakeSlackMessage posted = _current.GetValueOrDefault((_messages[i].ChannelId, _messages[i].Ts)) ?? _messages[i];
                if (posted.ChannelId != channelId || posted.ThreadTs is not null
                    || (oldest is { } since && SlackTimestamps.TryParse(posted.Ts, out DateTimeOffset at) && at <= since))
                {
                    continue;
                }

                history.Add(new SlackHistoryMessage
                {
                    Ts = posted.Ts,
                    Text = posted.Text,
                    BotId = "B0FAKEAPP",
                    Metadata = posted.Metadata is { } metadata ? new SlackMessageMetadata(metadata.EventType, (JsonObject)metadata.EventPayload.DeepClone()) : null,
                });
            }

            return history;
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListUserGroupUsersAsync(string userGroupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userGroupId);
        return Run<IReadOnlyList<string>>("usergroups.users.list", cancellationToken, method =>
            _userGroups.TryGetValue(userGroupId, out List<string>? users) ? [.. users] : throw SlackErrors.FromError(method, "no_such_subteam"));
    }

    /// <inheritdoc />
    public Task<SlackViewRef> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(triggerId);
        ArgumentNullException.ThrowIfNull(view);
        return Run("views.open", cancellationToken, method =>
        {
            if (_expiredTriggers.Contains(triggerId))
            {
                throw SlackErrors.FromError(method, "expired_trigger_id");
            }

            CheckView(method, view);
            var opened = new FakeSlackView { Id = NewId('V'), TriggerId = triggerId, View = (JsonObject)view.DeepClone(), Hash = NewTs() };
            _views.Add(opened);
            _openViews[opened.Id] = opened;
            return new SlackViewRef(opened.Id, opened.Hash);
        });
    }

    /// <inheritdoc />
    public Task<SlackViewRef> UpdateViewAsync(string viewId, JsonObject view, string? hash = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(viewId);
        ArgumentNullException.ThrowIfNull(view);
        return Run("views.update", cancellationToken, method =>
        {
            if (!_openViews.TryGetValue(viewId, out FakeSlackView? existing))
            {
                throw SlackErrors.FromError(method, "not_found");
            }

            if (hash is not null && hash != existing.Hash)
            {
                throw SlackErrors.FromError(method, "hash_conflict");
            }

            CheckView(method, view);
            var updated = new FakeSlackView { Id = viewId, View = (JsonObject)view.DeepClone(), Hash = NewTs(), IsUpdate = true };
            _views.Add(updated);
            _openViews[viewId] = updated;
            return new SlackViewRef(updated.Id, updated.Hash);
        });
    }

    private Task<T> Run<T>(string method, CancellationToken cancellationToken, Func<string, T> call)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Faults.ThrowIfFaulted(method);
        T result;
        lock (_gate)
        {
            result = call(method);
        }

        LostResponses.ThrowIfFaulted(method);
        return Task.FromResult(result);
    }

    private async IAsyncEnumerable<T> Enumerate<T>(string method, [EnumeratorCancellation] CancellationToken cancellationToken,
        Func<string, List<T>> snapshot)
    {
        List<T> items = await Run(method, cancellationToken, snapshot).ConfigureAwait(false);
        foreach (T item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private SlackUserInfo FindUser(string method, string userId) =>
        _users.Find(u => u.Id == userId) ?? throw SlackErrors.FromError(method, "user_not_found");

    /// <summary>Where a post lands: a channel the app may write to, a DM, or a user id (the app's DM with them).</summary>
    private string WritableChannel(string method, string channel)
    {
        if (_users.Exists(u => u.Id == channel))
        {
            return OpenDm([channel]);
        }

        if (_dms.ContainsValue(channel))
        {
            return channel;
        }

        FakeSlackChannel found = _channels.Find(c => c.Id == channel) ?? throw SlackErrors.FromError(method, "channel_not_found");
        if (found.IsArchived)
        {
            throw SlackErrors.FromError(method, "is_archived");
        }

        return found.AppIsMember ? found.Id : throw SlackErrors.FromError(method, "not_in_channel");
    }

    /// <summary>
    /// Told of every posted message (under the workspace's lock) with the conversation's name as the harness shows it
    /// (<c>#channel</c>, a user id for a DM, <c>group(U1,U2)</c>) and, for a DM, the user's email: how a
    /// <see cref="SymFlowHarness"/> records a flow's own Slack messages beside the engine's.
    /// </summary>
    internal Action<FakeSlackMessage, string, string?>? MessagePosted { get; set; }

    // Called under the lock.
    private (string Destination, string? Email) DescribeConversation(string id)
    {
        if (_channels.Find(c => c.Id == id) is { } channel)
        {
            return ("#" + channel.Name, null);
        }

        foreach (KeyValuePair<string, string> dm in _dms)
        {
            if (dm.Value == id)
            {
                return dm.Key.Contains(',', StringComparison.Ordinal)
                    ? ("group(" + dm.Key + ")", null)
                    : (dm.Key, _users.Find(u => u.Id == dm.Key)?.Email);
            }
        }

        return (id, null);
    }

    private string OpenDm(IReadOnlyList<string> userIds)
    {
        string key = string.Join(',', userIds.Order(StringComparer.Ordinal));
        if (!_dms.TryGetValue(key, out string? id))
        {
            id = NewId(userIds.Count == 1 ? 'D' : 'G');
            _dms[key] = id;
            _members[id] = [.. userIds];
            _worldChanged = true;
        }

        return id;
    }

    private static void CheckMessage(string method, SlackMessage message)
    {
        if (message.Text.Length > MaxTextLength)
        {
            throw SlackErrors.FromError(method, "msg_too_long");
        }

        if (message.Blocks is { } blocks && (blocks.Count > MaxBlocks || blocks.Any(static b => b is null)))
        {
            throw SlackErrors.FromError(method, "invalid_blocks");
        }
    }

    private static void CheckView(string method, JsonObject view)
    {
        if (view["type"]?.GetValue<string>() is not ("modal" or "home") || view["blocks"] is not JsonArray)
        {
            throw SlackErrors.FromError(method, "invalid_arguments");
        }
    }

    private string NewId(char prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{++_nextId:D8}");

    private string NewTs() =>
        string.Create(CultureInfo.InvariantCulture, $"{_timeProvider.GetUtcNow().ToUnixTimeSeconds()}.{++_nextTs:D6}");

    private void RestoreLocked(World world)
    {
        _users.Clear();
        _users.AddRange(world.Users);
        _channels.Clear();
        _channels.AddRange(world.Channels);
        MemberSnapshots.Restore(_members, world.Members, static members => [.. members]);
        MemberSnapshots.Restore(_userGroups, world.UserGroups, static members => [.. members]);

        _dms.Clear();
        foreach (KeyValuePair<string, string> dm in world.Dms)
        {
            _dms.Add(dm.Key, dm.Value);
        }

        _expiredTriggers.Clear();
        _expiredTriggers.UnionWith(world.ExpiredTriggers);
    }

    /// <summary>The workspace as it was when the harness was built; every collection is its own copy.</summary>
    private sealed record World(
        SlackUserInfo[] Users,
        FakeSlackChannel[] Channels,
        KeyValuePair<string, string[]>[] Members,
        KeyValuePair<string, string[]>[] UserGroups,
        KeyValuePair<string, string>[] Dms,
        string[] ExpiredTriggers,
        int NextId);
}
