using Sym.Sdk.Runtime;
using static Sym.Sdk.Testing.Storage.Internal.ContractSamples;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>Runs: <see cref="ISymRunStore.CommitAsync"/>'s compare-and-swap (create, update, check only), all or nothing, and listing.</summary>
internal static class RunChecks
{
    public static IEnumerable<StoreCheck> All =>
    [
        StoreCheck.Of(GetRunAsync_NoSuchRun_ReturnsNull),
        StoreCheck.Of(CommitAsync_CreateFullRun_ReadsBackEveryMember),
        StoreCheck.Of(CommitAsync_CreateBareRun_ReadsBackItsDefaults),
        StoreCheck.Of(CommitAsync_CreateWithEverything_WritesTheWholeStep),
        StoreCheck.Of(CommitAsync_CreateExistingRun_ConflictsAndWritesNothing),
        StoreCheck.Of(CommitAsync_UpdateFromTheStoredVersion_ReplacesTheRunAndWritesTheWholeStep),
        StoreCheck.Of(CommitAsync_UpdateFromAStaleVersion_ConflictsAndWritesNothing),
        StoreCheck.Of(CommitAsync_UpdateOfAMissingRun_ConflictsAndCreatesNothing),
        StoreCheck.Of(CommitAsync_CheckOnly_KeepsTheStoredRunAndWritesTheWholeStep),
        StoreCheck.Of(CommitAsync_CheckOnlyAgainstAStaleVersion_ConflictsAndWritesNothing),
        StoreCheck.Of(CommitAsync_WithoutARun_WritesAuditIdentitiesAndMessages),
        StoreCheck.Of(CommitAsync_InvalidTransition_ThrowsArgumentExceptionAndWritesNothing),
        StoreCheck.Of(CommitAsync_ManyConcurrentCommitsOfOneVersion_ExactlyOneWinsAndOnlyItWrites),
        StoreCheck.Of(CommitAsync_ConcurrentCommitsToManyRuns_AllTakeEffect),
        StoreCheck.Of(ListRunsAsync_RunsInSeveralStates_AreOrderedByRequestTimeAndFilteredByState),
        StoreCheck.Of(ListRunsAsync_UpdatedRun_IsListedAtItsLatestVersion),
    ];

    private static async Task GetRunAsync_NoSuchRun_ReturnsNull(CheckContext c) =>
        Expect.Null(await c.Store.GetRunAsync("missing", c.CancellationToken).ConfigureAwait(false), "a run never created");

    private static async Task CommitAsync_CreateFullRun_ReadsBackEveryMember(CheckContext c)
    {
        SymRun run = Full("r1");
        await c.CreateAsync(run).ConfigureAwait(false);
        Expect.SameMembers(run, await c.RunAsync("r1").ConfigureAwait(false), "a run with every member set");
    }

    private static async Task CommitAsync_CreateBareRun_ReadsBackItsDefaults(CheckContext c)
    {
        SymRun run = Bare("r1");
        await c.CreateAsync(run).ConfigureAwait(false);
        SymRun stored = await c.RunAsync("r1").ConfigureAwait(false);
        Expect.SameMembers(run, stored, "a run with only its required members set");
        Expect.Equal("req@example.com", stored.Requester.Email, "the requester's email (defaults to the username)");
        Expect.True(stored.ForwardOnDeliveryFailure, "ForwardOnDeliveryFailure defaults to true and must read back true.");
    }

