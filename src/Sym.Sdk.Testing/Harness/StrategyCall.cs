using Sym.Sdk.Strategies;
using Sym.Sdk.Testing.Harness.Internal;

namespace Sym.Sdk.Testing;

/// <summary>One call the engine (or a replay) made to a strategy: the step, the target, the exact event, and the outcome.</summary>
public sealed class StrategyCall
{
    internal StrategyCall(string? runId, string? run, string step, string targetId, Event evt, TimeSpan elapsed)
    {
        RunId = runId;
        Run = run;
        Step = step;
        TargetId = targetId;
        Event = evt;
        Elapsed = elapsed;
    }

    /// <summary>The run's id, or <see langword="null"/> for a replayed event outside a run.</summary>
    public string? RunId { get; }

    /// <summary>The run's name in the harness (<c>run-1</c>, <c>run-2</c>, …), or <see langword="null"/>.</summary>
    public string? Run { get; }

    /// <summary><c>escalate</c> or <c>deescalate</c>.</summary>
    public string Step { get; }

    /// <summary>The target id the strategy was given.</summary>
    public string TargetId { get; }

    /// <summary>The event the strategy was given, exactly.</summary>
    public Event Event { get; }

    /// <summary>Why access is revoked (<c>scheduled</c>, <c>revoke</c>, <c>relinquish</c>, <c>compensate</c>), for a deescalate.</summary>
    public string? DeescalateType => Event.Fields.TryGetValue("deescalate_type", out System.Text.Json.JsonElement v)
        && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;

    /// <summary>The time since the harness started when the call began.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>What the strategy returned (<see langword="null"/> when it returned nothing, or threw, or has not returned yet).</summary>
    public StrategyOutput? Output { get; private set; }

    /// <summary>What the strategy threw, if it did.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Whether the call returned (without throwing).</summary>
    public bool Succeeded { get; private set; }

    /// <summary>Whether the call has returned or thrown.</summary>
    public bool IsCompleted { get; private set; }

    internal void Complete(StrategyOutput? output, Exception? error)
    {
        Output = output;
        Error = error;
        Succeeded = error is null;
        IsCompleted = true;
    }

    /// <inheritdoc />
    public override string ToString() => Transcripts.Describe(this);
}
