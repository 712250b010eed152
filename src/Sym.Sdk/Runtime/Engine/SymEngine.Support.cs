using System.Text.Json;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>Building events, calling hooks safely, committing steps, auditing, queueing notifications and reporting errors.</content>
public sealed partial class SymEngine
{
    private const string EngineActor = "sym";

    private static readonly Dictionary<string, JsonElement> DeescalateTypeValues = new(StringComparer.Ordinal)
    {
        ["scheduled"] = SymFieldValue.String("scheduled"),
        ["revoke"] = SymFieldValue.String("revoke"),
        ["relinquish"] = SymFieldValue.String("relinquish"),
        ["compensate"] = SymFieldValue.String("compensate"),
        ["hook"] = SymFieldValue.String("hook"),
    };

    private static readonly JsonElement TrueValue = SymFieldValue.Bool(true);

    /// <summary>An event of the run; <paramref name="fired"/> for a step a hook fired (<see cref="Event.InternalChannel"/>).</summary>
    private async ValueTask<Event> BuildEventAsync(RunContext ctx, ApprovalTemplateStep step, User user, EventFields? fields = null, bool fired = false)
    {
        user = await WithStoredIdentitiesAsync(ctx, user).ConfigureAwait(false);
        SymRun run = ctx.Run;
        Flow model = ctx.Flow.Model;
        return new Event
        {
            Name = step.Name,
            Payload = new EventPayload
            {
                Timestamp = _time.GetUtcNow(),
                Srn = ctx.Flow.EventSpec(step),
                Fields = fields ?? run.Fields,
                User = user,
            },
            Flow = model,
            Run = new Run
            {
                Id = run.Id, Actors = run.Actors, Outputs = run.Outputs, Contexts = run.Contexts, SourceChannel = run.SourceChannel, FlowSrn = model.Srn,
            },
            Channel = fired ? Event.InternalChannel : run.SourceChannel,
        };
    }

