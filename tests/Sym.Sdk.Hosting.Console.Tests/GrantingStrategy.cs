using System.Collections.Concurrent;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Hosting.Console.Tests;

/// <summary>A strategy that keeps grants in memory and says what it granted (its output is shown on the run's page).</summary>
internal sealed class GrantingStrategy : AccessStrategy
{
    public ConcurrentDictionary<string, string> Grants { get; } = new(StringComparer.Ordinal);

    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identity = await GetRequesterIdentityAsync(evt, cancellationToken);
        Grants[$"{identity}:{targetId}"] = targetId;
        return StrategyOutput.Applied(new Dictionary<string, string> { ["grant"] = $"role {targetId}-reader for {identity}" }, "granted");
    }

    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identity = await GetRequesterIdentityAsync(evt, cancellationToken);
        return Grants.TryRemove($"{identity}:{targetId}", out _) ? StrategyOutput.Applied() : StrategyOutput.AlreadyRevoked();
    }
}