    private static async Task CommitAsync_CreateWithEverything_WritesTheWholeStep(CheckContext c)
    {
        SymRun run = Bare("r1");
        await c.CommitAsync(new SymRunTransition
        {
            Run = run,
            ScheduleTimers = [Timer("r1", T0.AddHours(1)), Timer("r1", T0.AddMinutes(15), SymTimerKind.RequestTimeout, argument: 2)],
            Audit = [Entry("request")],
            Identities = [new SymIdentitySave(Requester, new UserIdentity { Service = "okta", UserId = "00u1" })],
            Messages = [Message("announce", "r1")],
        }, "a create with timers, audit, an identity and a message").ConfigureAwait(false);

        Expect.SameMembers(run, await c.RunAsync("r1").ConfigureAwait(false), "the created run");
        Expect.Set([(SymTimerKind.Deescalate, T0.AddHours(1), 0), (SymTimerKind.RequestTimeout, T0.AddMinutes(15), 2)],
            (await c.TimersAsync("r1").ConfigureAwait(false)).Select(static t => (t.Kind, t.DueAt, t.Argument)), "the run's timers (kind, due, argument)");
        Expect.Sequence(["request"], (await c.AuditAsync().ConfigureAwait(false)).Select(static e => e.Step), "the audit log");
        Expect.Equal("00u1", (await c.Store.GetIdentityAsync(Requester, "okta", c.CancellationToken).ConfigureAwait(false))?.UserId, "the saved identity's user id");
        Expect.Sequence(["announce"], (await c.PendingAsync().ConfigureAwait(false)).Select(static m => m.Id), "the outbox");
    }

    private static async Task CommitAsync_CreateExistingRun_ConflictsAndWritesNothing(CheckContext c)
    {
        WholeStep step = await WholeStep.ArrangeAsync(c, "r1").ConfigureAwait(false);
        await c.ConflictAsync(step.Transition(Bare("r1", state: SymRunState.Active), expectedVersion: 0), "creating a run that exists").ConfigureAwait(false);
        Expect.Equal(SymRunState.Pending, (await c.RunAsync("r1").ConfigureAwait(false)).State, "the first run's state");
        await step.ExpectNothingWrittenAsync(c, "after a conflicting create").ConfigureAwait(false);
    }

    private static async Task CommitAsync_UpdateFromTheStoredVersion_ReplacesTheRunAndWritesTheWholeStep(CheckContext c)
    {
        WholeStep step = await WholeStep.ArrangeAsync(c, "r1").ConfigureAwait(false);
        SymRun next = Full("r1") with { Version = 2 };
        await c.CommitAsync(step.Transition(next, expectedVersion: 1), "an update from the stored version").ConfigureAwait(false);
        Expect.SameMembers(next, await c.RunAsync("r1").ConfigureAwait(false), "the updated run");
        await step.ExpectAllWrittenAsync(c, "after an update").ConfigureAwait(false);
    }

    private static async Task CommitAsync_UpdateFromAStaleVersion_ConflictsAndWritesNothing(CheckContext c)
    {
        WholeStep step = await WholeStep.ArrangeAsync(c, "r1").ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition { Run = Bare("r1", state: SymRunState.Active) with { Version = 2 }, ExpectedVersion = 1 }, "the first update")
            .ConfigureAwait(false);

