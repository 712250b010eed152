using System.Globalization;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Runtime;

/// <content>
/// Overlapping grants: runs of one requester for one target of one flow (<see cref="RunGrant"/>) grant the same access, so
/// access is revoked only when the last run that holds it ends. A deescalate first looks for another Active run of the
/// grant: if there is one, the access stays (this run ends with a no-op output that names it, <see cref="KeptForData"/>)
/// and that run revokes it when it ends, by the same rule; otherwise the strategy revokes it.
/// <para>Only an Active run (its grant recorded) keeps the access. A run still Escalating may never hold it (its grant may
/// fail, its <c>OnEscalateAsync</c> may cancel it, its process may stop), and every Active run has its own guard and ends
/// through a deescalate, so no crash, failure or hook leaves access without a run that will revoke it.</para>
/// <para>The look, the strategy's call and the commit that records its result are one critical section per grant, held by
/// escalates and deescalates alike, so a run granted but not yet recorded Active is never missed: a deescalate waits for
/// the escalate's commit, and an escalate that comes after a revoke grants the access again. In this process the section
/// is a striped lock of the engine's own; across processes it is the store's lock when the store offers one
/// (<see cref="ISymGrantLocks"/>, as the PostgreSQL store does for several hosts). Without it, several hosts over one
/// store could see an escalate on one racing a deescalate on another revoke the fresh grant early (never keep it too
/// long: every run of the grant still revokes it when it ends).</para>
/// </content>
public sealed partial class SymEngine
{
    /// <summary>The key of <see cref="StrategyOutput.Data"/> on a deescalate that kept the access: the id of the run that still grants it.</summary>
    internal const string KeptForData = "kept_for";

    private readonly RunLocks _grantLocks = new();

    /// <summary>The per-grant locks of this process (tests observe contention on them).</summary>
    internal RunLocks GrantLocks => _grantLocks;

    /// <summary>
    /// Waits until no other run's escalate or deescalate of the same grant is in its critical section: in this process,
    /// then, when the store is shared by several processes (<see cref="ISymGrantLocks"/>), in any of them.
    /// </summary>
    private async ValueTask<GrantLease> AcquireGrantAsync(RunContext ctx)
    {
        string key = RunGrant.KeyOf(ctx.Run);
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
    /// Under a grant's lock shared across hosts (<see cref="ISymGrantLocks"/>): whether the run is still as this step read
    /// it. While this host waited for the lock, another may have taken the same step of the same run (a revoke racing the
    /// expiry's timer, a guard's retry) and recorded it; calling the strategy again would grant or revoke twice. Reloads
    /// the run: the step goes on with the stored run when it is still in <paramref name="expected"/>, else it stops (the
    /// timer or message that started it is completed). Without a shared lock the run's own lock already excludes this.
    /// </summary>
    private async ValueTask<bool> StillCurrentAsync(RunContext ctx, SymRunState expected)
    {
        if (_store is not ISymGrantLocks)
        {
            return true;
        }

        SymRun? fresh = await _store.GetRunAsync(ctx.Run.Id, ctx.CancellationToken).ConfigureAwait(false);
        if (fresh is not null && fresh.Version == ctx.Stored?.Version)
        {
            return true;
        }

        EngineLog.Conflict(_logger, ctx.Run.Id, "grant", 1);
        if (fresh is null)
        {
            return false;
        }

        SymTimer? fired = ctx.Fired;
        SymOutboxMessage? delivered = ctx.Delivered;
        ctx.Reset(fresh);
        ctx.Fired = fired;
        ctx.Delivered = delivered;
        if (fresh.State == expected)
        {
            return true;
        }

        if (fired is not null || delivered is not null)
        {
            await CommitAsync(ctx, recordsFact: true).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Another Active run of the same grant (it holds the access and revokes it when it ends), or <see langword="null"/>. Call under <see cref="AcquireGrantAsync"/>.</summary>
    private async ValueTask<SymRun?> ActiveRunOfGrantAsync(RunContext ctx)
    {
        SymRun run = ctx.Run;
        SymRunQuery query = new() { Requester = run.Requester.Username, State = SymRunState.Active, Limit = SymRunQuery.MaxLimit };
        while (true)
        {
            SymRun? last = null;
            int count = 0;
            await foreach (SymRun other in _store.QueryRunsAsync(query, ctx.CancellationToken).ConfigureAwait(false))
            {
                if (!string.Equals(other.Id, run.Id, StringComparison.Ordinal) && RunGrant.Same(run, other))
                {
                    return other;
                }

                last = other;
                count++;
            }

            if (last is null || count < query.Limit)
            {
                return null;
            }

            query = query.After(last);
        }
    }

    /// <summary>The output of a deescalate that leaves the access to <paramref name="covering"/>, which revokes it when it ends.</summary>
    private static StrategyOutput KeptFor(SymRun covering) => new()
    {
        Outcome = StrategyOutcome.NoOp,
        Message = covering.ExpiresAt is { } until
            ? string.Create(CultureInfo.InvariantCulture,
                $"Access kept: request {covering.Id} still grants it (until {until:yyyy-MM-dd HH:mm:ss} UTC) and revokes it when that request ends.")
            : $"Access kept: request {covering.Id} still grants it and revokes it when that request ends.",
        Data = new Dictionary<string, string>(1, StringComparer.Ordinal) { [KeptForData] = covering.Id },
    };

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
