using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Runtime;

/// <content>
/// Overlapping grants: two runs of one requester for one target of one flow grant the same access. Access is revoked only
/// when the last run that covers it ends: a deescalate that finds another run of the same grant still escalating or active
/// keeps the access (the run ends, its output says which run still covers it) and that run revokes it when it ends.
/// Escalates and deescalates of one grant are serialized, so the check and the strategy's call cannot interleave with
/// another run's: in this process by a lock of its own, and across processes by the store's lock when the store offers one
/// (<see cref="ISymGrantLocks"/>, as the PostgreSQL store does for several hosts).
/// </content>
public sealed partial class SymEngine
{
    /// <summary>
    /// The states of a run that covers the access, in the order the check reads them: the earlier state first. A covering
    /// run moves only forward (Escalating → Active → Deescalating) and its escalate commits Active after it leaves the
    /// grant's lock, so it can move between the check's two reads: read Active first, it could be Escalating then and Active
    /// by the second read, and be missed by both. Read Escalating first, a run that moves on is found in the second.
    /// </summary>
    private static readonly SymRunState[] CoveringStates = [SymRunState.Escalating, SymRunState.Active];

    private readonly RunLocks _grantLocks = new();

    /// <summary>The grant a run's strategy calls act on: its flow, target and requester.</summary>
    private static string GrantKey(SymRun run) =>
        string.Concat(run.Flow, "\n", TargetIdOf(run), "\n", run.Requester.Username.ToUpperInvariant());

    /// <summary>
    /// Waits until no other run's escalate or deescalate of the same grant is running: in this process, then, when the store
    /// is shared by several processes (<see cref="ISymGrantLocks"/>), in any of them.
    /// </summary>
    private async ValueTask<GrantLease> AcquireGrantAsync(RunContext ctx)
    {
        string key = GrantKey(ctx.Run);
        RunLocks.Releaser local = await _grantLocks.AcquireAsync(key, ctx.CancellationToken).ConfigureAwait(false);
        if (_store is not ISymGrantLocks shared)
        {
            return new GrantLease(local, null);
        }

        try
        {
            return new GrantLease(local, await shared.LockGrantAsync(key, ctx.CancellationToken).ConfigureAwait(false));
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Another run of the same grant still escalating or active (so its access must stay), or <see langword="null"/>.
    /// Call under <see cref="AcquireGrantAsync"/>.
    /// </summary>
    private async ValueTask<SymRun?> CoveringRunAsync(RunContext ctx)
    {
        SymRun run = ctx.Run;
        string target = TargetIdOf(run);
        foreach (SymRunState state in CoveringStates)
        {
            var query = new SymRunQuery { Requester = run.Requester.Username, State = state, Limit = SymRunQuery.MaxLimit };
            await foreach (SymRun other in _store.QueryRunsAsync(query, ctx.CancellationToken).ConfigureAwait(false))
            {
                if (!string.Equals(other.Id, run.Id, StringComparison.Ordinal) && string.Equals(other.Flow, run.Flow, StringComparison.Ordinal)
                    && string.Equals(TargetIdOf(other), target, StringComparison.Ordinal))
                {
                    return other;
                }
            }
        }

        return null;
    }

    private static StrategyOutput KeptFor(SymRun covering) => StrategyOutput.NoOp(covering.ExpiresAt is { } until
        ? $"kept: run {covering.Id} still grants this access (until {until:O}) and revokes it when it ends"
        : $"kept: run {covering.Id} still grants this access and revokes it when it ends");

    /// <summary>A grant's locks: this process's, and the store's when it offers one; released in the reverse order.</summary>
    private readonly struct GrantLease(RunLocks.Releaser local, IAsyncDisposable? shared) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (shared is not null)
                {
                    await shared.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                local.Dispose();
            }
        }
    }
}
