using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>Extending an active grant: request, approve or deny; the expiry moves without re-escalating.</content>
public sealed partial class SymEngine
{
    private async ValueTask<SymActionResult> ExtendStepAsync(RunContext ctx, User actor, TimeSpan extension, string? reason)
    {
        List<SymFieldError>? errors = null;
        RequestValidator.ValidateDuration(ctx.Flow, extension, "extension", ref errors);
        if (errors is not null)
        {
            throw new SymRequestValidationException(ctx.Flow.Name, errors);
        }

        SymRun run = ctx.Run;
        if (RunRules.StateRefusal(run, SymRunAction.Extend) is { } notNow)
        {
            return await IgnoreAsync(ctx, "extend", actor, notNow).ConfigureAwait(false);
        }

        if (Authorizer.CanExtend(ctx.Flow, run, actor) is { } denial)
        {
            return await IgnoreAsync(ctx, "extend", actor, denial).ConfigureAwait(false);
        }

        if (RunRules.ActorRefusal(ctx.Flow.Options, run, actor, SymRunAction.Extend) is { } cannot)
        {
            return await IgnoreAsync(ctx, "extend", actor, cannot).ConfigureAwait(false);
        }

        Event evt = await BuildEventAsync(ctx, ApprovalTemplateStep.Request, actor, ExtensionFields(run, extension)).ConfigureAwait(false);
        HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.Request, evt).ConfigureAwait(false);
        switch (decision.Kind)
        {
            case HookDecisionKind.Failed:
                return await FailedActionAsync(ctx, "extend", actor).ConfigureAwait(false);
            case HookDecisionKind.Ignore:
                return await IgnoreAsync(ctx, "extend", actor, decision.Message!).ConfigureAwait(false);
            case HookDecisionKind.Redirect when decision.Step == ApprovalTemplateStep.Approve || decision.Step == ApprovalTemplateStep.Escalate:
                ctx.Update(ctx.Run with { Version = ctx.NextVersion, PendingExtension = extension });
                return await ApplyExtensionAsync(ctx, actor, decision.Message ?? reason).ConfigureAwait(false);
            case HookDecisionKind.Redirect when decision.Step == ApprovalTemplateStep.Deny:
                Audit(ctx, "extend", actor.Username, SymAuditOutcome.Ignored, decision.Message ?? "denied by the flow");
                ctx.Update(ctx.Run);
                UpdateRequest(ctx, SymRunUpdateKind.ExtensionDenied, null, decision.Message, requester: true);
                await CommitAsync(ctx).ConfigureAwait(false);
                return SymActionResult.Ignored(ctx.Run, decision.Message ?? "The extension was denied.");
        }

        ctx.Update(ctx.Run with { Version = ctx.NextVersion, PendingExtension = extension });
        string message = $"Extension by {Forms.SymDuration.Format(extension)} requested.";
        Audit(ctx, "extend_request", actor.Username, SymAuditOutcome.Applied, reason ?? message);
        UpdateRequest(ctx, SymRunUpdateKind.ExtensionRequested, actor, reason ?? message);
        await CommitAsync(ctx).ConfigureAwait(false);
        return SymActionResult.Applied(ctx.Run, message);
    }

    /// <summary>
    /// Approves or denies a pending extension: the same authorization as deciding the request (no self-approval), then an
    /// approval moves the expiry and a denial drops the extension and tells the requester.
    /// </summary>
    private async ValueTask<SymActionResult> DecideExtensionStepAsync(RunContext ctx, RunDecision decision, User approver, string? reason)
    {
        if (RunRules.StateRefusal(ctx.Run, decision.Approving ? SymRunAction.ApproveExtension : SymRunAction.DenyExtension) is { } notNow)
        {
            return await IgnoreAsync(ctx, "extend", approver, notNow).ConfigureAwait(false);
        }

        if (Authorizer.CanDecide(ctx.Flow, ctx.Run, approver, decision.Approving) is { } denial)
        {
            return await IgnoreAsync(ctx, "extend", approver, denial).ConfigureAwait(false);
        }

        if (decision.Approving)
        {
            return await ApplyExtensionAsync(ctx, approver, reason).ConfigureAwait(false);
        }

        ctx.Update(ctx.Run with { Version = ctx.NextVersion, PendingExtension = null });
        Audit(ctx, "extend_deny", approver.Username, SymAuditOutcome.Applied, reason);
        UpdateRequest(ctx, SymRunUpdateKind.ExtensionDenied, approver, reason, requester: true);
        await CommitAsync(ctx).ConfigureAwait(false);
        return SymActionResult.Applied(ctx.Run, "The extension was denied.");
    }

    private async ValueTask<SymActionResult> ApplyExtensionAsync(RunContext ctx, User approver, string? reason)
    {
        SymRun run = ctx.Run;
        TimeSpan extension = run.PendingExtension!.Value;
        DateTimeOffset expiresAt = run.ExpiresAt!.Value + extension;
        ctx.Update(run with
        {
            Version = ctx.NextVersion,
            ExpiresAt = expiresAt,
            PendingExtension = null,
            ExtensionCount = run.ExtensionCount + 1,
            Actors = CopyOnWrite.With(run.Actors, "extend", approver),
        });
        ctx.Schedule(Timer(ctx, SymTimerKind.Deescalate, expiresAt));
        string message = reason ?? $"Extended by {Forms.SymDuration.Format(extension)}.";
        Audit(ctx, "extend", approver.Username, SymAuditOutcome.Applied, message);
        UpdateRequest(ctx, SymRunUpdateKind.Extended, approver, message, requester: true);
        await CommitAsync(ctx).ConfigureAwait(false);
        return SymActionResult.Applied(ctx.Run, message);
    }
}
