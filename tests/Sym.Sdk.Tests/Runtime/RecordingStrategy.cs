using System.Collections.Concurrent;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>A strategy that records every call and fails on demand.</summary>
internal sealed class RecordingStrategy : AccessStrategy
{
    private int _escalateFailures;
    private int _deescalateFailures;

    public ConcurrentQueue<(string Step, string TargetId, Event Event)> Calls { get; } = new();

    public Func<Event, StrategyOutput?>? EscalateOutput { get; set; }

    public Func<Event, StrategyOutput?>? DeescalateOutput { get; set; }

    public string? RemoteIdentity { get; set; } = "remote-id";

    public int IdentityFetches;

    public string? LastIdentity { get; private set; }

    public bool ReadIdentityOnEscalate { get; set; }

    /// <summary>What a failing escalate throws; by default a <see cref="SymException"/> whose message holds a token.</summary>
    public Func<Exception>? EscalateError { get; set; }

    /// <summary>Makes the next <paramref name="count"/> escalates throw.</summary>
    public void FailEscalates(int count) => _escalateFailures = count;

    /// <summary>Makes the next <paramref name="count"/> deescalates throw.</summary>
    public void FailDeescalates(int count) => _deescalateFailures = count;

    public int CountOf(string step) => Calls.Count(c => c.Step == step);

    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref IdentityFetches);
        return new(RemoteIdentity);
    }

    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(("escalate", targetId, evt));
        if (Interlocked.Decrement(ref _escalateFailures) >= 0)
        {
            throw EscalateError?.Invoke() ?? new SymException("Test:ESCALATE_FAILED", "escalate failed with token xoxb-1234567890-abcdefghij");
        }

        if (ReadIdentityOnEscalate)
        {
            LastIdentity = await GetRequesterIdentityAsync(evt, cancellationToken);
        }

        return EscalateOutput?.Invoke(evt);
    }

    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(("deescalate", targetId, evt));
        if (Interlocked.Decrement(ref _deescalateFailures) >= 0)
        {
            throw new InvalidOperationException("deescalate failed: Authorization: Bearer abcdefghijklmnop123");
        }

        return new(DeescalateOutput?.Invoke(evt));
    }

    public StrategyOutput? OutputOf(Event evt, Sym.Sdk.Templates.ApprovalTemplateStep step) => GetStepOutput(evt, step);
}
