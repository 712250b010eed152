using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>Escalate and deescalate (scheduled, revoke, relinquish, compensating, retried).</content>
public sealed partial class SymEngine
{
    private static string TargetIdOf(SymRun run) => run.Fields.TargetId ?? run.Target?.Id ?? string.Empty;

    private async ValueTask EscalateStepAsync(RunContext ctx, User actor)
    {
        using var activity = SymTelemetry.StartStep("escalate", ctx.Flow.Name, ctx.Run.Id);
        Event evt = BuildEvent(ctx, ApprovalTemplateStep.Escalate, actor);
        HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.Escalate, evt).ConfigureAwait(false);
        switch (decision.Kind)
        {
            case HookDecisionKind.Failed:
                await FailEscalationAsync(ctx, actor, ctx.Run.Errors[^1]).ConfigureAwait(false);
                return;
            case HookDecisionKind.Ignore:
                await SaveAsync(ctx, ctx.Run with
                {
                    Version = ctx.NextVersion, State = SymRunState.Cancelled, EndedAt = _time.GetUtcNow(), DecisionReason = decision.Message,
                }).ConfigureAwait(false);
                await CancelTimerAsync(ctx, SymTimerKind.Deescalate).ConfigureAwait(false);
                await AuditAsync(ctx, "escalate", EngineActor, SymAuditOutcome.Ignored, decision.Message).ConfigureAwait(false);
                await UpdateRequestAsync(ctx, SymRunUpdateKind.Cancelled, null, decision.Message, requester: true).ConfigureAwait(false);
                return;
            case HookDecisionKind.Redirect:
                await FireAsync(ctx, decision.Step, decision.Message, actor).ConfigureAwait(false);
                return;
        }

        AccessStrategy strategy = ctx.Flow.Strategy;
        StrategyOutput output;
        try
        {
            UserIdentity? identity = await ctx.Flow.Implementation.GetIdentityAsync(evt, ctx.CancellationToken).ConfigureAwait(false);
            if (identity is not null && strategy.IdentityStore is { } identities)
            {
                await identities.SaveIdentityAsync(ctx.Run.Requester, identity with { Service = strategy.IdentityService }, ctx.CancellationToken)
                    .ConfigureAwait(false);
            }

            output = await CallStrategyAsync(ctx, escalate: true, evt).ConfigureAwait(false) ?? StrategyOutput.Applied();
        }
        catch (Exception ex) when (!IsCancellation(ex, ctx.CancellationToken))
        {
            SymRunError error = await ReportAsync(ctx, "escalate", "strategy", ex).ConfigureAwait(false);
            await FailEscalationAsync(ctx, actor, error).ConfigureAwait(false);
            return;
        }

        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset? expiresAt = ctx.Flow.Options.ScheduleDeescalation ? now + ctx.Run.Duration : null;
        await SaveAsync(ctx, ctx.Run with
        {
            Version = ctx.NextVersion,
            State = SymRunState.Active,
            EscalatedAt = now,
            ExpiresAt = expiresAt,
            Outputs = CopyOnWrite.With(ctx.Run.Outputs, "escalate", output),
            Actors = CopyOnWrite.With(ctx.Run.Actors, "escalate", actor),
        }).ConfigureAwait(false);
        if (expiresAt is { } due)
        {
            await ScheduleAsync(ctx, SymTimerKind.Deescalate, due).ConfigureAwait(false);
        }

