using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>Approve and deny, with authorization, quorum and deny-wins.</content>
public sealed partial class SymEngine
{
    private async ValueTask<SymActionResult> ApproveStepAsync(RunContext ctx, User actor, string? reason, bool fromHook)
    {
        if (ctx.Run.State != SymRunState.Pending)
        {
            return await IgnoreAsync(ctx, "approve", actor, StateMessage(ctx.Run)).ConfigureAwait(false);
        }

        using var activity = SymTelemetry.StartStep("approve", ctx.Flow.Name, ctx.Run.Id);
        bool complete = fromHook;
        Event? evt = null;
        if (!fromHook)
        {
            if (Authorizer.CanDecide(ctx.Flow, ctx.Run, actor, approving: true) is { } denial)
            {
                return await IgnoreAsync(ctx, "approve", actor, denial).ConfigureAwait(false);
            }

            if (Authorizer.Contains(ctx.Run.Approvals, actor))
            {
                return await IgnoreAsync(ctx, "approve", actor, "You already approved this request.").ConfigureAwait(false);
            }

            evt = BuildEvent(ctx, ApprovalTemplateStep.Approve, actor);
            HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.Approve, evt).ConfigureAwait(false);
            switch (decision.Kind)
            {
                case HookDecisionKind.Failed:
                    return await FailedActionAsync(ctx, "approve", actor).ConfigureAwait(false);
                case HookDecisionKind.Ignore:
                    return await IgnoreAsync(ctx, "approve", actor, decision.Message!).ConfigureAwait(false);
                case HookDecisionKind.Redirect when decision.Step == ApprovalTemplateStep.Escalate:
                    complete = true;
                    reason = decision.Message ?? reason;
                    break;
                case HookDecisionKind.Redirect:
                    return await FireAsync(ctx, decision.Step, decision.Message, actor).ConfigureAwait(false);
                default:
                    reason = decision.Message ?? reason;
                    break;
            }
        }

        IReadOnlyList<User> approvals = CopyOnWrite.Append(ctx.Run.Approvals, actor);
        int required = ctx.Flow.Options.RequiredApprovals;
        if (!complete && approvals.Count < required)
        {
            await SaveAsync(ctx, ctx.Run with { Version = ctx.NextVersion, Approvals = approvals }).ConfigureAwait(false);
            string progress = $"Approval {approvals.Count} of {required} recorded.";
            await AuditAsync(ctx, "approve", actor.Username, SymAuditOutcome.Applied, progress).ConfigureAwait(false);
            await UpdateRequestAsync(ctx, SymRunUpdateKind.ApprovalRecorded, actor, progress).ConfigureAwait(false);
            return SymActionResult.Applied(ctx.Run, progress);
        }

        // Claim the run for escalation: only the writer that moves it out of Pending grants access.
        DateTimeOffset now = _time.GetUtcNow();
        await SaveAsync(ctx, ctx.Run with
        {
            Version = ctx.NextVersion,
            State = SymRunState.Escalating,
            Approvals = approvals,
            Actors = CopyOnWrite.With(ctx.Run.Actors, "approve", actor),
            DecisionReason = reason,
        }).ConfigureAwait(false);
        if (ctx.Flow.Options.ScheduleDeescalation)
        {
            // Scheduled before the strategy runs, so access granted by an escalate interrupted by a crash still ends.
            await ScheduleAsync(ctx, SymTimerKind.Deescalate, now + ctx.Run.Duration).ConfigureAwait(false);
        }

