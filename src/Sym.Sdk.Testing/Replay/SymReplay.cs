using Sym.Sdk.Serialization;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Testing;

/// <summary>
/// Replays recorded Sym wire-format events through a strategy, without an engine: an <c>escalate</c> event calls
/// <see cref="AccessStrategy.EscalateAsync"/> with exactly that event and its <c>target_id</c>, a <c>deescalate</c> event
/// <see cref="AccessStrategy.DeescalateAsync"/>. To replay through a flow with DI and fakes, use
/// <see cref="SymFlowHarness.ReplayAsync"/> or <see cref="SymFlowHarness.ReplayTimelineAsync"/>.
/// </summary>
public static class SymReplay
{
    /// <summary>Replays one event through a strategy.</summary>
    /// <param name="strategy">The strategy.</param>
    /// <param name="evt">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the strategy returned.</returns>
    /// <exception cref="SymHarnessException">The event is neither escalate nor deescalate, or has no target id.</exception>
    public static async Task<StrategyOutput?> ReplayAsync(AccessStrategy strategy, Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(evt);
        (bool escalate, string targetId) = Check(evt);
        return escalate
            ? await strategy.EscalateAsync(targetId, evt, cancellationToken).ConfigureAwait(false)
            : await strategy.DeescalateAsync(targetId, evt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replays one event, given as Sym's event JSON, through a strategy.</summary>
    /// <param name="strategy">The strategy.</param>
    /// <param name="json">The event JSON (for example a file from a recorded run).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the strategy returned.</returns>
    /// <exception cref="SymException">Code <c>SymSDK:INVALID_EVENT</c>: the JSON is not a Sym event.</exception>
    /// <exception cref="SymHarnessException">The event is neither escalate nor deescalate, or has no target id.</exception>
    public static Task<StrategyOutput?> ReplayJsonAsync(AccessStrategy strategy, string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ReplayAsync(strategy, SymEventJson.Parse(json), cancellationToken);
    }

    internal static (bool Escalate, string TargetId) Check(Event evt)
    {
        bool escalate = evt.Name switch
        {
            "escalate" => true,
            "deescalate" => false,
            _ => throw new SymHarnessException($"Only escalate and deescalate events reach a strategy; this event is '{evt.Name}'."),
        };
        string targetId = evt.Fields.TargetId
            ?? throw new SymHarnessException($"The {evt.Name} event {evt.Id} has no target_id field and no target; a strategy needs one.");
        return (escalate, targetId);
    }
}
