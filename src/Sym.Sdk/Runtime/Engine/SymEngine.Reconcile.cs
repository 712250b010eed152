using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Runtime;

/// <content>Reconciliation at start: every non-final run has the timer that moves it on.</content>
public sealed partial class SymEngine
{
    private static readonly SymRunState[] GuardedStates = [SymRunState.Pending, SymRunState.Escalating, SymRunState.Active, SymRunState.Deescalating];

    /// <summary>
    /// Checks that every run in a non-final state has the timer that moves it on — Pending its request expiry, Escalating
    /// and Active (with an expiry) their deescalation, Deescalating its deescalate retry — and repairs any that does not:
    /// schedules the timer, records why on the run and in the audit log, reports it to the flow's error channel, logs it
    /// and counts it (<c>sym.runs.repaired</c>). Each step commits its guard with the state it enters, so this should find
    /// nothing; it is belt and braces for a store that lost a write. <see cref="SymScheduler"/> runs it when it starts.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>How many runs were repaired.</returns>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        int checkedRuns = 0;
        int repaired = 0;
        foreach (SymRunState state in GuardedStates)
        {
            var missing = new List<string>();
            await foreach (SymRun run in _store.ListRunsAsync(state, cancellationToken).ConfigureAwait(false))
            {
                checkedRuns++;
                if (run.State == SymRunState.Deescalating && run.DeescalateFailures > 0)
                {
                    _telemetry.MarkAwaitingRevocation(run.Id, awaiting: true);
                }

                if (GuardOf(run) is { } kind && !HasTimer(await _store.GetTimersAsync(run.Id, cancellationToken).ConfigureAwait(false), kind))
                {
                    missing.Add(run.Id);
                }
            }

            foreach (string runId in missing)
            {
                repaired += await RepairAsync(runId, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }

        EngineLog.Reconciled(_logger, checkedRuns, repaired);
        return repaired;
    }

    /// <summary>The timer that moves a run in this state on, or <see langword="null"/> when it needs none.</summary>
    private static SymTimerKind? GuardOf(SymRun run) => run.State switch
    {
        SymRunState.Pending => SymTimerKind.RequestExpiry,
        SymRunState.Escalating => SymTimerKind.Deescalate,
        SymRunState.Active when run.ExpiresAt is not null => SymTimerKind.Deescalate,
        SymRunState.Deescalating => SymTimerKind.DeescalateRetry,
        _ => null, // final, or Active with no expiry (access until revoked, by the flow's choice)
    };

    private static bool HasTimer(IReadOnlyList<SymTimer> timers, SymTimerKind kind)
    {
        foreach (SymTimer timer in timers)
        {
            if (timer.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask<bool> RepairAsync(string runId, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            for (int attempt = 1; ; attempt++)
            {
                SymRun? run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
                if (run is null || !_flows.TryGetValue(run.Flow, out Flows.Internal.FlowDefinition? flow) || GuardOf(run) is not { } kind
                    || HasTimer(await _store.GetTimersAsync(runId, cancellationToken).ConfigureAwait(false), kind))
                {
                    return false;
                }

                DateTimeOffset now = _time.GetUtcNow();
                DateTimeOffset dueAt = run.State switch
                {
                    SymRunState.Pending => run.PendingExpiresAt ?? now,
                    SymRunState.Active => run.ExpiresAt ?? now,
                    _ => now,
                };
                var ctx = new RunContext(flow, run, run, cancellationToken);
                string message = $"Run {run.Id} was {run.State} with no {kind} timer to move it on; one was scheduled for {dueAt:O}.";
                ReportSdkError(ctx, "reconcile", SymErrorCodes.RunRepaired, message);
                ctx.Schedule(Timer(ctx, kind, dueAt));
                Audit(ctx, "reconcile", EngineActor, SymAuditOutcome.Applied, message);
                try
                {
                    await CommitAsync(ctx).ConfigureAwait(false);
                }
                catch (RunConflictException) when (attempt < MaxConflictRetries)
                {
                    continue;
                }

                _telemetry.RunRepaired(flow.Name);
                EngineLog.RunRepaired(_logger, run.Id, run.State, kind.ToString());
                return true;
            }
        }
    }
}
