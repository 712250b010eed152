using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>The request side: request, forward, expire, cancel.</content>
public sealed partial class SymEngine
{
    private async Task<SymActionResult> RequestCoreAsync(FlowDefinition flow, AccessRequest request, EventFields fields, TimeSpan duration, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        User requester = request.Requester;
        var run = new SymRun
        {
            Id = Guid.NewGuid().ToString("N"),
            Version = 1,
            Flow = flow.Name,
            State = SymRunState.Pending,
            Requester = requester,
            Target = fields.Target,
            Duration = duration,
            Fields = fields,
            SourceChannel = request.SourceChannel,
            RequestedAt = now,
            PendingExpiresAt = now + flow.RequestLifetime,
            Actors = SmallMap<User>.Of("request", requester),
        };

        using var activity = SymTelemetry.StartStep("request", flow.Name, run.Id);
        using (await _locks.AcquireAsync(run.Id, cancellationToken).ConfigureAwait(false))
        {
            var ctx = new RunContext(flow, run, stored: false, cancellationToken);
            Event evt = BuildEvent(ctx, ApprovalTemplateStep.Request, requester);
            HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.Request, evt).ConfigureAwait(false);
            switch (decision.Kind)
            {
                case HookDecisionKind.Failed:
                    await AuditAsync(ctx, "request", requester.Username, SymAuditOutcome.Failed, "OnRequestAsync failed.", "SymSDK:USER_CODE_FAILED").ConfigureAwait(false);
                    const string failed = "Your request could not be submitted because the flow failed. Its admins were told.";
                    await NotifyIgnoredAsync(null, requester, failed).ConfigureAwait(false);
                    return SymActionResult.Failed(null, failed);
                case HookDecisionKind.Ignore:
                    return await IgnoreAsync(ctx, "request", requester, decision.Message!).ConfigureAwait(false);
                case HookDecisionKind.Redirect:
                    await SaveAsync(ctx, ctx.Run with { Version = 1 }).ConfigureAwait(false);
                    _telemetry.RunsStarted.Add(1);
                    await AuditAsync(ctx, "request", requester.Username, SymAuditOutcome.Applied, decision.Message).ConfigureAwait(false);
                    return await FireAsync(ctx, decision.Step, decision.Message, requester).ConfigureAwait(false);
            }

            // The default step: ask the reducers who approves and where the request goes, record, then announce.
            RequestPermission? permission = null;
            try
            {
                permission = await flow.Implementation.GetPermissionsAsync(evt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
            {
                await ReportAsync(ctx, "request", "reducer", ex).ConfigureAwait(false);
                permission = RequestPermission.ForLevel(PermissionLevel.Admin); // fail closed: only admins decide
            }

            IReadOnlyList<Notification>? notifications = null;
            RequestDestination? approvers = null;
            try
            {
                notifications = await flow.Implementation.GetRequestNotificationsAsync(evt, cancellationToken).ConfigureAwait(false);
                if (notifications is not { Count: > 0 })
                {
                    approvers = await flow.Implementation.GetApproversAsync(evt, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
            {
                await ReportAsync(ctx, "request", "reducer", ex).ConfigureAwait(false);
                notifications = null;
            }

            (IReadOnlyList<Notification> plan, bool forwardOnFailure) = notifications is not { Count: > 0 } && approvers is null
                ? _defaultPlans[flow.Name]
                : Plan(notifications, approvers ?? flow.DefaultDestination);
            await SaveAsync(ctx, ctx.Run with
            {
                Version = 1, Permission = permission, Notifications = plan, ForwardOnDeliveryFailure = forwardOnFailure,
                Errors = ctx.Run.Errors,
            }).ConfigureAwait(false);
            _telemetry.RunsStarted.Add(1);
            await ScheduleAsync(ctx, SymTimerKind.RequestExpiry, ctx.Run.PendingExpiresAt!.Value).ConfigureAwait(false);
            await ScheduleNotificationTimeoutAsync(ctx).ConfigureAwait(false);
            await AuditAsync(ctx, "request", requester.Username, SymAuditOutcome.Applied).ConfigureAwait(false);
            await AnnounceAsync(ctx).ConfigureAwait(false);
            await AfterHookAsync(ctx, ApprovalTemplateStep.Request, evt).ConfigureAwait(false);
            return SymActionResult.Applied(ctx.Run, "Your request was submitted.");
        }
    }

    /// <summary>The plan of a flow whose reducers name no destination, shared by its runs (built once per flow).</summary>
    private static (IReadOnlyList<Notification> Plan, bool ForwardOnFailure) DefaultPlan(FlowDefinition flow)
    {
        (IReadOnlyList<Notification> plan, bool forwardOnFailure) = Plan(null, flow.DefaultDestination);
        return (Array.AsReadOnly([.. plan]), forwardOnFailure);
    }

    /// <summary>Turns the reducers' answer into the ordered notifications the run walks through.</summary>
    private static (IReadOnlyList<Notification> Plan, bool ForwardOnFailure) Plan(IReadOnlyList<Notification>? notifications, RequestDestination destination)
    {
        if (notifications is { Count: > 0 })
        {
            return (notifications, true);
        }

        if (destination is RequestDestinationFallback fallback)
        {
            var list = new Notification[fallback.Destinations.Count];
            for (int i = 0; i < list.Length; i++)
            {
                RequestDestination d = fallback.Destinations[i];
                list[i] = fallback.ContinueOnTimeout ? Notification.To(d, d.Timeout) : Notification.To(d with { Timeout = null });
            }

            return (list, fallback.ContinueOnDeliveryFailure);
        }

        return ([Notification.To(destination, destination.Timeout)], true);
    }

    private ValueTask ScheduleNotificationTimeoutAsync(RunContext ctx)
    {
        SymRun run = ctx.Run;
        Notification current = run.Notifications[run.NotificationIndex];
        TimeSpan? timeout = current.Timeout ?? current.Destinations[0].Timeout;
        return timeout is { } t
            ? ScheduleAsync(ctx, SymTimerKind.RequestTimeout, _time.GetUtcNow() + t, run.NotificationIndex)
            : CancelTimerAsync(ctx, SymTimerKind.RequestTimeout);
    }

    /// <summary>Announces the request at the current notification; a failed delivery forwards to the next.</summary>
    private async ValueTask AnnounceAsync(RunContext ctx)
    {
        while (ctx.Run.State == SymRunState.Pending)
        {
            SymRun run = ctx.Run;
            RequestDestination destination = run.Notifications[run.NotificationIndex].Destinations[0];
            SymDeliveryResult result;
            try
            {
                result = await _notifier.AnnounceRequestAsync(run, destination, ctx.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!IsCancellation(ex, ctx.CancellationToken))
            {
                result = SymDeliveryResult.Failure(SecretRedactor.Redact(ex.Message));
            }

            if (result.Delivered)
            {
                if (result.Reference is not null)
                {
                    await SaveAsync(ctx, run with { Version = ctx.NextVersion, MessageReference = result.Reference }).ConfigureAwait(false);
                }

                return;
            }

            await ReportSdkErrorAsync(ctx, "request", "SymSDK:DELIVERY_FAILED",
                $"The request could not be delivered to {destination}: {result.Error}").ConfigureAwait(false);
            if (!ctx.Run.ForwardOnDeliveryFailure || !await ForwardStepAsync(ctx, "delivery failed", fromHook: false).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Moves the request to the next notification, or expires it when none is left. Returns whether it moved.</summary>
    private async ValueTask<bool> ForwardStepAsync(RunContext ctx, string why, bool fromHook)
    {
        User requester = ctx.Run.Requester;
        Event evt = BuildEvent(ctx, ApprovalTemplateStep.RequestForward, requester);
        if (!fromHook)
        {
            HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.RequestForward, evt).ConfigureAwait(false);
            if (decision.Kind == HookDecisionKind.Ignore)
            {
                await AuditAsync(ctx, "request_forward", EngineActor, SymAuditOutcome.Ignored, decision.Message).ConfigureAwait(false);
                return false;
            }

            if (decision.Kind == HookDecisionKind.Redirect)
            {
                await FireAsync(ctx, decision.Step, decision.Message, requester).ConfigureAwait(false);
                return false;
            }
        }

        int next = ctx.Run.NotificationIndex + 1;
        if (next >= ctx.Run.Notifications.Count)
        {
            await ExpireStepAsync(ctx, "No destination is left to decide on the request.", fromHook: false).ConfigureAwait(false);
            return false;
        }

        await SaveAsync(ctx, ctx.Run with { Version = ctx.NextVersion, NotificationIndex = next }).ConfigureAwait(false);
        await ScheduleNotificationTimeoutAsync(ctx).ConfigureAwait(false);
        await AuditAsync(ctx, "request_forward", EngineActor, SymAuditOutcome.Applied, why).ConfigureAwait(false);
        await UpdateRequestAsync(ctx, SymRunUpdateKind.Forwarded, null, why).ConfigureAwait(false);
        await AfterHookAsync(ctx, ApprovalTemplateStep.RequestForward, evt).ConfigureAwait(false);
        return true;
    }

    private async ValueTask<SymActionResult> ExpireStepAsync(RunContext ctx, string? message, bool fromHook)
    {
        if (ctx.Run.State != SymRunState.Pending)
        {
            return SymActionResult.Ignored(ctx.Run, StateMessage(ctx.Run));
        }

        User requester = ctx.Run.Requester;
        Event evt = BuildEvent(ctx, ApprovalTemplateStep.RequestExpire, requester);
        if (!fromHook)
        {
            HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.RequestExpire, evt).ConfigureAwait(false);
            if (decision.Kind == HookDecisionKind.Ignore)
            {
                await AuditAsync(ctx, "request_expire", EngineActor, SymAuditOutcome.Ignored, decision.Message).ConfigureAwait(false);
                return SymActionResult.Ignored(ctx.Run, decision.Message!);
            }

            if (decision.Kind == HookDecisionKind.Redirect)
            {
                return await FireAsync(ctx, decision.Step, decision.Message, requester).ConfigureAwait(false);
            }

            message = decision.Message ?? message;
        }

        await SaveAsync(ctx, ctx.Run with
        {
            Version = ctx.NextVersion, State = SymRunState.Expired, EndedAt = _time.GetUtcNow(), DecisionReason = message,
        }).ConfigureAwait(false);
        await CancelPendingTimersAsync(ctx).ConfigureAwait(false);
        await AuditAsync(ctx, "request_expire", EngineActor, SymAuditOutcome.Applied, message).ConfigureAwait(false);
        await UpdateRequestAsync(ctx, SymRunUpdateKind.Expired, null, message, requester: true).ConfigureAwait(false);
        await AfterHookAsync(ctx, ApprovalTemplateStep.RequestExpire, evt).ConfigureAwait(false);
        return SymActionResult.Applied(ctx.Run, "The request expired.");
    }

    private async ValueTask<SymActionResult> CancelStepAsync(RunContext ctx, User actor)
    {
        if (ctx.Run.State != SymRunState.Pending)
        {
            return await IgnoreAsync(ctx, "cancel", actor, StateMessage(ctx.Run)).ConfigureAwait(false);
        }

        if (Authorizer.CanCancel(ctx.Run, actor) is { } denial)
        {
            return await IgnoreAsync(ctx, "cancel", actor, denial).ConfigureAwait(false);
        }

        await SaveAsync(ctx, ctx.Run with
        {
            Version = ctx.NextVersion, State = SymRunState.Cancelled, EndedAt = _time.GetUtcNow(),
            Actors = CopyOnWrite.With(ctx.Run.Actors, "cancel", actor),
        }).ConfigureAwait(false);
        await CancelPendingTimersAsync(ctx).ConfigureAwait(false);
        await AuditAsync(ctx, "cancel", actor.Username, SymAuditOutcome.Applied).ConfigureAwait(false);
        await UpdateRequestAsync(ctx, SymRunUpdateKind.Cancelled, actor, null, requester: actor != ctx.Run.Requester).ConfigureAwait(false);
        return SymActionResult.Applied(ctx.Run, "The request was cancelled.");
    }

    /// <summary>Fires the step a hook returned in place of the default one. The step skips its own On… hook and authorization.</summary>
    private async ValueTask<SymActionResult> FireAsync(RunContext ctx, ApprovalTemplateStep step, string? reason, User actor)
    {
        switch (step.Name)
        {
            case "approve":
            case "escalate" when ctx.Run.State == SymRunState.Pending:
                return await DecideStepAsync(ctx, RunDecision.Approve, actor, reason, fromHook: true).ConfigureAwait(false);
            case "deny":
                return await DecideStepAsync(ctx, RunDecision.Deny, actor, reason, fromHook: true).ConfigureAwait(false);
            case "request_expire":
                return await ExpireStepAsync(ctx, reason, fromHook: true).ConfigureAwait(false);
            case "request_forward" when ctx.Run.State == SymRunState.Pending:
                if (await ForwardStepAsync(ctx, reason ?? "forwarded by the flow", fromHook: true).ConfigureAwait(false))
                {
                    await AnnounceAsync(ctx).ConfigureAwait(false);
                }

                return SymActionResult.Applied(ctx.Run, "The request was forwarded.");
            case "deescalate" when ctx.Run.State is SymRunState.Active or SymRunState.Escalating:
                return await DeescalateStepAsync(ctx, "hook", actor, reason, fromHook: true).ConfigureAwait(false);
            default:
                await ReportSdkErrorAsync(ctx, step.Name, "SymSDK:INVALID_STEP",
                    $"A hook fired '{step.Name}', which is not possible while the run is {ctx.Run.State}.").ConfigureAwait(false);
                return SymActionResult.Failed(ctx.Run, $"The flow fired '{step.Name}', which is not possible now. Its admins were told.");
        }
    }
}
