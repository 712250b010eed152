using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Options;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// users.info results, kept for <see cref="SlackOptions.UserCacheDuration"/> so a burst of clicks and submissions by the
/// same people costs one Slack call each, not one per interaction.
/// </summary>
/// <remarks>
/// <para>A private <see cref="MemoryCache"/> (not the application's shared one, whose size limit and eviction it would
/// otherwise have to share) bounded to <see cref="MaxEntries"/> users and reading time from the injected
/// <see cref="TimeProvider"/>.</para>
/// <para>Concurrent misses for one user share a single call; each caller waits with its own cancellation token, and
/// the shared call is not cancelled when the first caller gives up, so the others still get its answer.</para>
/// <para>Nothing but a successful answer is cached. Not even <c>user_not_found</c>: the ids looked up come from Slack's
/// own signed payloads, so a miss is rare and usually transient (a user just invited or moved in an Enterprise Grid
/// org), and caching it would turn a blip into minutes of "Sym could not identify you".</para>
/// </remarks>
internal sealed class SlackUserCache : IDisposable
{
    /// <summary>How many users are kept at most; a busy workspace's active requesters and approvers fit comfortably.</summary>
    public const int MaxEntries = 10_000;

    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<string, Task<SlackUserInfo>> _pending = new(StringComparer.Ordinal);
    private readonly TimeSpan _duration;

    public SlackUserCache(TimeProvider timeProvider, IOptions<SlackOptions> options)
        : this(timeProvider, options.Value.UserCacheDuration)
    {
    }

    public SlackUserCache(TimeProvider timeProvider, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _duration = duration;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxEntries, Clock = new Clock(timeProvider) });
    }

    /// <summary>How many users are cached (expired entries may still count until they are next touched).</summary>
    public int Count => _cache.Count;

    /// <summary>The user, from the cache or from <paramref name="client"/> (users.info).</summary>
    /// <exception cref="SymException">The call failed; nothing was cached.</exception>
    public Task<SlackUserInfo> GetUserAsync(ISlackClient client, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (_duration <= TimeSpan.Zero)
        {
            return client.GetUserAsync(userId, cancellationToken);
        }

        if (_cache.TryGetValue(userId, out SlackUserInfo? cached) && cached is not null)
        {
            return Task.FromResult(cached);
        }

        var fetch = new TaskCompletionSource<SlackUserInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<SlackUserInfo> pending = _pending.GetOrAdd(userId, fetch.Task);
        if (pending == fetch.Task)
        {
            _ = FetchAsync(client, userId, fetch);
        }

        return pending.IsCompleted ? pending : pending.WaitAsync(cancellationToken);
    }

    /// <summary>The user when the cache holds them, without calling Slack.</summary>
    public bool TryGetCached(string userId, [NotNullWhen(true)] out SlackUserInfo? user)
    {
        user = null;
        return _duration > TimeSpan.Zero && _cache.TryGetValue(userId, out user) && user is not null;
    }

    /// <summary>Forgets a user, for example after learning their profile changed.</summary>
    public void Remove(string userId) => _cache.Remove(userId);

    public void Dispose() => _cache.Dispose();

    private async Task FetchAsync(ISlackClient client, string userId, TaskCompletionSource<SlackUserInfo> fetch)
    {
        try
        {
            // A caller that lost the race to an earlier fetch may only now have added its own: use what that fetch cached.
            if (!_cache.TryGetValue(userId, out SlackUserInfo? user) || user is null)
            {
                user = await client.GetUserAsync(userId, CancellationToken.None).ConfigureAwait(false);
                using ICacheEntry entry = _cache.CreateEntry(userId);
                entry.Value = user;
                entry.Size = 1;
                entry.AbsoluteExpirationRelativeToNow = _duration;
            }

            fetch.TrySetResult(user);
        }
        catch (Exception ex)
        {
            fetch.TrySetException(ex);
            // Observed here, so a failure whose every waiter gave up is not reported as an unobserved task exception.
            _ = fetch.Task.Exception;
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<string, Task<SlackUserInfo>>(userId, fetch.Task));
        }
    }

    private sealed class Clock(TimeProvider timeProvider) : ISystemClock
    {
        public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
    }
}
