using Sym.Sdk.Runtime;
using static Sym.Sdk.Testing.Storage.Internal.ContractSamples;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>
/// A run with everything one step can touch already in the store — a timer to cancel, a claimed timer that fired, a
/// claimed outbox message being delivered — and the transition of a step that touches all of it (schedules, cancels,
/// completes the fired timer, appends audit, saves an identity, sends and completes messages), to check that a commit
/// writes all of it or none of it.
/// </summary>
internal sealed class WholeStep
{
    private static readonly User StepUser = new() { Username = "Step@Example.com" };

    private WholeStep(string runId, SymTimer fired, SymOutboxMessage delivered)
    {
        RunId = runId;
        Fired = fired;
        Delivered = delivered;
    }

    public string RunId { get; }

    /// <summary>The run's claimed <see cref="SymTimerKind.DeescalateRetry"/> timer.</summary>
    public SymTimer Fired { get; }

    /// <summary>The run's claimed outbox message.</summary>
    public SymOutboxMessage Delivered { get; }

    /// <summary>Creates the run (version 1) with its Deescalate timer, claimed DeescalateRetry timer and claimed message.</summary>
    public static async Task<WholeStep> ArrangeAsync(CheckContext c, string runId)
    {
        await c.CreateAsync(Bare(runId)).ConfigureAwait(false);
        await c.ScheduleAsync(Timer(runId, T0.AddHours(1)), Timer(runId, T0, SymTimerKind.DeescalateRetry)).ConfigureAwait(false);
        SymTimer fired = Expect.Single(await c.ClaimTimersAsync(T0).ConfigureAwait(false), "timers claimed at T0 (only the DeescalateRetry timer is due)");
        await c.SendAsync(Message($"{runId}-delivering", runId)).ConfigureAwait(false);
        SymOutboxMessage delivered = Expect.Single(await c.ClaimMessagesAsync(T0).ConfigureAwait(false), "messages claimed at T0");
        return new WholeStep(runId, fired, delivered);
    }

    /// <summary>A step writing <paramref name="run"/> over <paramref name="expectedVersion"/>, and touching everything arranged.</summary>
    public SymRunTransition Transition(SymRun run, long expectedVersion) => new()
    {
        Run = run,
        ExpectedVersion = expectedVersion,
        ScheduleTimers = [Timer(RunId, T0.AddHours(2), SymTimerKind.RequestExpiry, argument: 7)],
        CancelTimers = [SymTimerKind.Deescalate],
        Fired = Fired,
        Audit = [Entry("whole_step", RunId, "the whole step"), Entry("whole_step_2", RunId, "its second entry")],
        Identities = [new SymIdentitySave(StepUser, new UserIdentity { Service = "okta", UserId = "00u-step" })],
        Messages = [Message($"{RunId}-sent-1", RunId), Message($"{RunId}-sent-2", RunId)],
        Delivered = Delivered,
    };

    /// <summary>Expects the store to hold what <see cref="ArrangeAsync"/> left, and nothing of <see cref="Transition"/>.</summary>
    public async Task ExpectNothingWrittenAsync(CheckContext c, string what)
    {
        IReadOnlyList<SymTimer> timers = await c.TimersAsync(RunId).ConfigureAwait(false);
        Expect.Set([SymTimerKind.Deescalate, SymTimerKind.DeescalateRetry], timers.Select(static t => t.Kind), $"{what}: the run's timers (none scheduled, cancelled or completed)");
        Expect.Equal(Fired.ClaimToken, timers.Single(static t => t.Kind == SymTimerKind.DeescalateRetry).ClaimToken, $"{what}: the fired timer's claim token");
        Expect.Empty(await c.AuditAsync(new SymAuditQuery { RunId = RunId }).ConfigureAwait(false), $"{what}: the run's audit entries");
        Expect.Null(await c.Store.GetIdentityAsync(StepUser, "okta", c.CancellationToken).ConfigureAwait(false), $"{what}: the step's identity");
        IReadOnlyList<SymOutboxMessage> pending = await c.PendingAsync(RunId).ConfigureAwait(false);
        Expect.Sequence([Delivered.Id], pending.Select(static m => m.Id), $"{what}: the run's pending messages (none sent, the delivered one kept)");
        Expect.Equal(Delivered.ClaimToken, pending[0].ClaimToken, $"{what}: the delivered message's claim token");
    }

    /// <summary>Expects every part of <see cref="Transition"/> in the store.</summary>
    public async Task ExpectAllWrittenAsync(CheckContext c, string what)
    {
        SymTimer timer = Expect.Single(await c.TimersAsync(RunId).ConfigureAwait(false), $"{what}: the run's timers (Deescalate cancelled, the fired one completed, RequestExpiry scheduled)");
        Expect.Equal((SymTimerKind.RequestExpiry, T0.AddHours(2), 7, 0L, (DateTimeOffset?)null), (timer.Kind, timer.DueAt, timer.Argument, timer.ClaimToken, timer.ClaimedUntil),
            $"{what}: the scheduled timer (kind, due, argument, claim token, claimed until)");
        Expect.Sequence(["the whole step", "its second entry"], (await c.AuditAsync(new SymAuditQuery { RunId = RunId }).ConfigureAwait(false)).Select(static e => e.Message),
            $"{what}: the run's audit entries");
        UserIdentity? identity = await c.Store.GetIdentityAsync(new User { Username = "step@example.com" }, "OKTA", c.CancellationToken).ConfigureAwait(false);
        Expect.Equal("00u-step", Expect.NotNull(identity, $"{what}: the step's identity").UserId, $"{what}: the step's identity");
        Expect.Sequence([$"{RunId}-sent-1", $"{RunId}-sent-2"], (await c.PendingAsync(RunId).ConfigureAwait(false)).Select(static m => m.Id),
            $"{what}: the run's pending messages (the delivered one completed, two sent)");
    }
}
