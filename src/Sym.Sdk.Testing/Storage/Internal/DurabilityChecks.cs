using Sym.Sdk.Runtime;
using static Sym.Sdk.Testing.Storage.Internal.ContractSamples;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>
/// What survives a restart (durable stores only): every commit, whole; claims held when the process stopped, which lapse
/// at their lease's end and are then taken over; de-duplication of inbox ids; audit sequences that go on.
/// </summary>
internal static class DurabilityChecks
{
    public static IEnumerable<StoreCheck> All =>
    [
        StoreCheck.Durable(Reopen_AfterCommits_ReadsEverythingBack),
        StoreCheck.Durable(Reopen_ClaimsHeldBeforeTheRestart_HoldUntilTheirLeaseEndsThenAreTakenOver),
        StoreCheck.Durable(Reopen_ConflictingAndInvalidCommitsBeforeTheRestart_LeftNothing),
    ];

    private static async Task Reopen_AfterCommits_ReadsEverythingBack(CheckContext c)
    {
        SymRun run = Full("r1");
        List<SymOutboxMessage> messages = EveryKindOfMessage(run);
        var identity = new UserIdentity { Service = "okta", ServiceId = "acme", UserId = "00u1", Email = "a@okta.example" };
        await c.CommitAsync(new SymRunTransition
        {
            Run = run, ScheduleTimers = [Timer("r1", T0.AddHours(1)), Timer("r1", T0.AddMinutes(15), SymTimerKind.RequestTimeout, 2)],
            Audit = [Entry("request"), Entry("announce")], Identities = [new SymIdentitySave(Requester, identity)], Messages = messages,
        }, "creating a run with everything").ConfigureAwait(false);
        SymRun next = run with { Version = 2, State = SymRunState.Active };
        await c.CommitAsync(new SymRunTransition { Run = next, ExpectedVersion = 1, Audit = [Entry("approve")] }, "updating it").ConfigureAwait(false);
        await c.Store.SaveIdentityAsync(Other, identity with { Service = "aws_sso" }, c.CancellationToken).ConfigureAwait(false);
        SymInboxItem inbox = Expect.NotNull(await c.Store.TryAddInboxItemAsync(InboxItem("i1"), T0, Lease, c.CancellationToken).ConfigureAwait(false), "the inbox item");
        await c.Store.CompleteInboxItemAsync(inbox, T0.AddSeconds(1), c.CancellationToken).ConfigureAwait(false);
        List<SymAuditEntry> audit = await c.AuditAsync().ConfigureAwait(false);
        IReadOnlyList<SymTimer> timers = await c.TimersAsync("r1").ConfigureAwait(false);

        await c.ReopenAsync().ConfigureAwait(false);

        Expect.SameMembers(next, await c.RunAsync("r1").ConfigureAwait(false), "the run after a restart");
        Expect.SameMembers(audit, await c.AuditAsync().ConfigureAwait(false), "the audit log after a restart");
        Expect.SameMembers(timers.OrderBy(static t => t.Kind).ToList(), (await c.TimersAsync("r1").ConfigureAwait(false)).OrderBy(static t => t.Kind).ToList(),
            "the run's timers after a restart");
        Expect.SameMembers(identity, await c.Store.GetIdentityAsync(Requester, "okta", c.CancellationToken).ConfigureAwait(false), "an identity saved with a step");
        Expect.SameMembers(identity with { Service = "aws_sso" }, await c.Store.GetIdentityAsync(Other, "AWS_SSO", c.CancellationToken).ConfigureAwait(false),
            "an identity saved alone");
        IReadOnlyList<SymOutboxMessage> pending = await c.PendingAsync("r1").ConfigureAwait(false);
        Expect.Equal(messages.Count, pending.Count, "pending messages after a restart");
        for (int i = 0; i < messages.Count; i++)
        {
            Expect.SameMembers(messages[i], pending[i], $"message {messages[i].Id} after a restart");
        }

        Expect.Null(await c.Store.TryAddInboxItemAsync(InboxItem("i1"), T0.AddMinutes(1), Lease, c.CancellationToken).ConfigureAwait(false),
            "adding a processed inbox item again after a restart");
        await c.AppendAsync(Entry("after_restart")).ConfigureAwait(false);
        Expect.Equal(audit.Max(static e => e.Sequence) + 1, (await c.AuditAsync().ConfigureAwait(false))[^1].Sequence,
            "the sequence of the first entry appended after a restart (the log goes on)");
    }

