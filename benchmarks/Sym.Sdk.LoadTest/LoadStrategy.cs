using System.Collections.Concurrent;
using Sym.Sdk;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.LoadTest;

/// <summary>A strategy that grants nothing and notes when each deescalate ran, to measure lag behind expiry.</summary>
internal sealed class LoadStrategy(TimeProvider time) : AccessStrategy
{
    public ConcurrentDictionary<string, DateTimeOffset> Deescalated { get; } = new(StringComparer.Ordinal);

    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        new(StrategyOutput.Applied());

    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        Deescalated.TryAdd(evt.Run.Id, time.GetUtcNow());
        return new(StrategyOutput.Applied());
    }
}
