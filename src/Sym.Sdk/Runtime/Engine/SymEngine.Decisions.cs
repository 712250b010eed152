using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Runtime;

/// <content>Approve and deny: one decision pipeline, with authorization, quorum and deny-wins.</content>
public sealed partial class SymEngine
{
    /// <summary>
    /// Approves or denies a pending run. An actor's vote passes the state check, authorization (skipped when a hook fired
    /// the step) and the On… hook (a fired step runs it too, with <see cref="Event.InternalChannel"/>, as Sym does); short
    /// of the quorum it is recorded; the deciding vote moves the run to Escalating (escalation follows), Approved (an
    /// approval-only flow) or Denied, then timers, audit, notifications and the After… hook follow in that order.
    /// </summary>
    /// <param name="ctx">The action's run.</param>
    /// <param name="decision"><see cref="RunDecision.Approve"/> or <see cref="RunDecision.Deny"/>.</param>
    /// <param name="actor">Who decides (for a hook-fired step, <see cref="User.Sym"/> named after the hook).</param>
    /// <param name="reason">Why, for the audit log and the request message; a hook's reason replaces it.</param>
    /// <param name="fromHook">Whether a hook fired the step: it decides at once, past authorization and the quorum.</param>
    private async ValueTask<SymActionResult> DecideStepAsync(RunContext ctx, RunDecision decision, User actor, string? reason, bool fromHook)
    {
        string step = decision.Step.Name;
        if (RunRules.StateRefusal(ctx.Run, decision.Action) is { } notNow)
        {
            return await IgnoreAsync(ctx, step, actor, notNow).ConfigureAwait(false);
        }

        using var activity = SymTelemetry.StartStep(decision.Approving ? SymTelemetryNames.Spans.Approve : SymTelemetryNames.Spans.Deny, ctx.Flow.Name, ctx.Run.Id);
        bool concluded = fromHook;
        if (!fromHook)
        {
            string? refusal = Authorizer.CanDecide(ctx.Flow, ctx.Run, actor, decision.Approving)
                ?? RunRules.ActorRefusal(ctx.Flow.Options, ctx.Run, actor, decision.Action);
            if (refusal is not null)
            {
                return await IgnoreAsync(ctx, step, actor, refusal).ConfigureAwait(false);
            }

            if (!decision.Approving && await RefuseDenialByApproveHookAsync(ctx, actor).ConfigureAwait(false) is { } refused)
            {
                return refused; // who may deny is who may approve (SymEngine.Authorization.cs)
            }
        }

        HookDecision hook = RefuseLoop(ctx, decision.Step,
            await OnHookAsync(ctx, decision.Step, await BuildEventAsync(ctx, decision.Step, actor, fired: fromHook).ConfigureAwait(false)).ConfigureAwait(false));
        switch (hook.Kind)
        {
            case HookDecisionKind.Failed:
                return await FailedActionAsync(ctx, step, actor).ConfigureAwait(false);
            case HookDecisionKind.Ignore:
                return await IgnoreAsync(ctx, step, actor, hook.Message!).ConfigureAwait(false);
            case HookDecisionKind.Redirect when decision.ConcludesAt(hook.Step):
                concluded = true;
                reason = hook.Message ?? reason;
                break;
            case HookDecisionKind.Redirect:
                return await FireAsync(ctx, hook.Step, hook.Message, decision.Step).ConfigureAwait(false);
            default:
                reason = hook.Message ?? reason;
                break;
        }

        // Each actor's vote counts once: an actor's own vote was refused above if cast before, but a step a hook fired
        // (OnDeny redirecting to approve, say) may carry an actor who already cast this vote.
        IReadOnlyList<User> cast = decision.Votes(ctx.Run);
        IReadOnlyList<User> votes = fromHook && Authorizer.Contains(cast, actor) ? cast : CopyOnWrite.Append(cast, actor);
        if (!concluded && !decision.IsDecidedBy(ctx.Flow.Options, votes))
        {
            ctx.Update(decision.WithVotes(ctx.Run, votes, ctx.NextVersion));
            string progress = decision.Progress(votes, ctx.Flow.Options);
            Audit(ctx, step, actor.Username, SymAuditOutcome.Applied, progress);
            UpdateRequest(ctx, decision.VoteRecorded, actor, progress);
            await CommitAsync(ctx).ConfigureAwait(false);
            return SymActionResult.Applied(ctx.Run, progress);
        }

        // The deciding vote claims the run: only the writer that moves it out of Pending escalates (or denies). Approval
        // enters Escalating guarded by a Deescalate timer in the same commit, so access granted by an escalate that a
        // crash interrupts still ends (when the grant would have expired; see SymOptions.EscalationTimeout for a flow
        // that schedules no deescalation). An approval-only flow grants nothing: the approval ends the run, unguarded.
        DateTimeOffset now = _time.GetUtcNow();
        bool grants = decision.Approving && !ctx.Flow.IsApprovalOnly;
        ctx.Update(decision.Conclude(ctx.Run, votes, actor, reason, now, ctx.NextVersion));
        if (grants)
        {
            TimeSpan guard = ctx.Flow.Options.ScheduleDeescalation ? ctx.Run.Duration : _options.EscalationTimeout;
            ctx.Schedule(Timer(ctx, SymTimerKind.Deescalate, now + guard));
        }
        else if (decision.Approving)
        {
            ctx.Update(ctx.Run with { Version = ctx.NextVersion, State = SymRunState.Approved, EndedAt = now });
        }

        CancelPendingTimers(ctx);
        Audit(ctx, step, actor.Username, SymAuditOutcome.Applied, AuditNote(actor, reason));
        UpdateRequest(ctx, decision.Decided, actor, reason, requester: decision.TellsRequester || !grants);
        await CommitAsync(ctx).ConfigureAwait(false);
        await AfterHookAsync(ctx, decision.Step, await BuildEventAsync(ctx, decision.Step, actor, fired: fromHook).ConfigureAwait(false)).ConfigureAwait(false);
        if (!grants)
        {
            return SymActionResult.Applied(ctx.Run, decision.Applied);
        }

        await EscalateStepAsync(ctx, actor).ConfigureAwait(false);
        return ApprovalResult(ctx);
    }