    private static async Task Reopen_ClaimsHeldBeforeTheRestart_HoldUntilTheirLeaseEndsThenAreTakenOver(CheckContext c)
    {
        await c.ScheduleAsync(Timer("r1", T0)).ConfigureAwait(false);
        await c.SendAsync(Message("m1", "r1"), Message("m2", "r1")).ConfigureAwait(false);
        SymTimer timer = Expect.Single(await c.ClaimTimersAsync(T0).ConfigureAwait(false), "the timer claimed before the restart");
        SymOutboxMessage message = Expect.Single(await c.ClaimMessagesAsync(T0).ConfigureAwait(false), "the message claimed before the restart");
        SymInboxItem item = Expect.NotNull(await c.Store.TryAddInboxItemAsync(InboxItem("i1"), T0, Lease, c.CancellationToken).ConfigureAwait(false), "the inbox item");

        await c.ReopenAsync().ConfigureAwait(false);

        DateTimeOffset held = T0 + Lease - TimeSpan.FromSeconds(1), lapsed = T0 + Lease;
        Expect.Empty(await c.ClaimTimersAsync(held).ConfigureAwait(false), "timers claimed after the restart while the old claim holds");
        Expect.Empty(await c.ClaimMessagesAsync(held).ConfigureAwait(false), "messages claimed after the restart while the old claim holds");
        Expect.Empty(await c.ClaimInboxAsync(held).ConfigureAwait(false), "inbox items claimed after the restart while the old claim holds");

        SymTimer timerAgain = Expect.Single(await c.ClaimTimersAsync(lapsed).ConfigureAwait(false), "timers claimed once the old claim lapsed");
        SymOutboxMessage messageAgain = Expect.Single(await c.ClaimMessagesAsync(lapsed).ConfigureAwait(false), "messages claimed once the old claim lapsed");
        SymInboxItem itemAgain = Expect.Single(await c.ClaimInboxAsync(lapsed).ConfigureAwait(false), "inbox items claimed once the old claim lapsed");
        Expect.Equal(("m1", 2), (messageAgain.Id, messageAgain.Attempts), "the message taken over (id, attempts)");
        Expect.Equal(2, itemAgain.Attempts, "the inbox item's attempts");
        Expect.True(timerAgain.ClaimToken != timer.ClaimToken && messageAgain.ClaimToken != message.ClaimToken && itemAgain.ClaimToken != item.ClaimToken,
            "Claims taken after a restart carry tokens the claims before it did not (claim tokens survive the restart).");

        // The claims held before the restart are stale now.
        await c.Store.CompleteTimerAsync(timer, c.CancellationToken).ConfigureAwait(false);
        await c.Store.CompleteMessageAsync(message, c.CancellationToken).ConfigureAwait(false);
        await c.Store.CompleteInboxItemAsync(item, lapsed, c.CancellationToken).ConfigureAwait(false);
        Expect.Single(await c.TimersAsync("r1").ConfigureAwait(false), "the run's timers after the stale claim completed");
        Expect.Sequence(["m1", "m2"], (await c.PendingAsync().ConfigureAwait(false)).Select(static m => m.Id), "the outbox after the stale claim completed");
        Expect.Single(await c.ClaimInboxAsync(lapsed + Lease).ConfigureAwait(false), "inbox items claimed after the stale claim completed (still unprocessed)");
    }

    private static async Task Reopen_ConflictingAndInvalidCommitsBeforeTheRestart_LeftNothing(CheckContext c)
    {
        WholeStep step = await WholeStep.ArrangeAsync(c, "r1").ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition { Run = Bare("r1") with { Version = 2 }, ExpectedVersion = 1 }, "an update to version 2").ConfigureAwait(false);
        await c.ConflictAsync(step.Transition(Bare("r1") with { Version = 2 }, expectedVersion: 1), "a stale update").ConfigureAwait(false);
        await Expect.ThrowsAsync<ArgumentException>(async () => await c.Store.CommitAsync(step.Transition(Bare("r1") with { Version = 4 }, expectedVersion: 2),
            c.CancellationToken).ConfigureAwait(false), "an update skipping a version").ConfigureAwait(false);

        await c.ReopenAsync().ConfigureAwait(false);

        Expect.Equal(2L, (await c.RunAsync("r1").ConfigureAwait(false)).Version, "the run's version after a restart");
        await step.ExpectNothingWrittenAsync(c, "after a restart").ConfigureAwait(false);
    }
}
