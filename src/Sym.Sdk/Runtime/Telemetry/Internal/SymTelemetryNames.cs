namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// Every telemetry name the engine emits: its activity source and meter, span names, instruments and tags. The
/// "Telemetry" section of src/Sym.Sdk/README.md lists the same names, and a test checks that the two agree.
/// </summary>
internal static class SymTelemetryNames
{
    /// <summary>The name of the engine's <see cref="System.Diagnostics.ActivitySource"/> and its <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string Source = "Sym.Sdk";

    /// <summary>Span (activity) names: one span per step of a run.</summary>
    public static class Spans
    {
        public const string Request = "sym.request";
        public const string Approve = "sym.approve";
        public const string Deny = "sym.deny";
        public const string Escalate = "sym.escalate";
        public const string Deescalate = "sym.deescalate";
    }

    /// <summary>Instrument names on the <c>Sym.Sdk</c> meter.</summary>
    public static class Instruments
    {
        public const string RunsStarted = "sym.runs.started";
        public const string Escalations = "sym.escalations";
        public const string Deescalations = "sym.deescalations";
        public const string Failures = "sym.failures";
        public const string DeescalationLag = "sym.deescalation.lag";
        public const string RunsRepaired = "sym.runs.repaired";
        public const string NotificationsFailed = "sym.notifications.failed";
        public const string NotificationsUndeliverable = "sym.notifications.undeliverable";
        public const string SchedulerTicks = "sym.scheduler.ticks";
        public const string RunsAwaitingRevocation = "sym.runs.awaiting_revocation";
        public const string SchedulerProgressAge = "sym.scheduler.progress.age";
    }

    /// <summary>Tag (attribute) names on spans and measurements. Metrics never carry a run id, so their cardinality stays bounded.</summary>
    public static class Tags
    {
        public const string Flow = "sym.flow";
        public const string RunId = "sym.run_id";
        public const string Step = "sym.step";
        public const string ErrorCode = "sym.error.code";
        public const string ErrorSource = "sym.error.source";
        public const string DeescalateType = "sym.deescalate.type";
        public const string Notification = "sym.notification";
        public const string Outcome = "sym.outcome";
    }

    /// <summary>The error code of a failure that is no <see cref="SymException"/> and not user code: a store or a bug.</summary>
    public const string InternalErrorCode = SymErrorCodes.InternalError;
}
