using System.Collections.Concurrent;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// The identity store the engine gives strategies (<see cref="AccessStrategy.GetRequesterIdentityAsync"/>). While the
/// engine runs a step on a run (the event's run), an identity the strategy saves joins that step's commit, and reads see
/// it at once; outside a step (a strategy called directly, as a replay does) it reads and writes the store. Steps are
/// found by run id in a process-wide table, so a strategy instance shared by several engines finds each engine's step.
/// </summary>
internal sealed class StepIdentityStore(ISymIdentityStore store) : IStrategyIdentityStore
{
    private static readonly ConcurrentDictionary<string, RunContext> ActiveSteps = new(StringComparer.Ordinal);

    /// <summary>Marks <paramref name="ctx"/> as the step whose identities its run's strategy calls save, until disposed.</summary>
    public static Scope Enter(RunContext ctx)
    {
        ActiveSteps[ctx.Run.Id] = ctx;
        return new Scope(ctx);
    }

    public ValueTask<UserIdentity?> GetIdentityAsync(Event evt, User user, string service, CancellationToken cancellationToken)
    {
        if (ActiveSteps.TryGetValue(evt.Run.Id, out RunContext? ctx) && ctx.SavedIdentity(user, service) is { } saved)
        {
            return new(saved);
        }

        return store.GetIdentityAsync(user, service, cancellationToken);
    }

    public ValueTask SaveIdentityAsync(Event evt, User user, UserIdentity identity, CancellationToken cancellationToken)
    {
        if (ActiveSteps.TryGetValue(evt.Run.Id, out RunContext? ctx))
        {
            ctx.SaveIdentity(user, identity);
            return default;
        }

        return store.SaveIdentityAsync(user, identity, cancellationToken);
    }

    internal readonly struct Scope(RunContext ctx) : IDisposable
    {
        public void Dispose() => ActiveSteps.TryRemove(new KeyValuePair<string, RunContext>(ctx.Run.Id, ctx));
    }
}
