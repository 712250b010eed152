using Sym.Sdk.Runtime;
using static Sym.Sdk.Testing.Storage.Internal.ContractSamples;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>
/// Timers: one per run and kind, applied in a commit in the documented order (the fired timer completed if it still holds
/// its claim, then cancels, then schedules), claimed with leases that lapse, never by two claimers at once.
/// </summary>
internal static class TimerChecks
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static IEnumerable<StoreCheck> All =>
    [
        StoreCheck.Of(ClaimDueTimersAsync_SomeDue_ClaimsOnlyDueUnclaimedTimersEarliestFirst),
        StoreCheck.Of(ClaimDueTimersAsync_MoreDueThanMax_ClaimsTheEarliest),
        StoreCheck.Of(ClaimDueTimersAsync_TimerWithAnArgument_CarriesItsData),
        StoreCheck.Of(ClaimDueTimersAsync_MaxCountNotPositive_Throws),
        StoreCheck.Of(ClaimDueTimersAsync_LapsedClaim_IsClaimedAgainWithANewToken),
        StoreCheck.Of(ClaimDueTimersAsync_ConcurrentClaimers_NeverGetTheSameTimer),
        StoreCheck.Of(ClaimDueTimersAsync_ReplacedOrCancelledTimers_AreNotClaimedAtTheirOldTime),
        StoreCheck.Of(CompleteTimerAsync_TimerReplacedAfterTheClaim_KeepsTheReplacement),
        StoreCheck.Of(CompleteTimerAsync_WithoutTheClaimsToken_KeepsTheTimer),
        StoreCheck.Of(CommitAsync_ScheduleTimers_KeepsOneTimerPerRunAndKind),
        StoreCheck.Of(CommitAsync_ScheduleOverAClaimedTimer_ReplacesItUnclaimed),
        StoreCheck.Of(CommitAsync_Fired_RemovesTheTimerStillHoldingItsClaim),
        StoreCheck.Of(CommitAsync_FiredAndRescheduledTheSameKind_KeepsTheNewTimer),
        StoreCheck.Of(CommitAsync_FiredAfterTheTimerWasReplaced_KeepsTheReplacement),
        StoreCheck.Of(CommitAsync_FiredWithALapsedClaim_KeepsTheTimerForItsNewHolder),
        StoreCheck.Of(CommitAsync_FiredNeverClaimed_RemovesNothing),
        StoreCheck.Of(CommitAsync_CancelAndScheduleTheSameKind_KeepsTheScheduledTimer),
    ];

    private static async Task ClaimDueTimersAsync_SomeDue_ClaimsOnlyDueUnclaimedTimersEarliestFirst(CheckContext c)
    {
        await c.ScheduleAsync(Timer("b", T0.AddMinutes(2))).ConfigureAwait(false);
        await c.ScheduleAsync(Timer("a", T0.AddMinutes(1))).ConfigureAwait(false);
        await c.ScheduleAsync(Timer("c", T0.AddMinutes(5.5))).ConfigureAwait(false);

        IReadOnlyList<SymTimer> claimed = await c.ClaimTimersAsync(T0.AddMinutes(5), 10, Minute).ConfigureAwait(false);
        Expect.Sequence(["a", "b"], claimed.Select(static t => t.RunId), "timers claimed at minute 5 (due ones, earliest first)");
        Expect.True(claimed.All(static t => t.ClaimToken != 0), "A claimed timer carries a claim token (not 0).");
        Expect.Sequence([T0.AddMinutes(6), T0.AddMinutes(6)], claimed.Select(static t => t.ClaimedUntil ?? default), "the claims' ends (now + lease)");

        Expect.Empty(await c.ClaimTimersAsync(T0.AddMinutes(5), 10, Minute).ConfigureAwait(false), "timers claimed again at minute 5 (the claims hold)");
        Expect.Sequence(["c"], (await c.ClaimTimersAsync(T0.AddMinutes(5.5), 10, Minute).ConfigureAwait(false)).Select(static t => t.RunId),
            "timers claimed at minute 5.5 (due exactly then)");
    }

    private static async Task ClaimDueTimersAsync_MoreDueThanMax_ClaimsTheEarliest(CheckContext c)
    {
        for (int i = 5; i >= 1; i--)
        {
            await c.ScheduleAsync(Timer($"r{i}", T0.AddMinutes(i))).ConfigureAwait(false);
        }

        Expect.Sequence(["r1", "r2"], (await c.ClaimTimersAsync(T0.AddHours(1), 2).ConfigureAwait(false)).Select(static t => t.RunId), "the first claim of 2");
        Expect.Sequence(["r3", "r4", "r5"], (await c.ClaimTimersAsync(T0.AddHours(1), 10).ConfigureAwait(false)).Select(static t => t.RunId), "the next claim of 10");
    }

    private static async Task ClaimDueTimersAsync_TimerWithAnArgument_CarriesItsData(CheckContext c)
    {
        await c.ScheduleAsync(Timer("a", T0.AddTicks(1), SymTimerKind.RequestTimeout, argument: 3)).ConfigureAwait(false);
        SymTimer claimed = Expect.Single(await c.ClaimTimersAsync(T0.AddMinutes(1)).ConfigureAwait(false), "claimed timers");
        Expect.Equal(("a", SymTimerKind.RequestTimeout, T0.AddTicks(1), 3, "a/request_timeout"), (claimed.RunId, claimed.Kind, claimed.DueAt, claimed.Argument, claimed.Id),
            "the claimed timer (run, kind, due, argument, id)");
        SymTimer listed = Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers");
        Expect.Equal((claimed.ClaimToken, claimed.ClaimedUntil), (listed.ClaimToken, listed.ClaimedUntil), "the listed timer's claim (token, until)");
    }

    private static async Task ClaimDueTimersAsync_MaxCountNotPositive_Throws(CheckContext c)
    {
        await c.ScheduleAsync(Timer("a", T0)).ConfigureAwait(false);
        foreach (int maxCount in new[] { 0, -1 })
        {
            await Expect.ThrowsAsync<ArgumentException>(async () => await c.ClaimTimersAsync(T0, maxCount).ConfigureAwait(false), $"claiming at most {maxCount} timers")
                .ConfigureAwait(false);
        }

        Expect.Equal(0L, Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers").ClaimToken, "the timer's claim token (nothing claimed)");
    }

    private static async Task ClaimDueTimersAsync_LapsedClaim_IsClaimedAgainWithANewToken(CheckContext c)
    {
        await c.ScheduleAsync(Timer("a", T0)).ConfigureAwait(false);
        SymTimer first = Expect.Single(await c.ClaimTimersAsync(T0, 10, Minute).ConfigureAwait(false), "the first claim");
        Expect.Empty(await c.ClaimTimersAsync(T0.AddSeconds(59), 10, Minute).ConfigureAwait(false), "a claim while the first holds");
        SymTimer second = Expect.Single(await c.ClaimTimersAsync(T0.AddMinutes(1), 10, Minute).ConfigureAwait(false), "a claim once the first lapsed");
        Expect.True(second.ClaimToken != first.ClaimToken && second.ClaimToken != 0, "A claim taken over after a lapse carries a new token.");
        Expect.Equal((DateTimeOffset?)T0.AddMinutes(2), second.ClaimedUntil, "the second claim's end");

        await c.Store.CompleteTimerAsync(first, c.CancellationToken).ConfigureAwait(false);
        Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers after the lapsed claim completed (its token is stale)");
        await c.Store.CompleteTimerAsync(second, c.CancellationToken).ConfigureAwait(false);
        Expect.Empty(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers after the current claim completed");
    }

    private static async Task ClaimDueTimersAsync_ConcurrentClaimers_NeverGetTheSameTimer(CheckContext c)
    {
        for (int i = 0; i < 60; i++)
        {
            await c.ScheduleAsync(Timer($"r{i:00}", T0.AddSeconds(i))).ConfigureAwait(false);
        }

        List<SymTimer>[] claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var mine = new List<SymTimer>();
            for (int round = 0; round < 100; round++)
            {
                IReadOnlyList<SymTimer> batch = await c.ClaimTimersAsync(T0.AddMinutes(5), 4).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }

                mine.AddRange(batch);
            }

            return mine;
        }))).ConfigureAwait(false);

        string[] claimed = [.. claims.SelectMany(static b => b).Select(static t => t.RunId)];
        Expect.Equal(claimed.Length, claimed.Distinct(StringComparer.Ordinal).Count(), "timers claimed, against distinct timers claimed (none twice)");
        Expect.Equal(60, claimed.Length, "timers claimed by six concurrent schedulers");
    }

    private static async Task ClaimDueTimersAsync_ReplacedOrCancelledTimers_AreNotClaimedAtTheirOldTime(CheckContext c)
    {
        await c.ScheduleAsync(Timer("moved", T0)).ConfigureAwait(false);
        await c.ScheduleAsync(Timer("moved", T0.AddHours(1))).ConfigureAwait(false);
        await c.ScheduleAsync(Timer("gone", T0, SymTimerKind.RequestExpiry)).ConfigureAwait(false);
        await c.OnRunAsync("gone", static t => t with { CancelTimers = [SymTimerKind.RequestExpiry] }, "cancelling gone's timer").ConfigureAwait(false);
        await c.ScheduleAsync(Timer("due", T0, SymTimerKind.RequestExpiry)).ConfigureAwait(false);

        IReadOnlyList<SymTimer> due = await c.ClaimTimersAsync(T0.AddMinutes(1)).ConfigureAwait(false);
        Expect.Sequence(["due"], due.Select(static t => t.RunId), "timers claimed at minute 1");
        await c.Store.CompleteTimerAsync(due[0], c.CancellationToken).ConfigureAwait(false);
        Expect.Sequence(["moved"], (await c.ClaimTimersAsync(T0.AddHours(1)).ConfigureAwait(false)).Select(static t => t.RunId), "timers claimed an hour later");
    }

    private static async Task CompleteTimerAsync_TimerReplacedAfterTheClaim_KeepsTheReplacement(CheckContext c)
    {
        await c.ScheduleAsync(Timer("a", T0, SymTimerKind.DeescalateRetry)).ConfigureAwait(false);
        SymTimer claimed = Expect.Single(await c.ClaimTimersAsync(T0, 10, TimeSpan.FromHours(1)).ConfigureAwait(false), "the claim");
        await c.ScheduleAsync(Timer("a", T0.AddMinutes(5), SymTimerKind.DeescalateRetry)).ConfigureAwait(false);
        await c.Store.CompleteTimerAsync(claimed, c.CancellationToken).ConfigureAwait(false);

        SymTimer kept = Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers after the old claim completed");
        Expect.Equal((T0.AddMinutes(5), 0L, (DateTimeOffset?)null), (kept.DueAt, kept.ClaimToken, kept.ClaimedUntil), "the replacement (due, claim token, claimed until)");
        Expect.Single(await c.ClaimTimersAsync(T0.AddMinutes(5)).ConfigureAwait(false), "timers claimed when the replacement is due (the old lease does not hold it)");
    }

    private static async Task CompleteTimerAsync_WithoutTheClaimsToken_KeepsTheTimer(CheckContext c)
    {
        SymTimer timer = Timer("a", T0);
        await c.ScheduleAsync(timer).ConfigureAwait(false);
        await c.Store.CompleteTimerAsync(timer, c.CancellationToken).ConfigureAwait(false);
        Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers after completing a timer never claimed");

        SymTimer claimed = Expect.Single(await c.ClaimTimersAsync(T0).ConfigureAwait(false), "the claim");
        await c.Store.CompleteTimerAsync(claimed with { ClaimToken = claimed.ClaimToken + 1000 }, c.CancellationToken).ConfigureAwait(false);
        Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers after completing with a wrong token");
    }

    private static async Task CommitAsync_ScheduleTimers_KeepsOneTimerPerRunAndKind(CheckContext c)
    {
        await c.ScheduleAsync(Timer("a", T0)).ConfigureAwait(false);
        await c.ScheduleAsync(Timer("a", T0.AddHours(1))).ConfigureAwait(false);
        await c.ScheduleAsync(Timer("a", T0, SymTimerKind.RequestExpiry), Timer("b", T0)).ConfigureAwait(false);
        Expect.Set([(SymTimerKind.RequestExpiry, T0), (SymTimerKind.Deescalate, T0.AddHours(1))],
            (await c.TimersAsync("a").ConfigureAwait(false)).Select(static t => (t.Kind, t.DueAt)), "run a's timers (kind, due)");

        await c.OnRunAsync("a", static t => t with { CancelTimers = [SymTimerKind.Deescalate, SymTimerKind.RequestTimeout] }, "cancelling a's Deescalate timer (and a kind it has not)")
            .ConfigureAwait(false);
        Expect.Sequence([SymTimerKind.RequestExpiry], (await c.TimersAsync("a").ConfigureAwait(false)).Select(static t => t.Kind), "run a's timers after the cancel");
        Expect.Single(await c.TimersAsync("b").ConfigureAwait(false), "run b's timers (untouched)");
    }

    private static async Task CommitAsync_ScheduleOverAClaimedTimer_ReplacesItUnclaimed(CheckContext c)
    {
        await c.ScheduleAsync(Timer("a", T0)).ConfigureAwait(false);
        Expect.Single(await c.ClaimTimersAsync(T0, 10, TimeSpan.FromMinutes(10)).ConfigureAwait(false), "the claim");
        await c.ScheduleAsync(Timer("a", T0.AddMinutes(1)) with { ClaimToken = 7, ClaimedUntil = T0.AddHours(1) }).ConfigureAwait(false);

        SymTimer replaced = Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers");
        Expect.Equal((T0.AddMinutes(1), 0L, (DateTimeOffset?)null), (replaced.DueAt, replaced.ClaimToken, replaced.ClaimedUntil),
            "the replacement (due, claim token, claimed until): scheduling drops any claim");
        Expect.Single(await c.ClaimTimersAsync(T0.AddMinutes(1)).ConfigureAwait(false), "timers claimed when the replacement is due");
    }

    private static async Task CommitAsync_Fired_RemovesTheTimerStillHoldingItsClaim(CheckContext c)
    {
        await c.ScheduleAsync(Timer("a", T0), Timer("a", T0, SymTimerKind.RequestExpiry)).ConfigureAwait(false);
        IReadOnlyList<SymTimer> claimed = await c.ClaimTimersAsync(T0).ConfigureAwait(false);
        SymTimer fired = claimed.Single(static t => t.Kind == SymTimerKind.Deescalate);
        SymRun run = await c.RunAsync("a").ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition { Run = run with { Version = 2, State = SymRunState.Ended }, ExpectedVersion = 1, Fired = fired }, "the fired timer's step")
            .ConfigureAwait(false);
        Expect.Sequence([SymTimerKind.RequestExpiry], (await c.TimersAsync("a").ConfigureAwait(false)).Select(static t => t.Kind), "the run's timers after the step");
    }

    private static async Task CommitAsync_FiredAndRescheduledTheSameKind_KeepsTheNewTimer(CheckContext c)
    {
        await c.ScheduleAsync(Timer("a", T0, SymTimerKind.DeescalateRetry)).ConfigureAwait(false);
        SymTimer fired = Expect.Single(await c.ClaimTimersAsync(T0).ConfigureAwait(false), "the claim");
        SymRun run = await c.RunAsync("a").ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition
        {
            Run = run with { Version = 2 }, ExpectedVersion = 1, Fired = fired, ScheduleTimers = [Timer("a", T0.AddMinutes(10), SymTimerKind.DeescalateRetry, argument: 1)],
        }, "a step that handles the timer and schedules the next of its kind").ConfigureAwait(false);

        SymTimer next = Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers (the fired one is completed before the new one is scheduled)");
        Expect.Equal((T0.AddMinutes(10), 1, 0L), (next.DueAt, next.Argument, next.ClaimToken), "the new timer (due, argument, claim token)");
    }

    private static async Task CommitAsync_FiredAfterTheTimerWasReplaced_KeepsTheReplacement(CheckContext c)
    {
        await c.ScheduleAsync(Timer("a", T0)).ConfigureAwait(false);
        SymTimer fired = Expect.Single(await c.ClaimTimersAsync(T0).ConfigureAwait(false), "the claim");
        await c.ScheduleAsync(Timer("a", T0.AddHours(1))).ConfigureAwait(false);
        await c.OnRunAsync("a", t => t with { Fired = fired, Audit = [Entry("timer", "a")] }, "the old claim's step").ConfigureAwait(false);

        SymTimer kept = Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers after the old claim's step");
        Expect.Equal(T0.AddHours(1), kept.DueAt, "the replacement's due time");
    }

    private static async Task CommitAsync_FiredWithALapsedClaim_KeepsTheTimerForItsNewHolder(CheckContext c)
    {
        await c.ScheduleAsync(Timer("a", T0)).ConfigureAwait(false);
        SymTimer first = Expect.Single(await c.ClaimTimersAsync(T0, 10, Minute).ConfigureAwait(false), "the first claim");
        SymTimer second = Expect.Single(await c.ClaimTimersAsync(T0.AddMinutes(1), 10, Minute).ConfigureAwait(false), "the claim after the first lapsed");

        await c.OnRunAsync("a", t => t with { Fired = first }, "the first holder's step").ConfigureAwait(false);
        Expect.Equal(second.ClaimToken, Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers after the first holder's step").ClaimToken,
            "the timer's claim token (still the second holder's)");
        await c.OnRunAsync("a", t => t with { Fired = second }, "the second holder's step").ConfigureAwait(false);
        Expect.Empty(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers after the second holder's step");
    }

    private static async Task CommitAsync_FiredNeverClaimed_RemovesNothing(CheckContext c)
    {
        SymTimer timer = Timer("a", T0);
        await c.ScheduleAsync(timer).ConfigureAwait(false);
        await c.OnRunAsync("a", t => t with { Fired = timer }, "a step naming an unclaimed timer as fired").ConfigureAwait(false);
        Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers (an unclaimed timer carries no claim to complete)");
    }

    private static async Task CommitAsync_CancelAndScheduleTheSameKind_KeepsTheScheduledTimer(CheckContext c)
    {
        await c.ScheduleAsync(Timer("a", T0)).ConfigureAwait(false);
        await c.OnRunAsync("a", static t => t with { CancelTimers = [SymTimerKind.Deescalate], ScheduleTimers = [Timer("a", T0.AddHours(2))] },
            "a step cancelling and scheduling a Deescalate timer").ConfigureAwait(false);
        Expect.Equal(T0.AddHours(2), Expect.Single(await c.TimersAsync("a").ConfigureAwait(false), "the run's timers (cancels apply before schedules)").DueAt,
            "the timer's due time");
    }
}
