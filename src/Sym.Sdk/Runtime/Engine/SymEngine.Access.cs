using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>
/// Escalate and deescalate (scheduled, revoke, relinquish, compensating, retried). Every call to the strategy sits
/// between two commits: the one before puts the run in a state guarded by a timer (Escalating by the Deescalate timer,
/// Deescalating by the DeescalateRetry timer), the one after records the result. A process that dies during the call
/// leaves the guard, which finishes the run; the call's result is recorded once, never by calling again.
/// </content>
public sealed partial class SymEngine
{
    private static readonly StrategyOutput AppliedOutput = StrategyOutput.Applied();

    /// <summary>Escalates a run the approval left in Escalating, and records the result.</summary>
    private async ValueTask EscalateStepAsync(RunContext ctx, User actor)
    {
        using var activity = SymTelemetry.StartStep(SymTelemetryNames.Spans.Escalate, ctx.Flow.Name, ctx.Run.Id);
        Event evt = await BuildEventAsync(ctx, ApprovalTemplateStep.Escalate, actor).ConfigureAwait(false);
        HookDecision decision = RefuseLoop(ctx, ApprovalTemplateStep.Escalate, await OnHookAsync(ctx, ApprovalTemplateStep.Escalate, evt).ConfigureAwait(false));
        switch (decision.Kind)
        {
            case HookDecisionKind.Failed:
                await FailEscalationAsync(ctx, actor, ctx.Run.Errors[^1]).ConfigureAwait(false);
                return;
            case HookDecisionKind.Ignore:
                ctx.Update(ctx.Run with
                {
                    Version = ctx.NextVersion,
                    State = SymRunState.Cancelled, EndedAt = _time.GetUtcNow(), DecisionReason = decision.Message,
                });
                ctx.Cancel(SymTimerKind.Deescalate);
                Audit(ctx, "escalate", EngineActor, SymAuditOutcome.Ignored, decision.Message);
                UpdateRequest(ctx, SymRunUpdateKind.Cancelled, null, decision.Message, requester: true);
                await CommitAsync(ctx).ConfigureAwait(false);
                return;
            case HookDecisionKind.Redirect:
                await FireAsync(ctx, decision.Step, decision.Message, ApprovalTemplateStep.Escalate).ConfigureAwait(false);
                return;
        }

        AccessStrategy strategy = ctx.Flow.Strategy!; // only a flow with a strategy escalates
        Exception? failure = null;
        await using ((await AcquireGrantAsync(ctx).ConfigureAwait(false)).ConfigureAwait(false))
        {
            if (!await StillCurrentAsync(ctx, SymRunState.Escalating).ConfigureAwait(false))
            {
                return; // another host escalated (or ended) the run while this one waited for the grant
            }

            StrategyOutput? output = null;
            using (StepIdentityStore.Enter(ctx))
            {
                try
                {
                    UserIdentity? identity = await ctx.Flow.Implementation.GetIdentityAsync(evt, ctx.CancellationToken).ConfigureAwait(false);
                    if (identity is not null)
                    {
                        ctx.SaveIdentity(ctx.Run.Requester, identity with { Service = strategy.IdentityService });
                    }

                    output = await CallStrategyAsync(ctx, escalate: true, evt).ConfigureAwait(false) ?? AppliedOutput;
                }
                catch (Exception ex) when (!IsCancellation(ex, ctx.CancellationToken))
                {
                    failure = ex;
                }
            }

            if (failure is null)
            {
                // Still under the grant's lock: another run's deescalate never sees this grant made but not yet recorded Active.
                await CommitOrReapplyAsync(ctx, (actor, output: output!), static (engine, c, s) => engine.ApplyEscalated(c, s.actor, s.output))
                    .ConfigureAwait(false);
            }
        }

        if (failure is not null)
        {
            // Outside the grant's lock: the compensating deescalate takes it again.
            await FailEscalationAsync(ctx, actor, Report(ctx, "escalate", "strategy", failure)).ConfigureAwait(false);
            return;
        }

        if (ctx.Run.State == SymRunState.Active)
        {
            _telemetry.Escalated(ctx.Flow.Name);
            await AfterHookAsync(ctx, ApprovalTemplateStep.Escalate, await BuildEventAsync(ctx, ApprovalTemplateStep.Escalate, actor).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records a successful escalate on the run as stored now. Normally Escalating → Active, guarded by the Deescalate
    /// timer at the expiry. If another process began revoking the run meanwhile, or ended it, access granted by this call
    /// must still end: a deescalate retry is scheduled now (reopening an ended run).
    /// </summary>
    private bool ApplyEscalated(RunContext ctx, User actor, StrategyOutput output)
    {
        SymRun run = ctx.Run;
        DateTimeOffset now = _time.GetUtcNow();
        switch (run.State)
        {
            case SymRunState.Escalating:
                DateTimeOffset? expiresAt = ctx.Flow.Options.ScheduleDeescalation ? now + run.Duration : null;
                ctx.Update(run with
                {
                    Version = ctx.NextVersion,
                    State = SymRunState.Active,
                    EscalatedAt = now,
                    ExpiresAt = expiresAt,
                    Outputs = CopyOnWrite.With(run.Outputs, "escalate", output),
                    Actors = CopyOnWrite.With(run.Actors, "escalate", actor),
                });
                if (expiresAt is { } due)
                {
                    ctx.Schedule(Timer(ctx, SymTimerKind.Deescalate, due));
                }
                else
                {
                    ctx.Cancel(SymTimerKind.Deescalate);
                }

                Audit(ctx, "escalate", actor.Username, output.IsNoOp ? SymAuditOutcome.NoOp : SymAuditOutcome.Applied, output.Message);
                UpdateRequest(ctx, SymRunUpdateKind.Escalated, actor, output.Message, requester: true);
                return true;
            case SymRunState.Deescalating:
            case SymRunState.Ended or SymRunState.Errored or SymRunState.Cancelled or SymRunState.Denied or SymRunState.Expired:
                const string late = "Access was granted after the run had moved on; it is being revoked again.";
                ReportSdkError(ctx, "escalate", SymErrorCodes.LateGrant, $"{late} (The run was {run.State} when the strategy returned.)");
                ctx.Update(ctx.Run with
                {
                    Version = ctx.NextVersion,
                    State = SymRunState.Deescalating,
                    DeescalateType = run.State == SymRunState.Deescalating ? run.DeescalateType : "compensate",
                    EndedAt = null,
                    Outputs = CopyOnWrite.With(run.Outputs, "escalate", output),
                });
                ctx.Schedule(Timer(ctx, SymTimerKind.DeescalateRetry, now));
                Audit(ctx, "escalate", actor.Username, SymAuditOutcome.Applied, late);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Escalation failed (or was interrupted): the run errors, the requester is told, and a compensating deescalate runs,
    /// all behind the DeescalateRetry guard committed first.
    /// </summary>
    private async ValueTask FailEscalationAsync(RunContext ctx, User? actor, SymRunError error)
    {
        await CommitOrReapplyAsync(ctx, (actor, error), static (engine, c, s) => engine.ApplyEscalationFailed(c, s.actor, s.error)).ConfigureAwait(false);
        if (ctx.Run.State == SymRunState.Deescalating && ctx.Run.EscalationFailed)
        {
            await RunDeescalateAsync(ctx).ConfigureAwait(false);
        }
    }

    private bool ApplyEscalationFailed(RunContext ctx, User? actor, SymRunError error)
    {
        if (ctx.Run.State != SymRunState.Escalating)
        {
            return false;
        }

        EnsureRecorded(ctx, error);
        ctx.Update(ctx.Run with { Version = ctx.NextVersion, State = SymRunState.Deescalating, EscalationFailed = true, DeescalateType = "compensate" });
        ctx.Cancel(SymTimerKind.Deescalate);
        ctx.Schedule(Timer(ctx, SymTimerKind.DeescalateRetry, _time.GetUtcNow() + _backoff.Delay(ctx.Run.DeescalateFailures + 1)));
        Audit(ctx, "escalate", actor?.Username ?? EngineActor, SymAuditOutcome.Failed, error.Message, error.Code);
        UpdateRequest(ctx, SymRunUpdateKind.Errored, null, $"Access could not be granted: {error.Message}", requester: true);
        return true;
    }

    /// <summary>Puts <paramref name="error"/> on the run (and queues its report) unless the working snapshot has it already.</summary>
    private static void EnsureRecorded(RunContext ctx, SymRunError error)
    {
        IReadOnlyList<SymRunError> errors = ctx.Run.Errors;
        if (errors.Count > 0 && ReferenceEquals(errors[^1], error))
        {
            return;
        }

        ctx.Update(RunErrors.Append(ctx.Run, error));
        ctx.Send(SymNotificationKind.Error, channel: ctx.Flow.ErrorChannel,
            error: new SymErrorReport { Flow = ctx.Flow.Name, RunId = ctx.Run.Id, Error = error, Requester = ctx.Run.Requester });
    }

    private async ValueTask<SymActionResult> RevokeStepAsync(RunContext ctx, User actor, string? reason)
    {
        if (RunRules.StateRefusal(ctx.Run, SymRunAction.Revoke) is { } notNow)
        {
            return await IgnoreAsync(ctx, "revoke", actor, notNow).ConfigureAwait(false);
        }

        if (Authorizer.CanRevoke(ctx.Flow, ctx.Run, actor) is { } denial)
        {
            return await IgnoreAsync(ctx, "revoke", actor, denial).ConfigureAwait(false);
        }

        return await DeescalateStepAsync(ctx, "revoke", actor, reason, fromHook: false).ConfigureAwait(false);
    }

    private async ValueTask<SymActionResult> RelinquishStepAsync(RunContext ctx, User actor)
    {
        if (RunRules.StateRefusal(ctx.Run, SymRunAction.Relinquish) is { } notNow)
        {
            return await IgnoreAsync(ctx, "relinquish", actor, notNow).ConfigureAwait(false);
        }

        if (Authorizer.CanRelinquish(ctx.Run, actor) is { } denial)
        {
            return await IgnoreAsync(ctx, "relinquish", actor, denial).ConfigureAwait(false);
        }

        return await DeescalateStepAsync(ctx, "relinquish", actor, null, fromHook: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims the run for deescalation (Active or Escalating → Deescalating) in a commit that also schedules the
    /// DeescalateRetry guard, then revokes access.
    /// </summary>
    private async ValueTask<SymActionResult> DeescalateStepAsync(RunContext ctx, string type, User? actor, string? reason, bool fromHook)
    {
        User eventUser = actor ?? ctx.Run.Requester;
        EventFields fields = DeescalateFields(ctx.Run, type);
        // A fired deescalate runs its On… hook too (Event.InternalChannel); like a scheduled one, it cannot be ignored.
        Event evt = await BuildEventAsync(ctx, ApprovalTemplateStep.Deescalate, eventUser, fields, fired: fromHook).ConfigureAwait(false);
        HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.Deescalate, evt).ConfigureAwait(false);
        if (decision.Kind == HookDecisionKind.Ignore)
        {
            if (actor is not null && !fromHook)
            {
                return await IgnoreAsync(ctx, type, actor, decision.Message!).ConfigureAwait(false);
            }

            // Access never outlives its expiry: a hook may not cancel a scheduled deescalation.
            ReportSdkError(ctx, "deescalate", SymErrorCodes.InvalidStep,
                $"OnDeescalateAsync ignored a {(fromHook ? "hook-fired" : "scheduled")} deescalation ('{decision.Message}'); access was revoked anyway.");
        }

        ctx.Update(ctx.Run with
        {
            Version = ctx.NextVersion,
            State = SymRunState.Deescalating,
            DeescalateType = type,
            DecisionReason = reason ?? ctx.Run.DecisionReason,
            Actors = CopyOnWrite.With(ctx.Run.Actors, "deescalate", eventUser),
        });
        ctx.Cancel(SymTimerKind.Deescalate);
        ctx.Schedule(Timer(ctx, SymTimerKind.DeescalateRetry, _time.GetUtcNow() + _backoff.Delay(ctx.Run.DeescalateFailures + 1)));
        await CommitAsync(ctx).ConfigureAwait(false);
        await RunDeescalateAsync(ctx, fields).ConfigureAwait(false);
        return ctx.Run switch
        {
            { State: SymRunState.Ended or SymRunState.Errored } run when run.Outputs.GetValueOrDefault("deescalate") is { } kept
                && kept.Data.ContainsKey(KeptForData) => SymActionResult.Applied(run, kept.Message!),
            { State: SymRunState.Ended or SymRunState.Errored } run => SymActionResult.Applied(run, "Access was revoked."),
            var run => SymActionResult.Applied(run, "Revoking access failed; it is being retried."),
        };
    }

    /// <summary>
    /// Revokes the access of a run in Deescalating (guarded by its DeescalateRetry timer) and records the result: Ended (or
    /// Errored after a failed grant), or a failure with the next retry — never dropped while access may be granted. Another
    /// Active run of the same grant keeps the access instead (see SymEngine.Grants.cs).
    /// </summary>
    private async ValueTask RunDeescalateAsync(RunContext ctx, EventFields? fields = null)
    {
        using var activity = SymTelemetry.StartStep(SymTelemetryNames.Spans.Deescalate, ctx.Flow.Name, ctx.Run.Id);
        string type = ctx.Run.DeescalateType ?? "scheduled";
        activity?.SetTag(SymTelemetryNames.Tags.DeescalateType, type);
        User eventUser = ctx.Run.Actors.GetValueOrDefault("deescalate") ?? ctx.Run.Requester;
        Event evt = await BuildEventAsync(ctx, ApprovalTemplateStep.Deescalate, eventUser, fields ?? DeescalateFields(ctx.Run, type)).ConfigureAwait(false);
        await using ((await AcquireGrantAsync(ctx).ConfigureAwait(false)).ConfigureAwait(false))
        {
            if (!await StillCurrentAsync(ctx, SymRunState.Deescalating).ConfigureAwait(false))
            {
                return; // another host revoked the access (or recorded a try) while this one waited for the grant
            }

            StrategyOutput output;
            using (StepIdentityStore.Enter(ctx))
            {
                try
                {
                    output = await ActiveRunOfGrantAsync(ctx).ConfigureAwait(false) is { } covering
                        ? KeptFor(covering)
                        : await CallStrategyAsync(ctx, escalate: false, evt).ConfigureAwait(false) ?? AppliedOutput;
                }
                catch (Exception ex) when (!IsCancellation(ex, ctx.CancellationToken))
                {
                    await CommitOrReapplyAsync(ctx, ex, static (engine, c, e) => engine.ApplyDeescalateFailed(c, e)).ConfigureAwait(false);
                    return;
                }
            }

            // Still under the grant's lock: the next escalate or deescalate of this grant sees this run's result.
            await CommitOrReapplyAsync(ctx, (output, type, eventUser), static (engine, c, s) => engine.ApplyDeescalated(c, s.output, s.type, s.eventUser))
                .ConfigureAwait(false);
        }

        if (!ctx.Run.IsFinal)
        {
            return;
        }

        _telemetry.Deescalated(ctx.Flow.Name, type);
        _telemetry.MarkAwaitingRevocation(ctx.Run.Id, awaiting: false);
        if (type == "scheduled" && ctx.Run.ExpiresAt is { } expiresAt)
        {
            _telemetry.DeescalationLagged(ctx.Flow.Name, Math.Max(0, (ctx.Run.EndedAt!.Value - expiresAt).TotalSeconds));
        }

        await AfterHookAsync(ctx, ApprovalTemplateStep.Deescalate, await BuildEventAsync(ctx, ApprovalTemplateStep.Deescalate, eventUser, evt.Fields).ConfigureAwait(false))
            .ConfigureAwait(false);
    }

    private bool ApplyDeescalated(RunContext ctx, StrategyOutput output, string type, User eventUser)
    {
        if (ctx.Run.State != SymRunState.Deescalating)
        {
            return false; // another process finished it
        }

        ctx.Update(ctx.Run with
        {
            Version = ctx.NextVersion,
            State = ctx.Run.EscalationFailed ? SymRunState.Errored : SymRunState.Ended,
            EndedAt = _time.GetUtcNow(),
            Outputs = CopyOnWrite.With(ctx.Run.Outputs, "deescalate", output),
        });
        ctx.Cancel(SymTimerKind.DeescalateRetry);
        Audit(ctx, "deescalate", type is "scheduled" or "compensate" ? EngineActor : eventUser.Username,
            output.IsNoOp ? SymAuditOutcome.NoOp : SymAuditOutcome.Applied, output.Message);
        SymRunUpdateKind kind = type switch
        {
            "scheduled" => SymRunUpdateKind.AccessExpired,
            "relinquish" => SymRunUpdateKind.Relinquished,
            "compensate" => SymRunUpdateKind.Compensated,
            _ => SymRunUpdateKind.Revoked,
        };
        UpdateRequest(ctx, kind, type is "scheduled" or "compensate" ? null : eventUser, output.Message, requester: true);
        return true;
    }

    /// <summary>
    /// Records a failed deescalate. When no grant was ever recorded (the grant failed, or was interrupted before its
    /// result was recorded), a permanent failure (<see cref="SymException.IsPermanent"/>: the identity does not exist, say)
    /// will not go away by retrying: the run ends Errored with one clear report. Otherwise access may be granted, so the
    /// deescalate is retried with capped backoff forever, reported on the 1st, 2nd, 4th, 8th, … failure (every failure is
    /// on the run and in the audit log).
    /// </summary>
    private bool ApplyDeescalateFailed(RunContext ctx, Exception exception)
    {
        if (ctx.Run.State != SymRunState.Deescalating)
        {
            return false;
        }

        int failures = ctx.Run.DeescalateFailures + 1;
        DateTimeOffset now = _time.GetUtcNow();
        string code = exception is SymException sym ? sym.ErrorCode : SymErrorCodes.UserCodeFailed;
        string message = ErrorText.For(exception);
        if (exception is SymException { IsPermanent: true } && ctx.Run.EscalatedAt is null)
        {
            string gaveUp = ctx.Run.EscalationFailed
                ? $"{message} The grant failed and revoking fails permanently, so there is nothing to revoke; the run ends here."
                : $"{message} The grant was interrupted before its result was recorded, and revoking fails permanently; the run ends here. Check by hand that the access is gone.";
            RecordError(ctx, "deescalate", "strategy", code, gaveUp, exception: exception);
            ctx.Update(ctx.Run with { Version = ctx.NextVersion, State = SymRunState.Errored, EndedAt = now, DeescalateFailures = failures });
            ctx.Cancel(SymTimerKind.DeescalateRetry);
            Audit(ctx, "deescalate", EngineActor, SymAuditOutcome.Failed, gaveUp, code);
            UpdateRequest(ctx, SymRunUpdateKind.Errored, null, gaveUp, requester: !ctx.Run.EscalationFailed);
            _telemetry.MarkAwaitingRevocation(ctx.Run.Id, awaiting: false);
            return true;
        }

        RecordError(ctx, "deescalate", "strategy", code, message, report: (failures & (failures - 1)) == 0, exception: exception);
        DateTimeOffset retryAt = now + _backoff.Delay(failures);
        ctx.Update(ctx.Run with { Version = ctx.NextVersion, DeescalateFailures = failures });
        ctx.Schedule(Timer(ctx, SymTimerKind.DeescalateRetry, retryAt));
        Audit(ctx, "deescalate", EngineActor, SymAuditOutcome.Failed, message, code);
        EngineLog.DeescalateRetryScheduled(_logger, ctx.Run.Id, failures, retryAt);
        _telemetry.MarkAwaitingRevocation(ctx.Run.Id, awaiting: true);
        return true;
    }
}
