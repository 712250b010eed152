using Sym.Sdk.Requests;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>Resolves destinations, names and emails with the Slack client, through the shared cache.</summary>
internal sealed class SlackDestinationResolver(ISlackClient client, SlackResolveCache cache) : ISlackDestinationResolver
{
    public async ValueTask<string> ResolveConversationAsync(RequestDestination destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        switch (destination)
        {
            case SlackChannelId channel:
                return channel.ChannelId;
            case SlackChannelName name:
                return await ResolveChannelIdAsync(name.ChannelName, cancellationToken).ConfigureAwait(false);
            case SlackUser user:
                return await OpenDmAsync([user.UserId], cancellationToken).ConfigureAwait(false);
            case SlackUserLookup lookup:
                string id = await ResolveUserIdAsync(lookup.Email ?? "@" + lookup.Name, cancellationToken).ConfigureAwait(false);
                return await OpenDmAsync([id], cancellationToken).ConfigureAwait(false);
            case SlackUserGroup group:
                return await OpenDmAsync([.. group.Users.Select(static u => u.UserId)], cancellationToken).ConfigureAwait(false);
            case RequestDestinationFallback:
                throw new ArgumentException("A fallback has several destinations; resolve each of its Destinations in order.", nameof(destination));
            default:
                throw new ArgumentException($"Slack cannot deliver to a {destination.GetType().Name}.", nameof(destination));
        }
    }

    public async ValueTask<string> ResolveChannelIdAsync(string channel, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        string s = channel.Trim();
        if (!s.StartsWith('#') && SlackIds.IsChannelId(s))
        {
            return s;
        }

        string name = s.TrimStart('#');
        string key = "channel:" + name;
        if (cache.TryGet(key, out string id))
        {
            return id;
        }

        string? found = null;
        await foreach (SlackConversation c in client.ListConversationsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (c.Name is { } n)
            {
                cache.Set("channel:" + n, c.Id);
                if (found is null && string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
                {
                    found = c.Id;
                }
            }
        }

        return found ?? throw SlackErrors.NameNotFound("channel", "#" + name,
            "Check the channel name; for a private channel, invite the app to it so it can see it.");
    }

    public async ValueTask<string> ResolveUserIdAsync(string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        string s = user.Trim();
        if (!s.StartsWith('@') && SlackIds.IsUserId(s))
        {
            return s;
        }

        if (!s.StartsWith('@') && s.Contains('@', StringComparison.Ordinal))
        {
            string emailKey = "email:" + s;
            if (cache.TryGet(emailKey, out string cached))
            {
                return cached;
            }

            SlackUserInfo info = await client.LookupUserByEmailAsync(s, cancellationToken).ConfigureAwait(false);
            cache.Set(emailKey, info.Id);
            return info.Id;
        }

        string name = s.TrimStart('@');
        string key = "name:" + name;
        if (cache.TryGet(key, out string id))
        {
            return id;
        }

        string? found = null;
        await foreach (SlackUserInfo u in client.ListUsersAsync(cancellationToken).ConfigureAwait(false))
        {
            if (u.IsDeleted)
            {
                continue;
            }

            foreach (string? alias in (ReadOnlySpan<string?>)[u.Name, u.DisplayName])
            {
                if (!string.IsNullOrEmpty(alias))
                {
                    cache.Set("name:" + alias, u.Id);
                    if (found is null && string.Equals(alias, name, StringComparison.OrdinalIgnoreCase))
                    {
                        found = u.Id;
                    }
                }
            }
        }

        return found ?? throw SlackErrors.NameNotFound("user", "@" + name, "Check the user's Slack handle or display name, or give their email.");
    }

    public ValueTask<string> ResolveSlackUserIdAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Slack.SlackUserIdOf(user) is { } id
            ? ValueTask.FromResult(id)
            : ResolveUserIdAsync(user.Email, cancellationToken);
    }

    private async ValueTask<string> OpenDmAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        string key = "dm:" + string.Join(',', userIds.Order(StringComparer.Ordinal));
        if (cache.TryGet(key, out string id))
        {
            return id;
        }

        string channel = await client.OpenConversationAsync(userIds, cancellationToken).ConfigureAwait(false);
        cache.Set(key, channel);
        return channel;
    }
}
