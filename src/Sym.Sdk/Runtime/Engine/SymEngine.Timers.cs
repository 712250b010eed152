using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Runtime;

/// <content>Firing due timers: notification timeouts, request expiry, scheduled deescalation, deescalate retries.</content>
public sealed partial class SymEngine
{
    private const string InterruptedEscalation =
        "The escalate did not record its result (its process stopped while granting); whether access was granted is unknown, so it is revoked.";

    /// <summary>
    /// Fires every timer due now (by the <see cref="TimeProvider"/>): forwards or expires pending requests, deescalates
    /// expired grants, retries failed deescalates. Call it from a scheduler (see <see cref="SymScheduler"/>), or from a
    /// test after advancing a fake clock.
    /// </summary>
    /// <param name="cancellationToken">Cancels the tick.</param>
    /// <returns>How many timers fired.</returns>
    public async Task<int> ProcessDueTimersAsync(CancellationToken cancellationToken = default)
    {
        int fired = 0;
        while (true)
        {
            DateTimeOffset now = _time.GetUtcNow();
            IReadOnlyList<SymTimer> due = await _store.ClaimDueTimersAsync(now, _options.TimerBatchSize, _options.TimerLease, cancellationToken)
                .ConfigureAwait(false);
            if (_options.TimerConcurrency > 1 && due.Count > 1)
            {
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.TimerConcurrency, CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(due, parallel, async (timer, ct) =>
                {
                    if (await FireAndCompleteAsync(timer, ct).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref fired);
                    }
                }).ConfigureAwait(false);
            }
            else
            {
                foreach (SymTimer timer in due)
                {
                    fired += await FireAndCompleteAsync(timer, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                }
            }

            if (due.Count < _options.TimerBatchSize)
            {
                return fired;
            }
        }
    }

    /// <returns>
    /// <see langword="true"/> when the timer fired and was completed (by its step's commit, or here when it found nothing
    /// to do); a failure leaves it claimed, so it fires again when its lease ends.
    /// </returns>
    private async ValueTask<bool> FireAndCompleteAsync(SymTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            if (await FireTimerAsync(timer, cancellationToken).ConfigureAwait(false))
            {
                await _store.CompleteTimerAsync(timer, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            _telemetry.Failed("timer", null, ex is SymException sym ? sym.ErrorCode : SymTelemetryNames.InternalErrorCode, "sdk");
            EngineLog.TimerFailed(_logger, SecretRedactor.RedactException(ex), timer.Id, SecretRedactor.Redact(ex.Message));
            return false;
        }

        return true;
    }

    /// <returns>Whether the timer still needs completing (it found nothing to do, so no commit removed it).</returns>
    private async ValueTask<bool> FireTimerAsync(SymTimer timer, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(timer.RunId, cancellationToken).ConfigureAwait(false))
        {
            for (int attempt = 1; ; attempt++)
            {
                SymRun? run = await _store.GetRunAsync(timer.RunId, cancellationToken).ConfigureAwait(false);
                if (run is null || !_flows.TryGetValue(run.Flow, out Flows.Internal.FlowDefinition? flow))
                {
                    return true;
                }

                var ctx = new RunContext(flow, run, run, cancellationToken) { Fired = timer };
                try
                {
                    await FireTimerCoreAsync(ctx, timer).ConfigureAwait(false);
                    return ctx.Fired is not null;
                }
                catch (RunConflictException) when (attempt < MaxConflictRetries)
                {
                    EngineLog.Conflict(_logger, timer.RunId, timer.Kind.ToString(), attempt);
                }
            }
        }
    }

    /// <summary>
    /// Acts on a fired timer. Each state has its own guard, written in the commit that entered it (Pending: RequestExpiry;
    /// Escalating and Active: Deescalate; Deescalating: DeescalateRetry), so a timer that finds its run in a state it does
    /// not act on is never what keeps a granted access from outliving its expiry; it is only completed.
    /// </summary>
    private async ValueTask FireTimerCoreAsync(RunContext ctx, SymTimer timer)
    {
        SymRun run = ctx.Run;
        DateTimeOffset now = _time.GetUtcNow();
        switch (timer.Kind)
        {
            case SymTimerKind.RequestTimeout when run.State == SymRunState.Pending && timer.Argument == ResumeAnnouncementArgument:
                // A hook-fired chain died between its commits (RequestFiringAsync): the request was never announced.
                ScheduleNotificationTimeout(ctx);
                Announce(ctx);
                await CommitAsync(ctx).ConfigureAwait(false);
                return;
            case SymTimerKind.RequestTimeout when run.State == SymRunState.Pending && run.NotificationIndex == timer.Argument:
                await ForwardStepAsync(ctx, "timed out", fromHook: false).ConfigureAwait(false);
                return;
            case SymTimerKind.RequestExpiry when run.State == SymRunState.Pending && run.PendingExpiresAt is { } expires && expires > now:
                // Fired early (a clock behind another process's): the request's lifetime is not over; re-arm.
                ctx.Schedule(Timer(ctx, SymTimerKind.RequestExpiry, expires));
                await CommitAsync(ctx).ConfigureAwait(false);
                return;
            case SymTimerKind.RequestExpiry when run.State == SymRunState.Pending:
                await ExpireStepAsync(ctx, "The request expired without a decision.", fromHook: false).ConfigureAwait(false);
                return;
            case SymTimerKind.Deescalate when run.State == SymRunState.Active && run.ExpiresAt is { } expiresAt && expiresAt > now:
                // Fired before the expiry (scheduled at approval, or before an extension): re-arm at the expiry, never drop.
                ctx.Schedule(Timer(ctx, SymTimerKind.Deescalate, expiresAt));
                await CommitAsync(ctx).ConfigureAwait(false);
                return;
            case SymTimerKind.Deescalate when run.State == SymRunState.Active && run.ExpiresAt is not null:
                await DeescalateStepAsync(ctx, "scheduled", null, null, fromHook: false).ConfigureAwait(false);
                return;
            case SymTimerKind.Deescalate when run.State == SymRunState.Escalating && ctx.Flow.Options.ScheduleDeescalation:
                // The escalate that approval started never recorded its result (its process stopped): its outcome is
                // unknown, so the audit says so, and access is revoked when the grant would have expired.
                Audit(ctx, "escalate", EngineActor, SymAuditOutcome.Failed, InterruptedEscalation, SymErrorCodes.EscalationInterrupted);
                await DeescalateStepAsync(ctx, "scheduled", null, null, fromHook: false).ConfigureAwait(false);
                return;
            case SymTimerKind.Deescalate when run.State == SymRunState.Escalating:
                SymRunError error = ReportSdkError(ctx, "escalate", SymErrorCodes.EscalationInterrupted,
                    $"The grant did not finish within {_options.EscalationTimeout} (its process stopped while escalating); access is revoked.");
                await FailEscalationAsync(ctx, null, error).ConfigureAwait(false);
                return;
            case SymTimerKind.DeescalateRetry when run.State == SymRunState.Deescalating:
                await RunDeescalateAsync(ctx).ConfigureAwait(false);
                return;
            default:
                EngineLog.StaleTimer(_logger, timer.Id, run.Id, run.State);
                return;
        }
    }
}
