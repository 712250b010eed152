using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Runtime.Internal;

internal static partial class EngineLog
{
    /// <summary>An error recorded on a run; <paramref name="exception"/> is what was thrown, if anything (secrets redacted).</summary>
    [LoggerMessage(1, LogLevel.Error, "Flow {Flow} run {RunId}: {Source} failed at step {Step} with {Code}: {Message}")]
    public static partial void UserCodeFailed(ILogger logger, Exception? exception, string flow, string runId, string source, string step, string code, string message);

    [LoggerMessage(2, LogLevel.Information, "Flow {Flow} run {RunId}: {Step} {Outcome}")]
    public static partial void StepRecorded(ILogger logger, string flow, string runId, string step, SymAuditOutcome outcome);

    // Information, not Warning: a refused or no-op action is the engine doing its job (the actor is told, the audit log
    // has it); there is nothing for an operator to do.
    [LoggerMessage(3, LogLevel.Information, "Flow {Flow} run {RunId}: {Step} by {Actor} ignored: {Reason}")]
    public static partial void ActionIgnored(ILogger logger, string flow, string runId, string step, string actor, string reason);

    // Debug: concurrent decisions on one run are expected, and the reload resolves them.
    [LoggerMessage(4, LogLevel.Debug, "Run {RunId} changed concurrently during {Step}; reloading (attempt {Attempt})")]
    public static partial void Conflict(ILogger logger, string runId, string step, int attempt);

    [LoggerMessage(5, LogLevel.Error, "Notifier failed during {Operation} for run {RunId}: {Message}")]
    public static partial void NotifierFailed(ILogger logger, Exception exception, string operation, string? runId, string message);

    [LoggerMessage(6, LogLevel.Warning, "Deescalate of run {RunId} failed {Failures} time(s); retrying at {RetryAt}")]
    public static partial void DeescalateRetryScheduled(ILogger logger, string runId, int failures, DateTimeOffset retryAt);

    [LoggerMessage(7, LogLevel.Error, "Scheduler tick failed: {Message}")]
    public static partial void SchedulerTickFailed(ILogger logger, Exception exception, string message);

    [LoggerMessage(9, LogLevel.Error, "Timer {TimerId} failed and will fire again when its lease ends: {Message}")]
    public static partial void TimerFailed(ILogger logger, Exception exception, string timerId, string message);

    [LoggerMessage(10, LogLevel.Error,
        "The Sym scheduler has completed no tick for {Elapsed} ({Failures} failed in a row): due timers, revocations among them, are not firing. Last error: {Message}")]
    public static partial void SchedulerStalled(ILogger logger, TimeSpan elapsed, int failures, string message);

    [LoggerMessage(11, LogLevel.Information, "The Sym scheduler completed a tick again: due timers are firing.")]
    public static partial void SchedulerRecovered(ILogger logger);

    [LoggerMessage(8, LogLevel.Debug, "Timer {TimerId} is stale for run {RunId} in state {State}; ignored")]
    public static partial void StaleTimer(ILogger logger, string timerId, string runId, SymRunState state);

    // Event ids 10 and 11 belong to SchedulerStalled and SchedulerRecovered; these two had reused them.
    [LoggerMessage(16, LogLevel.Warning, "Delivering a {Kind} notification of run {RunId} failed (attempt {Attempt}); retrying at {RetryAt}: {Message}")]
    public static partial void NotificationRetryScheduled(ILogger logger, Exception exception, string kind, string? runId, int attempt, DateTimeOffset retryAt, string message);

    [LoggerMessage(17, LogLevel.Error, "A {Kind} notification of run {RunId} cannot be delivered and was dropped: {Message}")]
    public static partial void NotificationUndeliverable(ILogger logger, string kind, string? runId, string message);

    [LoggerMessage(12, LogLevel.Debug, "The announcement of run {RunId} at notification {Index} is stale (the run is {State}); not delivered")]
    public static partial void StaleAnnouncement(ILogger logger, string runId, int index, SymRunState state);

    [LoggerMessage(13, LogLevel.Error, "Run {RunId} was {State} with no {Timer} timer; repaired")]
    public static partial void RunRepaired(ILogger logger, string runId, SymRunState state, string timer);

    [LoggerMessage(14, LogLevel.Information, "Reconciled {Checked} non-final runs; {Repaired} repaired")]
    public static partial void Reconciled(ILogger logger, int @checked, int repaired);

    [LoggerMessage(15, LogLevel.Error, "The outbox dispatcher could not claim messages: {Message}")]
    public static partial void DispatcherFailed(ILogger logger, Exception exception, string message);

    [LoggerMessage(18, LogLevel.Warning, "Flow {Flow} run {RunId}: the stored identities of the event's user could not be read; the event carries those the front end gave")]
    public static partial void IdentitiesUnavailable(ILogger logger, Exception exception, string flow, string runId);
}
