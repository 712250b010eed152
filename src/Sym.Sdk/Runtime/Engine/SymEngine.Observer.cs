using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Runtime;

/// <content>Calling the strategy, with an optional observer (the test harness records every call with its event).</content>
public sealed partial class SymEngine
{
    /// <summary>Observes every strategy call (a test harness's recorder); <see langword="null"/> (the default) costs nothing.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IStrategyCallObserver? StrategyObserver { get; set; }

    private ValueTask<StrategyOutput?> CallStrategyAsync(RunContext ctx, bool escalate, Event evt)
    {
        AccessStrategy strategy = ctx.Flow.Strategy!; // only a flow with a strategy escalates
        string targetId = RunGrant.TargetIdOf(ctx.Run);
        IStrategyCallObserver? observer = StrategyObserver;
        if (observer is null)
        {
            return escalate
                ? strategy.EscalateAsync(targetId, evt, ctx.CancellationToken)
                : strategy.DeescalateAsync(targetId, evt, ctx.CancellationToken);
        }

        return ObservedStrategyCallAsync(observer, strategy, ctx.Run.Id, escalate, targetId, evt, ctx.CancellationToken);
    }

    private static async ValueTask<StrategyOutput?> ObservedStrategyCallAsync(
        IStrategyCallObserver observer, AccessStrategy strategy, string runId, bool escalate, string targetId, Event evt, CancellationToken cancellationToken)
    {
        object? call = observer.OnCalling(runId, escalate ? "escalate" : "deescalate", targetId, evt);
        try
        {
            StrategyOutput? output = escalate
                ? await strategy.EscalateAsync(targetId, evt, cancellationToken).ConfigureAwait(false)
                : await strategy.DeescalateAsync(targetId, evt, cancellationToken).ConfigureAwait(false);
            observer.OnReturned(call, output, null);
            return output;
        }
        catch (Exception ex)
        {
            observer.OnReturned(call, null, ex);
            throw;
        }
    }
}