    /// <summary>The audit message of a decision: the reason, and for a hook's decision which hook made it.</summary>
    private static string? AuditNote(User actor, string? reason) =>
        actor.Type == UserType.Bot && actor.Name is { } name && name.StartsWith("Sym (", StringComparison.Ordinal)
            ? reason is null ? $"by {name}" : $"{reason} (by {name})"
            : reason;

    /// <summary>
    /// The answer to a deciding approval, once escalation ran in the same call: the approval is recorded in every case,
    /// but the actor is told whether access was granted, and if not, what became of it and what happens next.
    /// </summary>
    private static SymActionResult ApprovalResult(RunContext ctx)
    {
        SymRun run = ctx.Run;
        SymRunError? error = LastEscalateError(run);
        return run.State switch
        {
            SymRunState.Active => SymActionResult.Applied(run, "The request was approved."),
            SymRunState.Escalating => SymActionResult.Applied(run,
                "The request was approved; access is still being granted, and is revoked when it expires if the grant did not finish."),
            SymRunState.Cancelled => SymActionResult.Applied(run, $"The request was approved, but the flow cancelled the grant: {run.DecisionReason}"),
            SymRunState.Deescalating or SymRunState.Errored when run.EscalationFailed && error is not null => SymActionResult.AppliedWithError(run, error,
                $"The request was approved, but access could not be granted: {error.Message.TrimEnd('.')}. "
                + (run.State == SymRunState.Errored
                    ? "Nothing was granted; the requester and the flow's admins were told. Request access again to retry."
                    : "Whatever the grant did is being undone (retried until it succeeds); the requester and the flow's admins were told. Request access again to retry.")),
            SymRunState.Ended or SymRunState.Deescalating => SymActionResult.Applied(run, "The request was approved; access was granted and has already been revoked."),
            _ => SymActionResult.Applied(run, "The request was approved."),
        };
    }

    private static SymRunError? LastEscalateError(SymRun run)
    {
        for (int i = run.Errors.Count - 1; i >= 0; i--)
        {
            if (run.Errors[i].Step == "escalate")
            {
                return run.Errors[i];
            }
        }

        return null;
    }

    /// <summary>An action whose hook threw: nothing changed (fail closed); the error was recorded and reported; the actor is told.</summary>
    private async ValueTask<SymActionResult> FailedActionAsync(RunContext ctx, string step, User actor)
    {
        const string message = "Your action could not be processed because the flow failed. Its admins were told.";
        Audit(ctx, step, actor.Username, SymAuditOutcome.Failed, message, SymErrorCodes.UserCodeFailed);
        await CommitAsync(ctx).ConfigureAwait(false);
        return SymActionResult.Failed(ctx.Run, message);
    }
}
