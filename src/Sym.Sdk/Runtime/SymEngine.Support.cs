using System.Text.Json;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>Building events, calling hooks safely, saving runs, auditing, notifying and reporting errors.</content>
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

    private Event BuildEvent(RunContext ctx, ApprovalTemplateStep step, User user, EventFields? fields = null)
    {
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
                Id = run.Id, Actors = run.Actors, Outputs = run.Outputs, SourceChannel = run.SourceChannel, FlowSrn = model.Srn,
            },
            Channel = run.SourceChannel,
        };
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
            await ReportAsync(ctx, step.Name, "hook", ex).ConfigureAwait(false);
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
            await ReportSdkErrorAsync(ctx, step.Name, "SymSDK:INVALID_STEP",
                $"On{Pascal(step.Name)}Async returned '{target.Name}', but steps only move forward from '{step.Name}'. The hook's result was discarded and the default step continued.")
                .ConfigureAwait(false);
            return HookDecision.Continue();
        }

        return new HookDecision(HookDecisionKind.Redirect, target, result.Reason);
    }

    /// <summary>Calls an After… hook; a failure is reported and never undoes the step.</summary>
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
            await ReportAsync(ctx, step.Name, "hook", ex).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the next snapshot (create or versioned update); a conflict makes the action reload and decide again.</summary>
    private async ValueTask SaveAsync(RunContext ctx, SymRun next)
    {
        bool ok = ctx.Stored
            ? await _runs.TryUpdateRunAsync(next, ctx.Run.Version, ctx.CancellationToken).ConfigureAwait(false)
            : await _runs.TryCreateRunAsync(next, ctx.CancellationToken).ConfigureAwait(false);
        if (!ok)
        {
            throw new RunConflictException($"Run {next.Id} changed concurrently.");
        }

        ctx.Run = next;
        ctx.Stored = true;
    }

    private async ValueTask AuditAsync(RunContext ctx, string step, string actor, SymAuditOutcome outcome, string? message = null, string? errorCode = null)
    {
        SymRun run = ctx.Run;
        await _audit.AppendAuditAsync(new SymAuditEntry
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
        }, ctx.CancellationToken).ConfigureAwait(false);
        EngineLog.StepRecorded(_logger, run.Flow, run.Id, step, outcome);
    }

    /// <summary>Audits an ignored action and tells the actor why.</summary>
    private async ValueTask<SymActionResult> IgnoreAsync(RunContext ctx, string step, User actor, string message)
    {
        EngineLog.ActionIgnored(_logger, ctx.Run.Flow, ctx.Run.Id, step, actor.Username, message);
        await AuditAsync(ctx, step, actor.Username, SymAuditOutcome.Ignored, message).ConfigureAwait(false);
        await NotifyIgnoredAsync(ctx.Stored ? ctx.Run : null, actor, message).ConfigureAwait(false);
        return SymActionResult.Ignored(ctx.Stored ? ctx.Run : null, message);
    }

    /// <summary>Records an error from user code on the run, logs it, counts it and posts it (redacted) to the error channel.</summary>
    private async ValueTask<SymRunError> ReportAsync(RunContext ctx, string step, string source, Exception exception)
    {
        string code = exception is SymException sym ? sym.ErrorCode : "SymSDK:USER_CODE_FAILED";
        string message = SecretRedactor.Redact($"{exception.GetType().Name}: {exception.Message}");
        return await RecordErrorAsync(ctx, step, source, code, message).ConfigureAwait(false);
    }

    private ValueTask<SymRunError> ReportSdkErrorAsync(RunContext ctx, string step, string code, string message) =>
        RecordErrorAsync(ctx, step, "sdk", code, message);

    private async ValueTask<SymRunError> RecordErrorAsync(RunContext ctx, string step, string source, string code, string message)
    {
        var error = new SymRunError { Step = step, Code = code, Message = message, Source = source, Timestamp = _time.GetUtcNow() };
        EngineLog.UserCodeFailed(_logger, ctx.Flow.Name, ctx.Run.Id, source, step, code, message);
        _telemetry.Failures.Add(1, new KeyValuePair<string, object?>("sym.step", step));
        if (ctx.Stored)
        {
            await SaveAsync(ctx, RunErrors.Append(ctx.Run, error) with { Version = ctx.NextVersion }).ConfigureAwait(false);
        }
        else
        {
            ctx.Run = RunErrors.Append(ctx.Run, error);
        }

        var report = new SymErrorReport { Flow = ctx.Flow.Name, RunId = ctx.Run.Id, Error = error, Requester = ctx.Run.Requester };
        try
        {
            await _notifier.ReportErrorAsync(ctx.Flow.ErrorChannel, report, ctx.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCancellation(ex, ctx.CancellationToken))
        {
            EngineLog.NotifierFailed(_logger, "report-error", ctx.Run.Id, SecretRedactor.Redact(ex.Message));
        }

        return error;
    }

    private async ValueTask UpdateRequestAsync(RunContext ctx, SymRunUpdateKind kind, User? actor, string? message = null, bool requester = false)
    {
        var update = new SymRunUpdate(kind, actor, message);
        try
        {
            await _notifier.UpdateRequestAsync(ctx.Run, update, ctx.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCancellation(ex, ctx.CancellationToken))
        {
            NotifierFailed(ctx, "update-request", ex);
        }

        if (!requester)
        {
            return;
        }

        try
        {
            await _notifier.NotifyRequesterAsync(ctx.Run, update, ctx.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCancellation(ex, ctx.CancellationToken))
        {
            NotifierFailed(ctx, "notify-requester", ex);
        }
    }

    private async ValueTask NotifyIgnoredAsync(SymRun? run, User actor, string message)
    {
        try
        {
            await _notifier.NotifyIgnoredAsync(run, actor, message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            EngineLog.NotifierFailed(_logger, "notify-ignored", run?.Id, SecretRedactor.Redact(ex.Message));
        }
    }

    private void NotifierFailed(RunContext ctx, string operation, Exception ex)
    {
        _telemetry.Failures.Add(1, new KeyValuePair<string, object?>("sym.step", operation));
        EngineLog.NotifierFailed(_logger, operation, ctx.Run.Id, SecretRedactor.Redact(ex.Message));
    }

    private ValueTask ScheduleAsync(RunContext ctx, SymTimerKind kind, DateTimeOffset dueAt, int argument = 0) =>
        _timers.ScheduleTimerAsync(new SymTimer { RunId = ctx.Run.Id, Kind = kind, DueAt = dueAt, Argument = argument }, ctx.CancellationToken);

    private ValueTask CancelTimerAsync(RunContext ctx, SymTimerKind kind) => _timers.CancelTimerAsync(ctx.Run.Id, kind, ctx.CancellationToken);

    /// <summary>The request left Pending: its notification timeout and its expiry no longer apply.</summary>
    private async ValueTask CancelPendingTimersAsync(RunContext ctx)
    {
        await CancelTimerAsync(ctx, SymTimerKind.RequestTimeout).ConfigureAwait(false);
        await CancelTimerAsync(ctx, SymTimerKind.RequestExpiry).ConfigureAwait(false);
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
