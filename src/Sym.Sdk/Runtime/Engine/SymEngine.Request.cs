using Sym.Sdk.Flows.Internal;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Requests;
using Sym.Sdk.Requests.Internal;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>The request side: request, forward, expire, cancel.</content>
public sealed partial class SymEngine
{
    private async Task<SymActionResult> RequestCoreAsync(FlowDefinition flow, AccessRequest request, EventFields fields, TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateRunAsync(flow, request, fields, duration, cancellationToken).ConfigureAwait(false);
        }
        catch (RunConflictException) when (request.RequestId is not null)
        {
            // Another process created the run with this id first: the same request, submitted twice at once.
            SymRun existing = await _store.GetRunAsync(request.RequestId, cancellationToken).ConfigureAwait(false)
                ?? throw new SymException(SymErrorCodes.RunConflict, $"Request id '{request.RequestId}' could not be used; retry the request.");
            return Duplicate(existing, request);
        }
    }

    private async Task<SymActionResult> CreateRunAsync(FlowDefinition flow, AccessRequest request, EventFields fields, TimeSpan duration, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        User requester = request.Requester;
        var run = new SymRun
        {
            Id = request.RequestId ?? Guid.NewGuid().ToString("N"),
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
            Contexts = request.Context is { } context ? SmallMap<System.Text.Json.JsonElement>.Of("request", context.Clone()) : EmptyDictionary<System.Text.Json.JsonElement>.Instance,
        };

        using var activity = SymTelemetry.StartStep(SymTelemetryNames.Spans.Request, flow.Name, run.Id);
        using (await _locks.AcquireAsync(run.Id, cancellationToken).ConfigureAwait(false))
        {
            if (request.RequestId is not null && await _store.GetRunAsync(run.Id, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return Duplicate(existing, request);
            }

            var ctx = new RunContext(flow, run, null, cancellationToken);
            Event evt = await BuildEventAsync(ctx, ApprovalTemplateStep.Request, requester).ConfigureAwait(false);
            HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.Request, evt).ConfigureAwait(false);
            switch (decision.Kind)
            {
                case HookDecisionKind.Failed:
                    Audit(ctx, "request", requester.Username, SymAuditOutcome.Failed, "OnRequestAsync failed.", SymErrorCodes.UserCodeFailed);
                    ctx.WithoutRun = true;
                    await CommitAsync(ctx).ConfigureAwait(false);
                    return SymActionResult.Failed(null, "Your request could not be submitted because the flow failed. Its admins were told.");
                case HookDecisionKind.Ignore:
                    return await IgnoreAsync(ctx, "request", requester, decision.Message!).ConfigureAwait(false);
                case HookDecisionKind.Redirect:
                    return await RequestFiringAsync(ctx, evt, decision).ConfigureAwait(false);
            }

            // The default step: ask the reducers who approves and where the request goes, then commit the run with its
            // expiry timer and its announcement.
            await PlanRequestAsync(ctx, evt).ConfigureAwait(false);
            ScheduleNotificationTimeout(ctx);
            Audit(ctx, "request", requester.Username, SymAuditOutcome.Applied);
            Announce(ctx);
            await CommitAsync(ctx).ConfigureAwait(false);
            _telemetry.RunStarted(flow.Name);
            await AfterHookAsync(ctx, ApprovalTemplateStep.Request, evt).ConfigureAwait(false);
            return SymActionResult.Applied(ctx.Run, "Your request was submitted.");
        }
    }

    /// <summary>
    /// A request whose <c>OnRequestAsync</c> fired another step (an auto-approval, say), run as Sym runs it: the request
    /// was made, so its run is committed first (pending, guarded by its expiry, not announced) and <c>AfterRequestAsync</c>
    /// runs; then the fired step runs fully in commits of its own (its On… hook sees <see cref="Event.InternalChannel"/>,
    /// its actor is <see cref="User.Sym"/>). If the fired step left the request pending (its hook ignored it, or failed),
    /// the request is announced to its approvers as usual. The first commit also schedules a resume timer
    /// (<see cref="SymOptions.EscalationTimeout"/> later): every way the chain ends replaces or cancels it, so if it fires
    /// with the request still pending, the process died (or the call was cancelled) between the commits, and the request
    /// is announced then instead of expiring unseen.
    /// </summary>
    private async ValueTask<SymActionResult> RequestFiringAsync(RunContext ctx, Event evt, HookDecision decision)
    {
        await PlanRequestAsync(ctx, evt).ConfigureAwait(false);
        ctx.Schedule(Timer(ctx, SymTimerKind.RequestTimeout, _time.GetUtcNow() + _options.EscalationTimeout, ResumeAnnouncementArgument));
        Audit(ctx, "request", ctx.Run.Requester.Username, SymAuditOutcome.Applied, decision.Message);
        await CommitAsync(ctx).ConfigureAwait(false);
        _telemetry.RunStarted(ctx.Flow.Name);
        await AfterHookAsync(ctx, ApprovalTemplateStep.Request, evt).ConfigureAwait(false);
        SymActionResult fired = await FireAsync(ctx, decision.Step, decision.Message, ApprovalTemplateStep.Request).ConfigureAwait(false);
        if (ctx.Run.State != SymRunState.Pending || ctx.Run.MessageReference is not null || fired.IsApplied)
        {
            return fired;
        }

        ScheduleNotificationTimeout(ctx);
        Announce(ctx);
        await CommitAsync(ctx).ConfigureAwait(false);
        return SymActionResult.Applied(ctx.Run, "Your request was submitted.");
    }

    /// <summary>Asks the reducers who approves and where the request goes, and puts that and the request's expiry timer on the (uncommitted) run.</summary>
    private async ValueTask PlanRequestAsync(RunContext ctx, Event evt)
    {
        FlowDefinition flow = ctx.Flow;
        CancellationToken cancellationToken = ctx.CancellationToken;
        RequestPermission? permission = null;
        try
        {
            permission = await flow.Implementation.GetPermissionsAsync(evt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            Report(ctx, "request", "reducer", ex);
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
            Report(ctx, "request", "reducer", ex);
            notifications = null;
        }

        (IReadOnlyList<Notification> plan, bool forwardOnFailure) = notifications is not { Count: > 0 } && approvers is null
            ? _defaultPlans[flow.Name]
            : Plan(notifications, approvers ?? flow.DefaultDestination);
        ctx.Update(ctx.Run with { Version = ctx.NextVersion, Permission = permission, Notifications = plan, ForwardOnDeliveryFailure = forwardOnFailure });
        ctx.Schedule(Timer(ctx, SymTimerKind.RequestExpiry, ctx.Run.PendingExpiresAt!.Value));
    }

    /// <summary>A request whose <see cref="AccessRequest.RequestId"/> names an existing run: nothing is created.</summary>
    private static SymActionResult Duplicate(SymRun existing, AccessRequest request)
    {
        if (existing.Requester != request.Requester || !string.Equals(existing.Flow, request.Flow, StringComparison.Ordinal))
        {
            throw new SymException(SymErrorCodes.RequestIdInUse, $"Request id '{existing.Id}' is already used by another request.",
                "Use a new request id for each request; reuse one only to submit the same request again.");
        }

        return SymActionResult.Ignored(existing, "This request was already submitted.", ActionVerdict.NotNow);
    }

    /// <summary>The plan of a flow whose reducers name no destination, shared by its runs (built once per flow).</summary>
    private static (IReadOnlyList<Notification> Plan, bool ForwardOnFailure) DefaultPlan(FlowDefinition flow)
    {
        (IReadOnlyList<Notification> plan, bool forwardOnFailure) = Plan(null, flow.DefaultDestination);
        return (Array.AsReadOnly([.. plan]), forwardOnFailure);
    }

    /// <summary>
    /// Turns the reducers' answer into the ordered notifications the run walks through: theirs, or the destination's chain
    /// over time (<see cref="DestinationFallbacks.Plan"/>).
    /// </summary>
    private static (IReadOnlyList<Notification> Plan, bool ForwardOnFailure) Plan(IReadOnlyList<Notification>? notifications, RequestDestination destination) =>
        notifications is { Count: > 0 } ? (notifications, true) : DestinationFallbacks.Plan(destination);

    private void ScheduleNotificationTimeout(RunContext ctx)
    {
        SymRun run = ctx.Run;
        Notification current = run.Notifications[run.NotificationIndex];
        TimeSpan? timeout = current.Timeout ?? current.Destinations[0].Timeout;
        if (timeout is { } t)
        {
            ctx.Schedule(Timer(ctx, SymTimerKind.RequestTimeout, _time.GetUtcNow() + t, run.NotificationIndex));
        }
        else
        {
            ctx.Cancel(SymTimerKind.RequestTimeout);
        }
    }

    /// <summary>
    /// The argument of the <see cref="SymTimerKind.RequestTimeout"/> timer a hook-fired request commits with: announce the
    /// request if the chain that was to decide it never finished (no notification has this index).
    /// </summary>
    private const int ResumeAnnouncementArgument = -1;

    /// <summary>Queues the announcement of the request at its current notification (delivered after the commit).</summary>
    private static void Announce(RunContext ctx)
    {
        SymRun run = ctx.Run;
        ctx.Send(SymNotificationKind.Announce, destination: run.Notifications[run.NotificationIndex].Destinations[0],
            notificationIndex: run.NotificationIndex);
    }

    /// <summary>
    /// Records how an announcement went (called by the dispatcher, outside any step): the posted message's reference goes
    /// on the run; a destination that cannot take it moves the request to the next one (or expires it), as the flow says.
    /// The message is completed in the same commit.
    /// </summary>
    private async ValueTask RecordAnnouncementAsync(SymOutboxMessage message, SymDeliveryResult result, CancellationToken cancellationToken)
    {
        string runId = message.RunId!;
        using (await _locks.AcquireAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            for (int attempt = 1; ; attempt++)
            {
                SymRun? run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
                if (run is null || !_flows.TryGetValue(run.Flow, out FlowDefinition? flow))
                {
                    await _store.CompleteMessageAsync(message, CancellationToken.None).ConfigureAwait(false);
                    return;
                }

                var ctx = new RunContext(flow, run, run, cancellationToken) { Delivered = message };
                try
                {
                    if (result.Delivered)
                    {
                        if (result.Reference is { } reference && !string.Equals(run.MessageReference, reference, StringComparison.Ordinal))
                        {
                            ctx.Update(run with { Version = ctx.NextVersion, MessageReference = reference });
                        }

                        await CommitAsync(ctx, recordsFact: true).ConfigureAwait(false);
                        return;
                    }

                    ReportSdkError(ctx, "request", SymErrorCodes.DeliveryFailed, $"The request could not be delivered to {message.Destination}: {result.Error}");
                    if (run.State == SymRunState.Pending && run.NotificationIndex == message.NotificationIndex && run.ForwardOnDeliveryFailure)
                    {
                        await ForwardStepAsync(ctx, "delivery failed", fromHook: false).ConfigureAwait(false);
                    }

                    if (ctx.HasChanges)
                    {
                        await CommitAsync(ctx, recordsFact: true).ConfigureAwait(false);
                    }

                    return;
                }
                catch (RunConflictException) when (attempt < MaxConflictRetries)
                {
                    EngineLog.Conflict(_logger, runId, "announce", attempt);
                }
            }
        }
    }

    /// <summary>
    /// Moves the request to the next notification (its announcement is queued in the same commit), or expires it when
    /// none is left. Returns whether it moved. Commits the step.
    /// </summary>
    private async ValueTask<bool> ForwardStepAsync(RunContext ctx, string why, bool fromHook)
    {
        Event evt = await BuildEventAsync(ctx, ApprovalTemplateStep.RequestForward, fromHook ? User.Sym : ctx.Run.Requester, fired: fromHook).ConfigureAwait(false);
        HookDecision decision = RefuseLoop(ctx, ApprovalTemplateStep.RequestForward,
            await OnHookAsync(ctx, ApprovalTemplateStep.RequestForward, evt).ConfigureAwait(false));
        if (decision.Kind == HookDecisionKind.Ignore)
        {
            Audit(ctx, "request_forward", EngineActor, SymAuditOutcome.Ignored, decision.Message);
            await CommitAsync(ctx).ConfigureAwait(false);
            return false;
        }

        if (decision.Kind == HookDecisionKind.Redirect)
        {
            await FireAsync(ctx, decision.Step, decision.Message, ApprovalTemplateStep.RequestForward).ConfigureAwait(false);
            return false;
        }

        int next = ctx.Run.NotificationIndex + 1;
        if (next >= ctx.Run.Notifications.Count)
        {
            await ExpireStepAsync(ctx, "No destination is left to decide on the request.", fromHook: false).ConfigureAwait(false);
            return false;
        }

        ctx.Update(ctx.Run with { Version = ctx.NextVersion, NotificationIndex = next });
        ScheduleNotificationTimeout(ctx);
        Audit(ctx, "request_forward", EngineActor, SymAuditOutcome.Applied, why);
        UpdateRequest(ctx, SymRunUpdateKind.Forwarded, null, why);
        Announce(ctx);
        await CommitAsync(ctx).ConfigureAwait(false);
        await AfterHookAsync(ctx, ApprovalTemplateStep.RequestForward, evt).ConfigureAwait(false);
        return true;
    }

    private async ValueTask<SymActionResult> ExpireStepAsync(RunContext ctx, string? message, bool fromHook)
    {
        if (ctx.Run.State != SymRunState.Pending)
        {
            if (ctx.HasChanges)
            {
                await CommitAsync(ctx).ConfigureAwait(false);
            }

            return SymActionResult.Ignored(ctx.Run, RunRules.StateMessage(ctx.Run));
        }

        User requester = ctx.Run.Requester;
        Event evt = await BuildEventAsync(ctx, ApprovalTemplateStep.RequestExpire, fromHook ? User.Sym : requester, fired: fromHook).ConfigureAwait(false);
        HookDecision decision = RefuseLoop(ctx, ApprovalTemplateStep.RequestExpire,
            await OnHookAsync(ctx, ApprovalTemplateStep.RequestExpire, evt).ConfigureAwait(false));
        if (decision.Kind == HookDecisionKind.Ignore)
        {
            // The request stays pending, so it keeps a guard: its expiry comes back after another lifetime.
            Audit(ctx, "request_expire", EngineActor, SymAuditOutcome.Ignored, decision.Message);
            DateTimeOffset again = _time.GetUtcNow() + ctx.Flow.RequestLifetime;
            ctx.Update(ctx.Run with { Version = ctx.NextVersion, PendingExpiresAt = again });
            ctx.Schedule(Timer(ctx, SymTimerKind.RequestExpiry, again));
            await CommitAsync(ctx).ConfigureAwait(false);
            return SymActionResult.Ignored(ctx.Run, decision.Message!);
        }

        if (decision.Kind == HookDecisionKind.Redirect)
        {
            return await FireAsync(ctx, decision.Step, decision.Message, ApprovalTemplateStep.RequestExpire).ConfigureAwait(false);
        }

        message = decision.Message ?? message;

        ctx.Update(ctx.Run with { Version = ctx.NextVersion, State = SymRunState.Expired, EndedAt = _time.GetUtcNow(), DecisionReason = message });
        CancelPendingTimers(ctx);
        Audit(ctx, "request_expire", EngineActor, SymAuditOutcome.Applied, message);
        UpdateRequest(ctx, SymRunUpdateKind.Expired, null, message, requester: true);
        await CommitAsync(ctx).ConfigureAwait(false);
        await AfterHookAsync(ctx, ApprovalTemplateStep.RequestExpire, evt).ConfigureAwait(false);
        return SymActionResult.Applied(ctx.Run, "The request expired.");
    }

    private async ValueTask<SymActionResult> CancelStepAsync(RunContext ctx, User actor)
    {
        if (RunRules.StateRefusal(ctx.Run, SymRunAction.Cancel) is { } notNow)
        {
            return await IgnoreAsync(ctx, "cancel", actor, notNow).ConfigureAwait(false);
        }

        if (Authorizer.CanCancel(ctx.Run, actor) is { } denial)
        {
            return await IgnoreAsync(ctx, "cancel", actor, denial).ConfigureAwait(false);
        }

        ctx.Update(ctx.Run with
        {
            Version = ctx.NextVersion,
            State = SymRunState.Cancelled, EndedAt = _time.GetUtcNow(),
            Actors = CopyOnWrite.With(ctx.Run.Actors, "cancel", actor),
        });
        CancelPendingTimers(ctx);
        Audit(ctx, "cancel", actor.Username, SymAuditOutcome.Applied);
        UpdateRequest(ctx, SymRunUpdateKind.Cancelled, actor, null, requester: actor != ctx.Run.Requester);
        await CommitAsync(ctx).ConfigureAwait(false);
        return SymActionResult.Applied(ctx.Run, "The request was cancelled.");
    }

    /// <summary>
    /// Fires the step the On… hook of <paramref name="by"/> returned in place of the default one, as Sym does: the fired
    /// step runs fully — its own On… hook (its event's channel is <see cref="Event.InternalChannel"/>, its user
    /// <see cref="User.Sym"/>), its commit, its After… hook, and what follows it (escalation after an approval) — but
    /// skips authorization (the hook decided) and the quorum. Its actor is <see cref="User.Sym"/> named after the hook,
    /// never the requester. A chain of fired steps takes each step once (<see cref="RefuseLoop"/>), so hooks cannot loop.
    /// The step commits what the action decided so far with its own changes.
    /// </summary>
    private async ValueTask<SymActionResult> FireAsync(RunContext ctx, ApprovalTemplateStep step, string? reason, ApprovalTemplateStep by)
    {
        ctx.RecordFired(by);
        ctx.RecordFired(step);
        User actor = User.SymFor($"on_{by.Name}");
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
                await ForwardStepAsync(ctx, reason ?? "forwarded by the flow", fromHook: true).ConfigureAwait(false);
                return SymActionResult.Applied(ctx.Run, "The request was forwarded.");
            case "deescalate" when ctx.Run.State is SymRunState.Active or SymRunState.Escalating:
                return await DeescalateStepAsync(ctx, "hook", actor, reason, fromHook: true).ConfigureAwait(false);
            default:
                ReportSdkError(ctx, step.Name, SymErrorCodes.InvalidStep, $"A hook fired '{step.Name}', which is not possible while the run is {ctx.Run.State}.");
                ctx.WithoutRun = !ctx.IsStored;
                if (ctx.WithoutRun)
                {
                    Audit(ctx, "request", actor.Username, SymAuditOutcome.Failed, $"A hook fired '{step.Name}'.", SymErrorCodes.InvalidStep);
                }

                await CommitAsync(ctx).ConfigureAwait(false);
                return SymActionResult.Failed(ctx.IsStored ? ctx.Run : null, $"The flow fired '{step.Name}', which is not possible now. Its admins were told.");
        }
    }
}
