using System.Collections.Concurrent;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Hosting.Tests;

/// <summary>A strategy that records every escalate and deescalate, by run id, and can be made to fail escalation.</summary>
internal sealed class RecordingStrategy : AccessStrategy
{
    public ConcurrentQueue<(string Step, string RunId, string TargetId)> Calls { get; } = new();

    public bool FailEscalate { get; set; }

    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(("escalate", evt.Run.Id, targetId));
        return FailEscalate ? throw new InvalidOperationException("The grant API is down.") : new(StrategyOutput.Applied());
    }

    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(("deescalate", evt.Run.Id, targetId));
        return new(StrategyOutput.Applied());
    }

    public int Count(string step, string runId) => Calls.Count(c => c.Step == step && c.RunId == runId);
}
