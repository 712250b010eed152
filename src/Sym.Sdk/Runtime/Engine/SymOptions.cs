namespace Sym.Sdk.Runtime;

/// <summary>Engine-wide settings. Configure with <c>services.AddSym(o =&gt; …)</c>.</summary>
public sealed class SymOptions
{
    /// <summary>The first delay before retrying a failed deescalate. The default value is 5 seconds.</summary>
    public TimeSpan DeescalateRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between deescalate retries (the cap of the exponential backoff). The default value is 15 minutes.</summary>
    public TimeSpan DeescalateRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The seed of the random jitter added to retry delays, for deterministic tests. The default value is
    /// <see langword="null"/>: a shared random source.
    /// </summary>
    public int? JitterSeed { get; set; }

    /// <summary>How long a claimed timer is held before another scheduler may fire it again. The default value is 5 minutes.</summary>
    public TimeSpan TimerLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most timers one scheduler tick fires. The default value is 100.</summary>
    public int TimerBatchSize { get; set; } = 100;

    /// <summary>
    /// How many claimed timers one tick fires at once (each on a different run; a run's events stay serialized). More
    /// than one lets a durable store share one commit among them, which keeps deescalation lag low when many grants
    /// expire together. The default value is 1: timers fire one after another, in due order.
    /// </summary>
    public int TimerConcurrency { get; set; } = 1;

    /// <summary>
    /// How often <see cref="SymScheduler"/> asks the store for due timers and, when no commit woke it sooner, for outbox
    /// messages. The default value is 1 second.
    /// </summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far <see cref="SymScheduler"/> moves each wait between polls off <see cref="SchedulerInterval"/>, at random, up or
    /// down: several hosts sharing one store then poll at different instants instead of together (each poll still claims
    /// different timers and messages, but spread out, the hosts together poll N times per interval). Less than
    /// <see cref="SchedulerInterval"/>. The default value is zero (every wait is exactly the interval), as one process needs;
    /// the PostgreSQL store of Sym.Sdk.Hosting.PostgreSql sets a quarter of the interval unless configured.
    /// </summary>
    public TimeSpan SchedulerJitter { get; set; }

    /// <summary>
    /// How long an escalation may stay unfinished in a flow that does not schedule deescalation
    /// (<c>FlowOptions.ScheduleDeescalation</c> off): a run still escalating after it (its process stopped during the
    /// grant) is revoked as a failed grant. (A flow that schedules deescalation revokes such a run when the grant would
    /// have expired.) The default value is 1 hour.
    /// </summary>
    public TimeSpan EscalationTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The first delay before delivering a notification again after a transient failure. The default value is 2 seconds.</summary>
    public TimeSpan NotificationRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between notification attempts (the cap of the exponential backoff). The default value is 5 minutes.</summary>
    public TimeSpan NotificationRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a claimed outbox message is held before another dispatcher may deliver it again (longer than a delivery
    /// with its own retries takes). The default value is 2 minutes.
    /// </summary>
    public TimeSpan OutboxLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many outbox messages the dispatcher delivers at once (each of a different run; one run's go out in order). The default value is 8.</summary>
    public int OutboxConcurrency { get; set; } = 8;

    /// <summary>
    /// How long <see cref="SymScheduler"/> may go without completing a tick before it counts as stalled
    /// (<see cref="SymScheduler.IsStalled"/>): due timers, revocations among them, are not firing. It then logs an error
    /// (once per stall) and a host's health check reports unhealthy. Longer than <see cref="SchedulerInterval"/>; allow
    /// for the longest tick you expect (a large batch of slow strategy calls). The default value is 2 minutes.
    /// </summary>
    public TimeSpan SchedulerStallTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