        await AuditAsync(ctx, "escalate", actor.Username, output.IsNoOp ? SymAuditOutcome.NoOp : SymAuditOutcome.Applied, output.Message)
            .ConfigureAwait(false);
        _telemetry.Escalations.Add(1);
        await UpdateRequestAsync(ctx, SymRunUpdateKind.Escalated, actor, output.Message, requester: true).ConfigureAwait(false);
        await AfterHookAsync(ctx, ApprovalTemplateStep.Escalate, BuildEvent(ctx, ApprovalTemplateStep.Escalate, actor)).ConfigureAwait(false);
    }

    /// <summary>Escalation failed: the run errors, the requester is told, and a compensating deescalate runs.</summary>
    private async ValueTask FailEscalationAsync(RunContext ctx, User actor, SymRunError error)
    {
        await SaveAsync(ctx, ctx.Run with
        {
            Version = ctx.NextVersion,
            State = SymRunState.Deescalating,
            EscalationFailed = true,
            DeescalateType = "compensate",
        }).ConfigureAwait(false);
        await CancelTimerAsync(ctx, SymTimerKind.Deescalate).ConfigureAwait(false);
        await AuditAsync(ctx, "escalate", actor.Username, SymAuditOutcome.Failed, error.Message, error.Code).ConfigureAwait(false);
        await UpdateRequestAsync(ctx, SymRunUpdateKind.Errored, null, $"Access could not be granted: {error.Message}", requester: true)
            .ConfigureAwait(false);
        await RunDeescalateAsync(ctx).ConfigureAwait(false);
    }

    private async ValueTask<SymActionResult> RevokeStepAsync(RunContext ctx, User actor, string? reason)
    {
        if (ctx.Run.State != SymRunState.Active)
        {
            return await IgnoreAsync(ctx, "revoke", actor, ctx.Run.State == SymRunState.Pending ? "This request has not been approved." : StateMessage(ctx.Run))
                .ConfigureAwait(false);
        }

        if (Authorizer.CanRevoke(ctx.Flow, ctx.Run, actor) is { } denial)
        {
            return await IgnoreAsync(ctx, "revoke", actor, denial).ConfigureAwait(false);
        }

        return await DeescalateStepAsync(ctx, "revoke", actor, reason, fromHook: false).ConfigureAwait(false);
    }

    private async ValueTask<SymActionResult> RelinquishStepAsync(RunContext ctx, User actor)
    {
        if (ctx.Run.State != SymRunState.Active)
        {
            return await IgnoreAsync(ctx, "relinquish", actor, ctx.Run.State == SymRunState.Pending ? "This request has not been approved." : StateMessage(ctx.Run))
                .ConfigureAwait(false);
        }

        if (Authorizer.CanRelinquish(ctx.Run, actor) is { } denial)
        {
            return await IgnoreAsync(ctx, "relinquish", actor, denial).ConfigureAwait(false);
        }

        return await DeescalateStepAsync(ctx, "relinquish", actor, null, fromHook: false).ConfigureAwait(false);
    }

    /// <summary>Claims the run for deescalation (Active or Escalating → Deescalating) and revokes access.</summary>
    private async ValueTask<SymActionResult> DeescalateStepAsync(RunContext ctx, string type, User? actor, string? reason, bool fromHook)
    {
        User eventUser = actor ?? ctx.Run.Requester;
        EventFields fields = DeescalateFields(ctx.Run, type);
        if (!fromHook)
        {
            Event evt = BuildEvent(ctx, ApprovalTemplateStep.Deescalate, eventUser, fields);
            HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.Deescalate, evt).ConfigureAwait(false);
            if (decision.Kind == HookDecisionKind.Ignore)
            {
                if (actor is not null)
                {
                    return await IgnoreAsync(ctx, type, actor, decision.Message!).ConfigureAwait(false);
                }

                // Access never outlives its expiry: a hook may not cancel a scheduled deescalation.
                await ReportSdkErrorAsync(ctx, "deescalate", "SymSDK:INVALID_STEP",
                    $"OnDeescalateAsync ignored a scheduled deescalation ('{decision.Message}'); access was revoked anyway.").ConfigureAwait(false);
            }
        }

        await SaveAsync(ctx, ctx.Run with
        {
            Version = ctx.NextVersion,
            State = SymRunState.Deescalating,
            DeescalateType = type,
            DecisionReason = reason ?? ctx.Run.DecisionReason,
            Actors = CopyOnWrite.With(ctx.Run.Actors, "deescalate", eventUser),
        }).ConfigureAwait(false);
        await CancelTimerAsync(ctx, SymTimerKind.Deescalate).ConfigureAwait(false);
        await RunDeescalateAsync(ctx, fields).ConfigureAwait(false);
        return ctx.Run.State is SymRunState.Ended or SymRunState.Errored
            ? SymActionResult.Applied(ctx.Run, "Access was revoked.")
            : SymActionResult.Applied(ctx.Run, "Revoking access failed; it is being retried.");
    }

    /// <summary>Calls the strategy's deescalate for a run in Deescalating; on failure, schedules a retry — never drops it.</summary>
    private async ValueTask RunDeescalateAsync(RunContext ctx, EventFields? fields = null)
    {
        using var activity = SymTelemetry.StartStep("deescalate", ctx.Flow.Name, ctx.Run.Id);
        DateTimeOffset started = _time.GetUtcNow();
        int failures = ctx.Run.DeescalateFailures;

        // A guard timer first: if this process dies mid-call, the retry still fires.
        await ScheduleAsync(ctx, SymTimerKind.DeescalateRetry, started + _backoff.Delay(failures + 1)).ConfigureAwait(false);
        string type = ctx.Run.DeescalateType ?? "scheduled";
        User eventUser = ctx.Run.Actors.GetValueOrDefault("deescalate") ?? ctx.Run.Requester;
        Event evt = BuildEvent(ctx, ApprovalTemplateStep.Deescalate, eventUser, fields ?? DeescalateFields(ctx.Run, type));
        StrategyOutput output;
        try
        {
            output = await CallStrategyAsync(ctx, escalate: false, evt).ConfigureAwait(false) ?? StrategyOutput.Applied();
        }
        catch (Exception ex) when (!IsCancellation(ex, ctx.CancellationToken))
        {
            SymRunError error = await ReportAsync(ctx, "deescalate", "strategy", ex).ConfigureAwait(false);
            failures++;
            DateTimeOffset retryAt = _time.GetUtcNow() + _backoff.Delay(failures);
            await SaveAsync(ctx, ctx.Run with { Version = ctx.NextVersion, DeescalateFailures = failures }).ConfigureAwait(false);
            await ScheduleAsync(ctx, SymTimerKind.DeescalateRetry, retryAt).ConfigureAwait(false);
            await AuditAsync(ctx, "deescalate", EngineActor, SymAuditOutcome.Failed, error.Message, error.Code).ConfigureAwait(false);
            EngineLog.DeescalateRetryScheduled(_logger, ctx.Run.Id, failures, retryAt);
            return;
        }

        DateTimeOffset now = _time.GetUtcNow();
        bool errored = ctx.Run.EscalationFailed;
        await SaveAsync(ctx, ctx.Run with
        {
            Version = ctx.NextVersion,
            State = errored ? SymRunState.Errored : SymRunState.Ended,
            EndedAt = now,
            Outputs = CopyOnWrite.With(ctx.Run.Outputs, "deescalate", output),
        }).ConfigureAwait(false);
        await CancelTimerAsync(ctx, SymTimerKind.DeescalateRetry).ConfigureAwait(false);
        await AuditAsync(ctx, "deescalate", type == "scheduled" || type == "compensate" ? EngineActor : eventUser.Username,
            output.IsNoOp ? SymAuditOutcome.NoOp : SymAuditOutcome.Applied, output.Message).ConfigureAwait(false);
        _telemetry.Deescalations.Add(1);
        if (type == "scheduled" && ctx.Run.ExpiresAt is { } expiresAt)
        {
            _telemetry.DeescalationLag.Record(Math.Max(0, (now - expiresAt).TotalSeconds));
        }

        SymRunUpdateKind kind = type switch
        {
            "scheduled" => SymRunUpdateKind.AccessExpired,
            "relinquish" => SymRunUpdateKind.Relinquished,
            "compensate" => SymRunUpdateKind.Compensated,
            _ => SymRunUpdateKind.Revoked,
        };
        await UpdateRequestAsync(ctx, kind, type is "scheduled" or "compensate" ? null : eventUser, output.Message, requester: true)
            .ConfigureAwait(false);
        await AfterHookAsync(ctx, ApprovalTemplateStep.Deescalate, BuildEvent(ctx, ApprovalTemplateStep.Deescalate, eventUser, evt.Fields))
            .ConfigureAwait(false);
    }
}
