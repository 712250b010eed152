using Sym.Sdk.Runtime;
using static Sym.Sdk.Testing.Storage.Internal.ContractSamples;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>
/// The outbox: messages written only by commits, read back whole; only each run's oldest message is claimable, so a run's
/// messages go out in commit order while runs go in parallel; claims are leased, counted, retried and completed only with
/// their token, by the dispatcher or by the step that records the delivery.
/// </summary>
internal static class OutboxChecks
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static IEnumerable<StoreCheck> All =>
    [
        StoreCheck.Of(CommitAsync_MessagesOfEveryKind_ReadBackEveryMember),
        StoreCheck.Of(CommitAsync_Messages_StartUnclaimedWithNoAttempts),
        StoreCheck.Of(GetPendingMessagesAsync_SeveralCommits_ListsMessagesInCommitOrder),
        StoreCheck.Of(ClaimDueMessagesAsync_RunsWithSeveralMessages_TakesOnlyEachRunsOldest),
        StoreCheck.Of(ClaimDueMessagesAsync_LaterMessagesDueEarlier_AreDeliveredInCommitOrder),
        StoreCheck.Of(ClaimDueMessagesAsync_DifferentRuns_AreClaimedInParallel),
        StoreCheck.Of(ClaimDueMessagesAsync_MessagesWithoutARun_AreIndependent),
        StoreCheck.Of(ClaimDueMessagesAsync_DueAndMax_ClaimsTheEarliestDueOnly),
        StoreCheck.Of(ClaimDueMessagesAsync_ClaimedRepeatedly_CountsAnAttemptPerClaim),
        StoreCheck.Of(ClaimDueMessagesAsync_LapsedClaim_IsClaimedAgainAndTheOldTokenIsStale),
        StoreCheck.Of(ClaimDueMessagesAsync_ConcurrentClaimers_NeverGetTheSameMessage),
        StoreCheck.Of(ClaimDueMessagesAsync_MaxCountNotPositive_Throws),
        StoreCheck.Of(RetryMessageAsync_ClaimedMessage_IsReleasedUntilItsDueTimeWithTheError),
        StoreCheck.Of(CompleteMessageAsync_WithoutTheClaimsToken_KeepsTheMessage),
        StoreCheck.Of(CommitAsync_Delivered_RemovesItsMessageWithTheStep),
        StoreCheck.Of(CommitAsync_DeliveredWithALostClaim_KeepsTheMessage),
        StoreCheck.Of(CommitAsync_ConflictingCommit_ItsMessagesAreNeverClaimed),
    ];

    private static async Task CommitAsync_MessagesOfEveryKind_ReadBackEveryMember(CheckContext c)
    {
        SymRun run = Full("r1");
        List<SymOutboxMessage> sent = EveryKindOfMessage(run);
        await c.CommitAsync(new SymRunTransition { Run = run, Messages = sent }, "creating a run with messages of every kind").ConfigureAwait(false);
        SymOutboxMessage orphan = new()
        {
            Id = "orphan-error", Kind = SymNotificationKind.Error, Channel = "#sym-errors", CreatedAt = T0.AddTicks(3), DueAt = T0.AddTicks(3),
            Error = new SymErrorReport { Flow = "custom_access", Error = new SymRunError { Step = "request", Code = "Request:INVALID", Message = "no", Source = "engine", Timestamp = T0 } },
        };
        await c.SendAsync(orphan).ConfigureAwait(false);

        IReadOnlyList<SymOutboxMessage> pending = await c.PendingAsync("r1").ConfigureAwait(false);
        Expect.Sequence(sent.Select(static m => m.Id), pending.Select(static m => m.Id), "the run's pending messages, in commit order");
        for (int i = 0; i < sent.Count; i++)
        {
            Expect.SameMembers(sent[i], pending[i], $"pending message {sent[i].Id}");
        }

        // Claimed one at a time (a run's messages go out in order), each reads back whole with its claim.
        DateTimeOffset now = T0.AddHours(1);
        var claimedIds = new List<string>();
        for (int i = 0; i <= sent.Count; i++)
        {
            IReadOnlyList<SymOutboxMessage> batch = await c.ClaimMessagesAsync(now).ConfigureAwait(false);
            foreach (SymOutboxMessage claimed in batch)
            {
                SymOutboxMessage expected = claimed.Id == orphan.Id ? orphan : sent.Single(m => m.Id == claimed.Id);
                Expect.True(claimed.ClaimToken != 0, $"Claimed message {claimed.Id} carries a claim token.");
                Expect.SameMembers(expected with { Attempts = 1, ClaimToken = claimed.ClaimToken, ClaimedUntil = now + Lease }, claimed, $"claimed message {claimed.Id}");
                claimedIds.Add(claimed.Id);
                await c.Store.CompleteMessageAsync(claimed, c.CancellationToken).ConfigureAwait(false);
            }
        }

        Expect.Sequence([.. sent.Select(static m => m.Id), orphan.Id], claimedIds.Where(id => id != orphan.Id).Append(orphan.Id), "messages claimed");
        Expect.Empty(await c.PendingAsync().ConfigureAwait(false), "the outbox after every message was completed");
    }

    private static async Task CommitAsync_Messages_StartUnclaimedWithNoAttempts(CheckContext c)
    {
        await c.SendAsync(Message("m1", "r1") with { Attempts = 3, ClaimToken = 9, ClaimedUntil = T0.AddHours(1) }).ConfigureAwait(false);
        SymOutboxMessage stored = Expect.Single(await c.PendingAsync().ConfigureAwait(false), "the outbox");
        Expect.Equal((0, 0L, (DateTimeOffset?)null), (stored.Attempts, stored.ClaimToken, stored.ClaimedUntil), "the new message (attempts, claim token, claimed until)");
        Expect.Equal(1, Expect.Single(await c.ClaimMessagesAsync(T0).ConfigureAwait(false), "messages claimed at once").Attempts, "the first claim's attempt count");
    }

    private static async Task GetPendingMessagesAsync_SeveralCommits_ListsMessagesInCommitOrder(CheckContext c)
    {
        // One commit of many messages sharing a creation time, as a step sends them, then more commits: order is commit order.
        SymOutboxMessage[] first = [.. Enumerable.Range(1, 20).Select(static i => Message($"a{i:00}", "a"))];
        await c.CommitAsync(new SymRunTransition { Messages = first }, "a commit of 20 messages").ConfigureAwait(false);
        await c.SendAsync(Message("b01", "b"), Message("x", null), Message("a21", "a", T0.AddTicks(-1)), Message("b02", "b")).ConfigureAwait(false);

        string[] a = [.. first.Select(static m => m.Id), "a21"];
        Expect.Sequence(a, (await c.PendingAsync("a").ConfigureAwait(false)).Select(static m => m.Id), "run a's pending messages");
        Expect.Sequence(["b01", "b02"], (await c.PendingAsync("b").ConfigureAwait(false)).Select(static m => m.Id), "run b's pending messages");
        IReadOnlyList<SymOutboxMessage> all = await c.PendingAsync().ConfigureAwait(false);
        Expect.Equal(24, all.Count, "pending messages");
        Expect.Sequence(a, all.Where(static m => m.RunId == "a").Select(static m => m.Id), "run a's messages in the whole outbox");
        Expect.Sequence(["b01", "b02"], all.Where(static m => m.RunId == "b").Select(static m => m.Id), "run b's messages in the whole outbox");
    }

    private static async Task ClaimDueMessagesAsync_RunsWithSeveralMessages_TakesOnlyEachRunsOldest(CheckContext c)
    {
        await c.CommitAsync(new SymRunTransition { Messages = [Message("a1", "a"), Message("a2", "a"), Message("b1", "b")] }, "a commit of three").ConfigureAwait(false);
        await c.SendAsync(Message("a3", "a"), Message("b2", "b")).ConfigureAwait(false);

        IReadOnlyList<SymOutboxMessage> claimed = await c.ClaimMessagesAsync(T0.AddMinutes(1)).ConfigureAwait(false);
        Expect.Set(["a1", "b1"], claimed.Select(static m => m.Id), "messages claimed (each run's oldest)");
        Expect.Empty(await c.ClaimMessagesAsync(T0.AddMinutes(2)).ConfigureAwait(false), "messages claimed while each run's oldest is out");
        Expect.Sequence(["a1", "a2", "a3"], (await c.PendingAsync("a").ConfigureAwait(false)).Select(static m => m.Id), "run a's pending messages");
    }

    private static async Task ClaimDueMessagesAsync_LaterMessagesDueEarlier_AreDeliveredInCommitOrder(CheckContext c)
    {
        // Later messages due earlier still wait for the ones before them.
        await c.CommitAsync(new SymRunTransition { Messages = [Message("a1", "a", T0, T0.AddMinutes(10)), Message("a2", "a")] }, "the first commit").ConfigureAwait(false);
        await c.SendAsync(Message("a3", "a", T0.AddMinutes(-5)), Message("a4", "a", T0, T0.AddMinutes(3))).ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition { Messages = [Message("a5", "a", T0.AddMinutes(-9))] }, "the last commit").ConfigureAwait(false);

        Expect.Empty(await c.ClaimMessagesAsync(T0.AddMinutes(5)).ConfigureAwait(false), "messages claimed before a1 is due (the rest wait behind it)");
        var delivered = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            IReadOnlyList<SymOutboxMessage> batch = await c.ClaimMessagesAsync(T0.AddHours(1)).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            Expect.Equal(1, batch.Count, "messages of one run claimed at once");
            delivered.Add(batch[0].Id);
            await c.Store.CompleteMessageAsync(batch[0], c.CancellationToken).ConfigureAwait(false);
        }

        Expect.Sequence(["a1", "a2", "a3", "a4", "a5"], delivered, "the order run a's messages were claimed in");
    }

    private static async Task ClaimDueMessagesAsync_DifferentRuns_AreClaimedInParallel(CheckContext c)
    {
        await c.SendAsync(Message("a1", "a"), Message("a2", "a"), Message("b1", "b")).ConfigureAwait(false);
        IReadOnlyList<SymOutboxMessage> claimed = await c.ClaimMessagesAsync(T0).ConfigureAwait(false);
        Expect.Set(["a1", "b1"], claimed.Select(static m => m.Id), "messages claimed");

        await c.Store.CompleteMessageAsync(claimed.Single(static m => m.Id == "a1"), c.CancellationToken).ConfigureAwait(false);
        Expect.Sequence(["a2"], (await c.ClaimMessagesAsync(T0).ConfigureAwait(false)).Select(static m => m.Id),
            "messages claimed once a1 is delivered, while b1 is still out");
    }

    private static async Task ClaimDueMessagesAsync_MessagesWithoutARun_AreIndependent(CheckContext c)
    {
        await c.CommitAsync(new SymRunTransition { Messages = [Message("x1", null), Message("x2", null)] }, "two messages about no run").ConfigureAwait(false);
        Expect.Set(["x1", "x2"], (await c.ClaimMessagesAsync(T0).ConfigureAwait(false)).Select(static m => m.Id), "messages claimed (each its own order key)");
    }

    private static async Task ClaimDueMessagesAsync_DueAndMax_ClaimsTheEarliestDueOnly(CheckContext c)
    {
        foreach (int minute in new[] { 4, 2, 5, 1, 3 })
        {
            await c.SendAsync(Message($"r{minute}", $"r{minute}", T0, T0.AddMinutes(minute))).ConfigureAwait(false);
        }

        Expect.Sequence(["r1", "r2"], (await c.ClaimMessagesAsync(T0.AddMinutes(3), 2).ConfigureAwait(false)).Select(static m => m.Id),
            "two messages claimed at minute 3 (earliest due first)");
        Expect.Sequence(["r3"], (await c.ClaimMessagesAsync(T0.AddMinutes(3), 10).ConfigureAwait(false)).Select(static m => m.Id),
            "messages claimed next at minute 3 (the rest are not due)");
        Expect.Sequence(["r4", "r5"], (await c.ClaimMessagesAsync(T0.AddMinutes(5), 10).ConfigureAwait(false)).Select(static m => m.Id),
            "messages claimed at minute 5");
    }

    private static async Task ClaimDueMessagesAsync_ClaimedRepeatedly_CountsAnAttemptPerClaim(CheckContext c)
    {
        await c.SendAsync(Message("m1", "r1")).ConfigureAwait(false);
        SymOutboxMessage first = Expect.Single(await c.ClaimMessagesAsync(T0, 10, Minute).ConfigureAwait(false), "the first claim");
        SymOutboxMessage second = Expect.Single(await c.ClaimMessagesAsync(T0.AddMinutes(1), 10, Minute).ConfigureAwait(false), "the claim after the first lapsed");
        await c.Store.RetryMessageAsync(second, T0.AddMinutes(5), "timed out", c.CancellationToken).ConfigureAwait(false);
        SymOutboxMessage third = Expect.Single(await c.ClaimMessagesAsync(T0.AddMinutes(5), 10, Minute).ConfigureAwait(false), "the claim after a retry");
        Expect.Sequence([1, 2, 3], new[] { first.Attempts, second.Attempts, third.Attempts }, "attempts of three claims");
        Expect.Equal(3, Expect.Single(await c.PendingAsync().ConfigureAwait(false), "the outbox").Attempts, "the pending message's attempts");
    }

    private static async Task ClaimDueMessagesAsync_LapsedClaim_IsClaimedAgainAndTheOldTokenIsStale(CheckContext c)
    {
        await c.SendAsync(Message("m1", "r1")).ConfigureAwait(false);
        SymOutboxMessage first = Expect.Single(await c.ClaimMessagesAsync(T0, 10, Minute).ConfigureAwait(false), "the first claim");
        Expect.Empty(await c.ClaimMessagesAsync(T0.AddSeconds(59), 10, Minute).ConfigureAwait(false), "a claim while the first holds");
        SymOutboxMessage second = Expect.Single(await c.ClaimMessagesAsync(T0.AddMinutes(1), 10, Minute).ConfigureAwait(false), "a claim once the first lapsed");
        Expect.True(second.ClaimToken != first.ClaimToken && second.ClaimToken != 0, "A claim taken over after a lapse carries a new token.");

        await c.Store.RetryMessageAsync(first, T0.AddHours(1), "stale retry", c.CancellationToken).ConfigureAwait(false);
        await c.Store.CompleteMessageAsync(first, c.CancellationToken).ConfigureAwait(false);
        SymOutboxMessage pending = Expect.Single(await c.PendingAsync().ConfigureAwait(false), "the outbox after the stale claim retried and completed");
        Expect.Equal((second.ClaimToken, (string?)null, T0), (pending.ClaimToken, pending.LastError, pending.DueAt),
            "the message (claim token, last error, due): a stale claim changes nothing");

        await c.Store.CompleteMessageAsync(second, c.CancellationToken).ConfigureAwait(false);
        Expect.Empty(await c.PendingAsync().ConfigureAwait(false), "the outbox after the current claim completed");
    }

    private static async Task ClaimDueMessagesAsync_ConcurrentClaimers_NeverGetTheSameMessage(CheckContext c)
    {
        await c.CommitAsync(new SymRunTransition { Messages = [.. Enumerable.Range(0, 30).SelectMany(static i => new[] { Message($"r{i:00}-1", $"r{i:00}"), Message($"r{i:00}-2", $"r{i:00}") })] },
            "sixty messages of thirty runs").ConfigureAwait(false);

        List<SymOutboxMessage>[] claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var mine = new List<SymOutboxMessage>();
            for (int round = 0; round < 100; round++)
            {
                IReadOnlyList<SymOutboxMessage> batch = await c.ClaimMessagesAsync(T0.AddMinutes(1), 4).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }

                mine.AddRange(batch);
            }

            return mine;
        }))).ConfigureAwait(false);

        string[] claimed = [.. claims.SelectMany(static b => b).Select(static m => m.Id).Order(StringComparer.Ordinal)];
        Expect.Sequence(Enumerable.Range(0, 30).Select(static i => $"r{i:00}-1"), claimed, "messages claimed by six concurrent dispatchers (each run's first, once)");
    }

    private static async Task ClaimDueMessagesAsync_MaxCountNotPositive_Throws(CheckContext c)
    {
        await c.SendAsync(Message("m1", "r1")).ConfigureAwait(false);
        foreach (int maxCount in new[] { 0, -1 })
        {
            await Expect.ThrowsAsync<ArgumentException>(async () => await c.ClaimMessagesAsync(T0, maxCount).ConfigureAwait(false), $"claiming at most {maxCount} messages")
                .ConfigureAwait(false);
        }

        Expect.Equal(0, Expect.Single(await c.PendingAsync().ConfigureAwait(false), "the outbox").Attempts, "the message's attempts (nothing claimed)");
    }

    private static async Task RetryMessageAsync_ClaimedMessage_IsReleasedUntilItsDueTimeWithTheError(CheckContext c)
    {
        await c.SendAsync(Message("a1", "a"), Message("a2", "a")).ConfigureAwait(false);
        SymOutboxMessage claimed = Expect.Single(await c.ClaimMessagesAsync(T0).ConfigureAwait(false), "the claim of run a's first message");
        await c.Store.RetryMessageAsync(claimed, T0.AddMinutes(10), "Slack:RATE_LIMITED", c.CancellationToken).ConfigureAwait(false);

        SymOutboxMessage released = (await c.PendingAsync("a").ConfigureAwait(false))[0];
        Expect.Equal(("a1", T0.AddMinutes(10), "Slack:RATE_LIMITED", 0L, (DateTimeOffset?)null, 1),
            (released.Id, released.DueAt, released.LastError, released.ClaimToken, released.ClaimedUntil, released.Attempts),
            "the released message (id, due, last error, claim token, claimed until, attempts)");
        Expect.Empty(await c.ClaimMessagesAsync(T0.AddMinutes(9)).ConfigureAwait(false), "messages claimed before the retry is due (a2 waits behind a1)");
        SymOutboxMessage again = Expect.Single(await c.ClaimMessagesAsync(T0.AddMinutes(10)).ConfigureAwait(false), "messages claimed when the retry is due");
        Expect.Equal(("a1", 2, "Slack:RATE_LIMITED"), (again.Id, again.Attempts, again.LastError), "the message claimed again (id, attempts, last error)");
    }

    private static async Task CompleteMessageAsync_WithoutTheClaimsToken_KeepsTheMessage(CheckContext c)
    {
        await c.SendAsync(Message("m1", "r1")).ConfigureAwait(false);
        SymOutboxMessage unclaimed = Expect.Single(await c.PendingAsync().ConfigureAwait(false), "the outbox");
        await c.Store.CompleteMessageAsync(unclaimed, c.CancellationToken).ConfigureAwait(false);
        await c.Store.RetryMessageAsync(unclaimed, T0.AddHours(1), "never claimed", c.CancellationToken).ConfigureAwait(false);
        SymOutboxMessage stored = Expect.Single(await c.PendingAsync().ConfigureAwait(false), "the outbox after completing and retrying a message never claimed");
        Expect.Equal((T0, (string?)null), (stored.DueAt, stored.LastError), "the message (due, last error)");

        SymOutboxMessage claimed = Expect.Single(await c.ClaimMessagesAsync(T0).ConfigureAwait(false), "the claim");
        await c.Store.CompleteMessageAsync(claimed with { ClaimToken = claimed.ClaimToken + 1000 }, c.CancellationToken).ConfigureAwait(false);
        Expect.Equal(claimed.ClaimToken, Expect.Single(await c.PendingAsync().ConfigureAwait(false), "the outbox after completing with a wrong token").ClaimToken,
            "the message's claim token");
    }

    private static async Task CommitAsync_Delivered_RemovesItsMessageWithTheStep(CheckContext c)
    {
        await c.CreateAsync(Bare("a")).ConfigureAwait(false);
        await c.SendAsync(Message("a1", "a"), Message("a2", "a")).ConfigureAwait(false);
        SymOutboxMessage delivered = Expect.Single(await c.ClaimMessagesAsync(T0).ConfigureAwait(false), "the claim");
        SymRun run = await c.RunAsync("a").ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition
        {
            Run = run with { Version = 2, MessageReference = "C1:1.0" }, ExpectedVersion = 1, Delivered = delivered, Messages = [Message("a3", "a")],
        }, "the step recording a1's delivery").ConfigureAwait(false);

        Expect.Sequence(["a2", "a3"], (await c.PendingAsync("a").ConfigureAwait(false)).Select(static m => m.Id), "run a's pending messages after the step");
        Expect.Sequence(["a2"], (await c.ClaimMessagesAsync(T0).ConfigureAwait(false)).Select(static m => m.Id), "messages claimed after the step");
    }

    private static async Task CommitAsync_DeliveredWithALostClaim_KeepsTheMessage(CheckContext c)
    {
        await c.SendAsync(Message("a1", "a")).ConfigureAwait(false);
        SymOutboxMessage first = Expect.Single(await c.ClaimMessagesAsync(T0, 10, Minute).ConfigureAwait(false), "the first claim");
        SymOutboxMessage second = Expect.Single(await c.ClaimMessagesAsync(T0.AddMinutes(1), 10, Minute).ConfigureAwait(false), "the claim after the first lapsed");
        await c.OnRunAsync("a", t => t with { Delivered = first }, "the first holder's step").ConfigureAwait(false);
        Expect.Equal(second.ClaimToken, Expect.Single(await c.PendingAsync().ConfigureAwait(false), "the outbox after the first holder's step").ClaimToken,
            "the message's claim token (still the second holder's)");
        await c.OnRunAsync("a", t => t with { Delivered = second }, "the second holder's step").ConfigureAwait(false);
        Expect.Empty(await c.PendingAsync().ConfigureAwait(false), "the outbox after the second holder's step");
    }

    private static async Task CommitAsync_ConflictingCommit_ItsMessagesAreNeverClaimed(CheckContext c)
    {
        await c.CreateAsync(Bare("r1")).ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition { Run = Bare("r1") with { Version = 2 }, ExpectedVersion = 1 }, "an update to version 2").ConfigureAwait(false);
        await c.ConflictAsync(new SymRunTransition { Run = Bare("r1") with { Version = 2 }, ExpectedVersion = 1, Messages = [Message("stale-1", "r1"), Message("stale-2", null)] },
            "a stale update with messages").ConfigureAwait(false);
        await c.ConflictAsync(new SymRunTransition { Run = Bare("r1"), Messages = [Message("dup-create", "r1")] }, "a second create with a message").ConfigureAwait(false);
        await c.ConflictAsync(new SymRunTransition { Run = Bare("r1"), ExpectedVersion = 1, Messages = [Message("check", "r9")] },
            "a stale check-only commit with a message").ConfigureAwait(false);

        Expect.Empty(await c.ClaimMessagesAsync(T0.AddDays(1)).ConfigureAwait(false), "messages claimed a day later");
        Expect.Empty(await c.PendingAsync().ConfigureAwait(false), "the outbox");
    }
}
