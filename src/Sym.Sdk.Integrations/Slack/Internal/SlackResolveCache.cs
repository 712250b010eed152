using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// The shared cache of resolved Slack names, emails and DM channels, each kept for
/// <see cref="SlackOptions.ResolveCacheDuration"/>. Failures are not cached.
/// </summary>
internal sealed class SlackResolveCache(TimeProvider timeProvider, IOptions<SlackOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeSpan _duration = options.Value.ResolveCacheDuration;

    public int Count => _entries.Count;

    public bool TryGet(string key, out string value)
    {
        if (_entries.TryGetValue(key, out Entry entry) && entry.Expires > timeProvider.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }

        value = string.Empty;
        return false;
    }

    public void Set(string key, string value)
    {
        if (_duration > TimeSpan.Zero)
        {
            _entries[key] = new Entry(value, timeProvider.GetUtcNow() + _duration);
        }
    }

    public void Clear() => _entries.Clear();

    private readonly record struct Entry(string Value, DateTimeOffset Expires);
}