    /// <summary>
    /// The event's user with the identities the store holds for them added (those the front end gave win for the same
    /// service and service id): one read per user per step. Best effort: a failed read is logged and the event goes on
    /// with the identities it had, since no step may fail for want of a convenience.
    /// </summary>
    private async ValueTask<User> WithStoredIdentitiesAsync(RunContext ctx, User user)
    {
        if (ctx.UsersWithIdentities.TryGetValue(user.Username, out User? known))
        {
            return known;
        }

        IReadOnlyList<UserIdentity> stored;
        try
        {
            stored = await _store.ListIdentitiesAsync(user, ctx.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EngineLog.IdentitiesUnavailable(_logger, SecretRedactor.RedactException(e), ctx.Flow.Name, ctx.Run.Id);
            return user;
        }

        User result = user;
        foreach (UserIdentity identity in stored)
        {
            // One without a service id adds only to a user with none in that service; one with a service id, unless that instance is there.
            if (result.Identity(identity.Service, identity.ServiceId) is null)
            {
                result = result.WithIdentity(identity);
            }
        }

        ctx.UsersWithIdentities[user.Username] = result;
        return result;
    }

    private static EventFields DeescalateFields(SymRun run, string type)
    {
        var values = new Dictionary<string, JsonElement>(run.Fields.Count + 1, StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonElement> kv in run.Fields)
        {
            values[kv.Key] = kv.Value;
        }

        values["deescalate_type"] = DeescalateTypeValues.TryGetValue(type, out JsonElement v) ? v : SymFieldValue.String(type);
        return new EventFields(values, run.Fields.Target);
    }

    private static EventFields ExtensionFields(SymRun run, TimeSpan extension)
    {
        var values = new Dictionary<string, JsonElement>(run.Fields.Count + 1, StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonElement> kv in run.Fields)
        {
            values[kv.Key] = kv.Value;
        }

        values["duration"] = SymFieldValue.Duration(extension);
        values["extension"] = TrueValue;
        return new EventFields(values, run.Fields.Target);
    }

    /// <summary>Calls an On… hook; checks its result (steps only move forward); reports what it throws.</summary>
    private async ValueTask<HookDecision> OnHookAsync(RunContext ctx, ApprovalTemplateStep step, Event evt)
    {
        FlowImplementation impl = ctx.Flow.Implementation;
        CancellationToken ct = ctx.CancellationToken;
        TemplateStep? result;
        try
        {
            result = step.Name switch
            {
                "prompt" => await impl.OnPromptAsync(evt, ct).ConfigureAwait(false),
                "request" => await impl.OnRequestAsync(evt, ct).ConfigureAwait(false),
                "request_forward" => await impl.OnRequestForwardAsync(evt, ct).ConfigureAwait(false),
                "request_expire" => await impl.OnRequestExpireAsync(evt, ct).ConfigureAwait(false),
                "approve" => await impl.OnApproveAsync(evt, ct).ConfigureAwait(false),
                "deny" => await impl.OnDenyAsync(evt, ct).ConfigureAwait(false),
                "escalate" => await impl.OnEscalateAsync(evt, ct).ConfigureAwait(false),
                "deescalate" => await impl.OnDeescalateAsync(evt, ct).ConfigureAwait(false),
                _ => null,
            };
        }
        catch (Exception ex) when (!IsCancellation(ex, ct))
        {
            Report(ctx, step.Name, "hook", ex);
            return new HookDecision(HookDecisionKind.Failed);
        }

        if (result is null)
        {
            return HookDecision.Continue();
        }

        if (result.IsIgnore)
        {
            return new HookDecision(HookDecisionKind.Ignore, default, result.IgnoreMessage);
        }

        ApprovalTemplateStep target = result.Step!.Value;
        if (target == step)
        {
            // A hook that fires its own step: the step is processed once, as the default.
            return HookDecision.Continue(result.Reason);
        }

        if (!target.IsKnown || target.Rank < step.Rank)
        {
            ReportSdkError(ctx, step.Name, SymErrorCodes.InvalidStep,
                $"On{Pascal(step.Name)}Async returned '{target.Name}', but steps only move forward from '{step.Name}'. The hook's result was discarded and the default step continued.");
            return HookDecision.Continue();
        }

        return new HookDecision(HookDecisionKind.Redirect, target, result.Reason);
    }

    /// <summary>
    /// A redirect inside a chain of hook-fired steps to a step the chain already took (approve → on_approve fires deny →
    /// on_deny fires approve): discarded and reported, and the step goes on as its default, so hooks can never loop.
    /// </summary>
    private HookDecision RefuseLoop(RunContext ctx, ApprovalTemplateStep step, HookDecision decision)
    {
        if (decision.Kind != HookDecisionKind.Redirect || !ctx.HasFired(decision.Step))
        {
            return decision;
        }

        ReportSdkError(ctx, step.Name, SymErrorCodes.InvalidStep,
            $"On{Pascal(step.Name)}Async fired '{decision.Step.Name}', a step this chain of hook-fired steps already took; a chain takes each step once, so the hook's result was discarded and '{step.Name}' continued.");
        return HookDecision.Continue();
    }

    /// <summary>
    /// Calls an After… hook, once the step is committed; a failure is recorded and reported in a commit of its own, and
    /// never undoes the step. (After a crash between the step's commit and this call the hook does not run: After… hooks
    /// are for side effects that may be missed, not for state.)
    /// </summary>
    private async ValueTask AfterHookAsync(RunContext ctx, ApprovalTemplateStep step, Event evt)
    {
        FlowImplementation impl = ctx.Flow.Implementation;
        CancellationToken ct = ctx.CancellationToken;
        try
        {
            ValueTask task = step.Name switch
            {
                "prompt" => impl.AfterPromptAsync(evt, ct),
                "request" => impl.AfterRequestAsync(evt, ct),
                "request_forward" => impl.AfterRequestForwardAsync(evt, ct),
                "request_expire" => impl.AfterRequestExpireAsync(evt, ct),
                "approve" => impl.AfterApproveAsync(evt, ct),
                "deny" => impl.AfterDenyAsync(evt, ct),
                "escalate" => impl.AfterEscalateAsync(evt, ct),
                "deescalate" => impl.AfterDeescalateAsync(evt, ct),
                _ => default,
            };
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCancellation(ex, ct))
        {
            Report(ctx, step.Name, "hook", ex);
            if (ctx.IsStored)
            {
                await CommitOrReapplyAsync(ctx, ctx.Run.Errors[^1], static (engine, c, error) =>
                {
                    if (!ReferenceEquals(c.Run, c.Stored))
                    {
                        return true; // the first attempt: the error is on the working snapshot already
                    }

                    c.Update(RunErrors.Append(c.Run, error));
                    var report = new SymErrorReport { Flow = c.Flow.Name, RunId = c.Run.Id, Error = error, Requester = c.Run.Requester };
                    c.Send(SymNotificationKind.Error, channel: c.Flow.ErrorChannel, error: report);
                    return true;
                }).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Commits everything the step decided (<see cref="RunContext"/>) as one <see cref="SymRunTransition"/>: the run (a
    /// compare-and-swap on the version the action read), timers, audit entries, identities and outbox messages, all or
    /// nothing. A conflict throws <see cref="RunConflictException"/>: the action reloads and decides again (see
    /// <see cref="CommitOrReapplyAsync"/> for a step that already acted on the world).
    /// </summary>
    /// <param name="ctx">The action.</param>
    /// <param name="recordsFact">
    /// Whether the commit records what already happened in the world (a strategy's result, a delivery): then the caller's
    /// cancellation no longer stops it.
    /// </param>
    private async ValueTask CommitAsync(RunContext ctx, bool recordsFact = false)
    {
        SymRun? run = null;
        if (!ctx.WithoutRun)
        {
            run = ctx.Run;
            long version = ctx.NextVersion;
            if (!ReferenceEquals(run, ctx.Stored) || ctx.MessageCount > 0)
            {
                // A changed run, or one that sends messages (their ids come from the version), is written as the next version.
                if (run.Version != version)
                {
                    run = run with { Version = version };
                }
            }
            else if (run.Version != ctx.Stored!.Version)
            {
                run = ctx.Stored;
            }
        }

        SymRunTransition transition = ctx.ToTransition(run, _time.GetUtcNow());
        bool committed = await _store.CommitAsync(transition, recordsFact ? CancellationToken.None : ctx.CancellationToken).ConfigureAwait(false);
        if (!committed)
        {
            throw new RunConflictException($"Run {ctx.Run.Id} changed concurrently.");
        }

        if (ctx.AuditEntries is { } entries)
        {
            foreach (SymAuditEntry entry in entries)
            {
                EngineLog.StepRecorded(_logger, entry.Flow, entry.RunId, entry.Step, entry.Outcome);
            }
        }

        ctx.Committed(run);
        if (transition.Messages.Count > 0)
        {
            _outboxSignal.Set();
        }
    }

    /// <summary>
    /// Commits what <paramref name="apply"/> made of the run; on a conflict (another process changed the run while this
    /// step acted on the world) reloads the run and applies again to what is stored now, until it commits or
    /// <paramref name="apply"/> answers that nothing is left to record. Never re-runs the step's call to the world.
    /// </summary>
    private async ValueTask CommitOrReapplyAsync<TState>(RunContext ctx, TState state, Func<SymEngine, RunContext, TState, bool> apply)
    {
        if (!apply(this, ctx, state))
        {
            return;
        }

        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await CommitAsync(ctx, recordsFact: true).ConfigureAwait(false);
                return;
            }
            catch (RunConflictException) when (attempt < MaxConflictRetries * 4)
            {
                EngineLog.Conflict(_logger, ctx.Run.Id, "record", attempt);
                SymRun? fresh = await _store.GetRunAsync(ctx.Run.Id, CancellationToken.None).ConfigureAwait(false);
                if (fresh is null)
                {
                    return;
                }

                SymTimer? fired = ctx.Fired;
                SymOutboxMessage? delivered = ctx.Delivered;
                ctx.Reset(fresh);
                ctx.Fired = fired;
                ctx.Delivered = delivered;
                if (!apply(this, ctx, state))
                {
                    if (fired is not null || delivered is not null)
                    {
                        await CommitAsync(ctx, recordsFact: true).ConfigureAwait(false);
                    }

                    return;
                }
            }
        }
    }

    private void Audit(RunContext ctx, string step, string actor, SymAuditOutcome outcome, string? message = null, string? errorCode = null)
    {
        SymRun run = ctx.Run;
        ctx.Audit(new SymAuditEntry
        {
            RunId = run.Id,
            Flow = run.Flow,
            Step = step,
            Actor = actor,
            Requester = run.Requester.Username,
            Target = run.Target?.Name,
            Timestamp = _time.GetUtcNow(),
            Outcome = outcome,
            Message = message,
            ErrorCode = errorCode,
            Reason = run.Fields.Reason,
            Duration = run.Duration,
        });
    }

    /// <summary>Audits an ignored action and commits that record (the run itself is only checked); the actor is told in the result.</summary>
    private async ValueTask<SymActionResult> IgnoreAsync(RunContext ctx, string step, User actor, string message)
    {
        EngineLog.ActionIgnored(_logger, ctx.Run.Flow, ctx.Run.Id, step, actor.Username, message);
        Audit(ctx, step, actor.Username, SymAuditOutcome.Ignored, message);
        ctx.WithoutRun = !ctx.IsStored;
        await CommitAsync(ctx).ConfigureAwait(false);
        return SymActionResult.Ignored(ctx.IsStored ? ctx.Run : null, message);
    }

    /// <summary>Records an error from user code on the run, logs it, counts it and queues it (redacted) for the error channel.</summary>
    private SymRunError Report(RunContext ctx, string step, string source, Exception exception)
    {
        string code = exception is SymException sym ? sym.ErrorCode : SymErrorCodes.UserCodeFailed;
        return RecordError(ctx, step, source, code, ErrorText.For(exception), exception: exception);
    }

    private SymRunError ReportSdkError(RunContext ctx, string step, string code, string message) =>
        RecordError(ctx, step, "sdk", code, message);

    /// <summary>
    /// Records an error on the run (and in the log, the metrics and the step's span); <paramref name="report"/> also queues
    /// it for the flow's error channel. <paramref name="exception"/>, when there is one, goes to the log and the span.
    /// </summary>
    private SymRunError RecordError(RunContext ctx, string step, string source, string code, string message, bool report = true, Exception? exception = null)
    {
        var error = new SymRunError { Step = step, Code = code, Message = message, Source = source, Timestamp = _time.GetUtcNow() };
        EngineLog.UserCodeFailed(_logger, exception is null ? null : SecretRedactor.RedactException(exception), ctx.Flow.Name, ctx.Run.Id, source, step, code, message);
        _telemetry.Failed(step, ctx.Flow.Name, code, source);
        SymTelemetry.MarkFailed(code, message, exception);
        ctx.Update(RunErrors.Append(ctx.Run, error));
        if (report)
        {
            var errorReport = new SymErrorReport { Flow = ctx.Flow.Name, RunId = ctx.Run.Id, Error = error, Requester = ctx.Run.Requester };
            ctx.Send(SymNotificationKind.Error, channel: ctx.Flow.ErrorChannel, error: errorReport);
        }

        return error;
    }

    /// <summary>Queues the request message's update, and the requester's DM when <paramref name="requester"/> is set.</summary>
    private static void UpdateRequest(RunContext ctx, SymRunUpdateKind kind, User? actor, string? message = null, bool requester = false)
    {
        var update = new SymRunUpdate(kind, actor, message);
        ctx.Send(SymNotificationKind.Update, update);
        if (requester)
        {
            ctx.Send(SymNotificationKind.Requester, update);
        }
    }

    private static SymTimer Timer(RunContext ctx, SymTimerKind kind, DateTimeOffset dueAt, int argument = 0) =>
        new() { RunId = ctx.Run.Id, Kind = kind, DueAt = dueAt, Argument = argument };

    /// <summary>The request left Pending: its notification timeout and its expiry no longer apply.</summary>
    private static void CancelPendingTimers(RunContext ctx)
    {
        ctx.Cancel(SymTimerKind.RequestTimeout);
        ctx.Cancel(SymTimerKind.RequestExpiry);
    }

    private static bool IsCancellation(Exception ex, CancellationToken ct) => ex is OperationCanceledException && ct.IsCancellationRequested;

    private static string Pascal(string step) => step switch
    {
        "prompt" => "Prompt",
        "request" => "Request",
        "request_forward" => "RequestForward",
        "request_expire" => "RequestExpire",
        "approve" => "Approve",
        "deny" => "Deny",
        "escalate" => "Escalate",
        "deescalate" => "Deescalate",
        _ => step,
    };
}