        await CancelTimerAsync(ctx, SymTimerKind.RequestTimeout).ConfigureAwait(false);
        await CancelTimerAsync(ctx, SymTimerKind.RequestExpiry).ConfigureAwait(false);
        await AuditAsync(ctx, "approve", actor.Username, SymAuditOutcome.Applied, reason).ConfigureAwait(false);
        await UpdateRequestAsync(ctx, SymRunUpdateKind.Approved, actor, reason).ConfigureAwait(false);
        await AfterHookAsync(ctx, ApprovalTemplateStep.Approve, BuildEvent(ctx, ApprovalTemplateStep.Approve, actor)).ConfigureAwait(false);
        await EscalateStepAsync(ctx, actor).ConfigureAwait(false);
        return SymActionResult.Applied(ctx.Run, "The request was approved.");
    }

    private async ValueTask<SymActionResult> DenyStepAsync(RunContext ctx, User actor, string? reason, bool fromHook)
    {
        if (ctx.Run.State != SymRunState.Pending)
        {
            return await IgnoreAsync(ctx, "deny", actor, StateMessage(ctx.Run)).ConfigureAwait(false);
        }

        using var activity = SymTelemetry.StartStep("deny", ctx.Flow.Name, ctx.Run.Id);
        bool complete = fromHook;
        if (!fromHook)
        {
            if (Authorizer.CanDecide(ctx.Flow, ctx.Run, actor, approving: false) is { } denial)
            {
                return await IgnoreAsync(ctx, "deny", actor, denial).ConfigureAwait(false);
            }

            if (Authorizer.Contains(ctx.Run.Denials, actor))
            {
                return await IgnoreAsync(ctx, "deny", actor, "You already denied this request.").ConfigureAwait(false);
            }

            Event evt = BuildEvent(ctx, ApprovalTemplateStep.Deny, actor);
            HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.Deny, evt).ConfigureAwait(false);
            switch (decision.Kind)
            {
                case HookDecisionKind.Failed:
                    return await FailedActionAsync(ctx, "deny", actor).ConfigureAwait(false);
                case HookDecisionKind.Ignore:
                    return await IgnoreAsync(ctx, "deny", actor, decision.Message!).ConfigureAwait(false);
                case HookDecisionKind.Redirect:
                    return await FireAsync(ctx, decision.Step, decision.Message, actor).ConfigureAwait(false);
                default:
                    reason = decision.Message ?? reason;
                    break;
            }
        }

        IReadOnlyList<User> denials = CopyOnWrite.Append(ctx.Run.Denials, actor);
        int required = ctx.Flow.Options.RequiredApprovals;
        if (!complete && !ctx.Flow.Options.DenyWins && denials.Count < required)
        {
            await SaveAsync(ctx, ctx.Run with { Version = ctx.NextVersion, Denials = denials }).ConfigureAwait(false);
            string progress = $"Denial {denials.Count} of {required} recorded.";
            await AuditAsync(ctx, "deny", actor.Username, SymAuditOutcome.Applied, progress).ConfigureAwait(false);
            await UpdateRequestAsync(ctx, SymRunUpdateKind.DenialRecorded, actor, progress).ConfigureAwait(false);
            return SymActionResult.Applied(ctx.Run, progress);
        }

        await SaveAsync(ctx, ctx.Run with
        {
            Version = ctx.NextVersion,
            State = SymRunState.Denied,
            Denials = denials,
            Actors = CopyOnWrite.With(ctx.Run.Actors, "deny", actor),
            DecisionReason = reason,
            EndedAt = _time.GetUtcNow(),
        }).ConfigureAwait(false);
        await CancelTimerAsync(ctx, SymTimerKind.RequestTimeout).ConfigureAwait(false);
        await CancelTimerAsync(ctx, SymTimerKind.RequestExpiry).ConfigureAwait(false);
        await AuditAsync(ctx, "deny", actor.Username, SymAuditOutcome.Applied, reason).ConfigureAwait(false);
        await UpdateRequestAsync(ctx, SymRunUpdateKind.Denied, actor, reason, requester: true).ConfigureAwait(false);
        await AfterHookAsync(ctx, ApprovalTemplateStep.Deny, BuildEvent(ctx, ApprovalTemplateStep.Deny, actor)).ConfigureAwait(false);
        return SymActionResult.Applied(ctx.Run, "The request was denied.");
    }

    /// <summary>An action whose hook threw: nothing changed (fail closed); the error was reported; the actor is told.</summary>
    private async ValueTask<SymActionResult> FailedActionAsync(RunContext ctx, string step, User actor)
    {
        const string message = "Your action could not be processed because the flow failed. Its admins were told.";
        await AuditAsync(ctx, step, actor.Username, SymAuditOutcome.Failed, message, "SymSDK:USER_CODE_FAILED").ConfigureAwait(false);
        await NotifyIgnoredAsync(ctx.Run, actor, message).ConfigureAwait(false);
        return SymActionResult.Failed(ctx.Run, message);
    }
}