        await c.ConflictAsync(step.Transition(Bare("r1", state: SymRunState.Denied) with { Version = 2 }, expectedVersion: 1), "a second update from version 1")
            .ConfigureAwait(false);
        SymRun stored = await c.RunAsync("r1").ConfigureAwait(false);
        Expect.Equal((2L, SymRunState.Active), (stored.Version, stored.State), "the run (version, state) after the stale update");
        await step.ExpectNothingWrittenAsync(c, "after a stale update").ConfigureAwait(false);
    }

    private static async Task CommitAsync_UpdateOfAMissingRun_ConflictsAndCreatesNothing(CheckContext c)
    {
        await c.ConflictAsync(new SymRunTransition
        {
            Run = Bare("r1") with { Version = 2 }, ExpectedVersion = 1, ScheduleTimers = [Timer("r1", T0)], Audit = [Entry("approve")], Messages = [Message("m1", "r1")],
        }, "updating a run that does not exist").ConfigureAwait(false);
        Expect.Null(await c.Store.GetRunAsync("r1", c.CancellationToken).ConfigureAwait(false), "the run after updating a missing run");
        Expect.Empty(await c.TimersAsync("r1").ConfigureAwait(false), "timers of the missing run");
        Expect.Empty(await c.AuditAsync().ConfigureAwait(false), "the audit log");
        Expect.Empty(await c.PendingAsync().ConfigureAwait(false), "the outbox");
    }

    private static async Task CommitAsync_CheckOnly_KeepsTheStoredRunAndWritesTheWholeStep(CheckContext c)
    {
        WholeStep step = await WholeStep.ArrangeAsync(c, "r1").ConfigureAwait(false);
        SymRun stored = await c.RunAsync("r1").ConfigureAwait(false);

        // A check-only commit (the run's version unchanged) must not replace the run, whatever the snapshot holds.
        await c.CommitAsync(step.Transition(stored with { State = SymRunState.Active, MessageReference = "not stored" }, expectedVersion: 1), "a check-only commit")
            .ConfigureAwait(false);
        Expect.SameMembers(stored, await c.RunAsync("r1").ConfigureAwait(false), "the run after a check-only commit");
        await step.ExpectAllWrittenAsync(c, "after a check-only commit").ConfigureAwait(false);
    }

    private static async Task CommitAsync_CheckOnlyAgainstAStaleVersion_ConflictsAndWritesNothing(CheckContext c)
    {
        WholeStep step = await WholeStep.ArrangeAsync(c, "r1").ConfigureAwait(false);
        SymRun v1 = await c.RunAsync("r1").ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition { Run = v1 with { Version = 2, State = SymRunState.Active }, ExpectedVersion = 1 }, "an update to version 2")
            .ConfigureAwait(false);

        await c.ConflictAsync(step.Transition(v1, expectedVersion: 1), "a check-only commit of version 1 when version 2 is stored").ConfigureAwait(false);
        await step.ExpectNothingWrittenAsync(c, "after a stale check-only commit").ConfigureAwait(false);
    }

    private static async Task CommitAsync_WithoutARun_WritesAuditIdentitiesAndMessages(CheckContext c)
    {
        await c.CommitAsync(new SymRunTransition
        {
            Audit = [Entry("request", "refused") with { Outcome = SymAuditOutcome.Failed, ErrorCode = "Request:INVALID" }],
            Identities = [new SymIdentitySave(Requester, new UserIdentity { Service = "okta", UserId = "00u1" })],
            Messages = [Message("error", null)],
        }, "a commit without a run").ConfigureAwait(false);

        Expect.Sequence(["refused"], (await c.AuditAsync().ConfigureAwait(false)).Select(static e => e.RunId), "the audit log's run ids");
        Expect.Equal("00u1", (await c.Store.GetIdentityAsync(Requester, "okta", c.CancellationToken).ConfigureAwait(false))?.UserId, "the saved identity's user id");
        Expect.Sequence(["error"], (await c.PendingAsync().ConfigureAwait(false)).Select(static m => m.Id), "the outbox");
        Expect.Empty(await c.ListAsync().ConfigureAwait(false), "runs");
    }

    private static async Task CommitAsync_InvalidTransition_ThrowsArgumentExceptionAndWritesNothing(CheckContext c)
    {
        await c.CreateAsync(Bare("r1")).ConfigureAwait(false);
        SymRun v1 = await c.RunAsync("r1").ConfigureAwait(false);
        var extras = new SymRunTransition
        {
            Audit = [Entry("invalid")], Messages = [Message("invalid", "r1")],
            Identities = [new SymIdentitySave(Other, new UserIdentity { Service = "okta", UserId = "00u-invalid" })],
        };
        (string Case, SymRunTransition Transition)[] cases =
        [
            ("a create whose run has version 2", extras with { Run = Bare("r2") with { Version = 2 } }),
            ("a create whose run has version 0", extras with { Run = Bare("r2") with { Version = 0 } }),
            ("an update from version 1 to 3", extras with { Run = v1 with { Version = 3 }, ExpectedVersion = 1 }),
            ("an update from version 1 to 0", extras with { Run = v1 with { Version = 0 }, ExpectedVersion = 1 }),
            ("a negative expected version", extras with { Run = v1, ExpectedVersion = -1 }),
            ("a timer of another run", extras with { Run = v1, ExpectedVersion = 1, ScheduleTimers = [Timer("r1", T0), Timer("r2", T0)] }),
            ("a fired timer of another run", extras with { Run = v1, ExpectedVersion = 1, Fired = Timer("r2", T0) with { ClaimToken = 1, ClaimedUntil = T0 } }),
            ("timers without a run", extras with { ScheduleTimers = [Timer("r1", T0)] }),
            ("a cancelled timer without a run", extras with { CancelTimers = [SymTimerKind.Deescalate] }),
            ("a fired timer without a run", extras with { Fired = Timer("r1", T0) with { ClaimToken = 1, ClaimedUntil = T0 } }),
            ("an expected version without a run", extras with { ExpectedVersion = 1 }),
            ("a null list", extras with { Run = v1, ExpectedVersion = 1, Audit = null! }),
        ];
        foreach ((string name, SymRunTransition transition) in cases)
        {
            await Expect.ThrowsAsync<ArgumentException>(async () => await c.Store.CommitAsync(transition, c.CancellationToken).ConfigureAwait(false),
                $"committing {name}").ConfigureAwait(false);
        }

        await Expect.ThrowsAsync<ArgumentNullException>(async () => await c.Store.CommitAsync(null!, c.CancellationToken).ConfigureAwait(false),
            "committing null").ConfigureAwait(false);

        Expect.SameMembers(v1, await c.RunAsync("r1").ConfigureAwait(false), "the run after invalid commits");
        Expect.Null(await c.Store.GetRunAsync("r2", c.CancellationToken).ConfigureAwait(false), "a run an invalid commit tried to create");
        Expect.Empty(await c.TimersAsync("r1").ConfigureAwait(false), "timers invalid commits tried to schedule");
        Expect.Empty(await c.AuditAsync().ConfigureAwait(false), "audit entries of invalid commits");
        Expect.Empty(await c.PendingAsync().ConfigureAwait(false), "messages of invalid commits");
        Expect.Null(await c.Store.GetIdentityAsync(Other, "okta", c.CancellationToken).ConfigureAwait(false), "an identity of invalid commits");
    }

    private static async Task CommitAsync_ManyConcurrentCommitsOfOneVersion_ExactlyOneWinsAndOnlyItWrites(CheckContext c)
    {
        await c.CreateAsync(Bare("r1")).ConfigureAwait(false);
        const int Rounds = 5, Writers = 8;
        var winners = new List<string>();
        int lastWinner = -1;
        for (long version = 1; version <= Rounds; version++)
        {
            long expected = version;
            bool[] results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
                await c.Store.CommitAsync(new SymRunTransition
                {
                    Run = Bare("r1") with { Version = expected + 1, MessageReference = $"v{expected}-w{i}" },
                    ExpectedVersion = expected,
                    ScheduleTimers = [Timer("r1", T0.AddMinutes(i))],
                    Audit = [Entry("approve", message: $"v{expected}-w{i}")],
                    Messages = [Message($"v{expected}-w{i}", "r1")],
                }, c.CancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
            Expect.Equal(1, results.Count(static won => won), $"commits of version {expected + 1} that won, of {Writers} racing");
            lastWinner = Array.IndexOf(results, true);
            winners.Add($"v{expected}-w{lastWinner}");
        }

        SymRun stored = await c.RunAsync("r1").ConfigureAwait(false);
        Expect.Equal((Rounds + 1L, winners[^1]), (stored.Version, stored.MessageReference), "the run (version, last winner)");
        Expect.Sequence(winners, (await c.AuditAsync().ConfigureAwait(false)).Select(static e => e.Message), "audit entries (only the winners')");
        Expect.Sequence(winners, (await c.PendingAsync().ConfigureAwait(false)).Select(static m => m.Id), "the outbox (only the winners' messages)");
        SymTimer timer = Expect.Single(await c.TimersAsync("r1").ConfigureAwait(false), "the run's timers");
        Expect.Equal(T0.AddMinutes(lastWinner), timer.DueAt, "the timer's due time (the last winner's)");
    }

    private static async Task CommitAsync_ConcurrentCommitsToManyRuns_AllTakeEffect(CheckContext c)
    {
        const int Runs = 24;
        await Task.WhenAll(Enumerable.Range(0, Runs).Select(i => Task.Run(async () =>
        {
            string id = $"r{i:00}";
            await c.CommitAsync(new SymRunTransition { Run = Bare(id, T0.AddSeconds(i)), Audit = [Entry("request", id)], Messages = [Message($"{id}-m1", id)] },
                $"creating {id}").ConfigureAwait(false);
            await c.CommitAsync(new SymRunTransition
            {
                Run = Bare(id, T0.AddSeconds(i), SymRunState.Active) with { Version = 2 }, ExpectedVersion = 1, ScheduleTimers = [Timer(id, T0.AddHours(1))],
                Audit = [Entry("approve", id)], Messages = [Message($"{id}-m2", id)],
            }, $"updating {id}").ConfigureAwait(false);
        }))).ConfigureAwait(false);

        List<SymRun> runs = await c.ListAsync(SymRunState.Active).ConfigureAwait(false);
        Expect.Sequence(Enumerable.Range(0, Runs).Select(static i => $"r{i:00}"), runs.Select(static r => r.Id), "active runs, by request time");
        List<SymAuditEntry> audit = await c.AuditAsync().ConfigureAwait(false);
        Expect.Sequence(Enumerable.Range(1, 2 * Runs).Select(static i => (long)i), audit.Select(static e => e.Sequence).Order(), "audit sequences (distinct, from 1)");
        foreach (IGrouping<string, SymAuditEntry> run in audit.GroupBy(static e => e.RunId, StringComparer.Ordinal))
        {
            Expect.Sequence(["request", "approve"], run.Select(static e => e.Step), $"run {run.Key}'s audit steps, in commit order");
        }

        Expect.Equal(2 * Runs, (await c.PendingAsync().ConfigureAwait(false)).Count, "pending messages");
        Expect.Equal(Runs, (await c.ClaimTimersAsync(T0.AddHours(1)).ConfigureAwait(false)).Count, "due timers");
    }

    private static async Task ListRunsAsync_RunsInSeveralStates_AreOrderedByRequestTimeAndFilteredByState(CheckContext c)
    {
        await c.CreateAsync(Bare("late", T0.AddMinutes(2), SymRunState.Active)).ConfigureAwait(false);
        await c.CreateAsync(Bare("early", T0, SymRunState.Active)).ConfigureAwait(false);
        await c.CreateAsync(Bare("middle", T0.AddMinutes(1), SymRunState.Pending)).ConfigureAwait(false);

        Expect.Sequence(["early", "middle", "late"], (await c.ListAsync().ConfigureAwait(false)).Select(static r => r.Id), "every run, oldest request first");
        Expect.Sequence(["early", "late"], (await c.ListAsync(SymRunState.Active).ConfigureAwait(false)).Select(static r => r.Id), "active runs");
        Expect.Empty(await c.ListAsync(SymRunState.Ended).ConfigureAwait(false), "ended runs");
    }

    private static async Task ListRunsAsync_UpdatedRun_IsListedAtItsLatestVersion(CheckContext c)
    {
        SymRun run = Bare("r1");
        await c.CreateAsync(run).ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition { Run = run with { Version = 2, State = SymRunState.Active }, ExpectedVersion = 1 }, "an update").ConfigureAwait(false);
        SymRun listed = Expect.Single(await c.ListAsync().ConfigureAwait(false), "listed runs");
        Expect.Equal((2L, SymRunState.Active), (listed.Version, listed.State), "the listed run (version, state)");
    }
}
