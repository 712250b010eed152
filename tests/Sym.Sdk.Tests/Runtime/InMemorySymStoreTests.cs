using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

public sealed class InMemorySymStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ClaimDueTimersAsync_ClaimsOnlyDueUnclaimedTimersEarliestFirst()
    {
        var store = new InMemorySymStore();
        await store.ScheduleTimerAsync(new SymTimer { RunId = "b", Kind = SymTimerKind.Deescalate, DueAt = T0.AddMinutes(2) });
        await store.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.Deescalate, DueAt = T0.AddMinutes(1) });
        await store.ScheduleTimerAsync(new SymTimer { RunId = "c", Kind = SymTimerKind.Deescalate, DueAt = T0.AddMinutes(10) });

        IReadOnlyList<SymTimer> claimed = await store.ClaimDueTimersAsync(T0.AddMinutes(5), 10, TimeSpan.FromMinutes(1));
        claimed.Select(t => t.RunId).Should().Equal("a", "b");
        claimed.Should().OnlyContain(t => t.ClaimToken != 0 && t.ClaimedUntil == T0.AddMinutes(6));

        (await store.ClaimDueTimersAsync(T0.AddMinutes(5), 10, TimeSpan.FromMinutes(1))).Should().BeEmpty("claimed timers are leased");
    }

    [Fact]
    public async Task ClaimDueTimersAsync_ExpiredLease_ClaimsAgain()
    {
        var store = new InMemorySymStore();
        await store.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.Deescalate, DueAt = T0 });
        SymTimer first = (await store.ClaimDueTimersAsync(T0, 10, TimeSpan.FromMinutes(1))).Single();
        SymTimer second = (await store.ClaimDueTimersAsync(T0.AddMinutes(1), 10, TimeSpan.FromMinutes(1))).Single();
        second.ClaimToken.Should().NotBe(first.ClaimToken);

        await store.CompleteTimerAsync(first);
        (await store.GetTimersAsync("a")).Should().ContainSingle("the first claim is stale and cannot complete the timer");
        await store.CompleteTimerAsync(second);
        (await store.GetTimersAsync("a")).Should().BeEmpty();
    }

    [Fact]
    public async Task CompleteTimerAsync_TimerReplacedAfterClaim_KeepsTheReplacement()
    {
        var store = new InMemorySymStore();
        await store.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.DeescalateRetry, DueAt = T0 });
        SymTimer claimed = (await store.ClaimDueTimersAsync(T0, 10, TimeSpan.FromMinutes(1))).Single();
        await store.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.DeescalateRetry, DueAt = T0.AddMinutes(5) });
        await store.CompleteTimerAsync(claimed);
        (await store.GetTimersAsync("a")).Should().ContainSingle().Which.DueAt.Should().Be(T0.AddMinutes(5));
    }

    [Fact]
    public async Task ScheduleTimerAsync_OneTimerPerRunAndKind()
    {
        var store = new InMemorySymStore();
        await store.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.Deescalate, DueAt = T0 });
        await store.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.Deescalate, DueAt = T0.AddHours(1) });
        await store.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.RequestExpiry, DueAt = T0 });
        (await store.GetTimersAsync("a")).Select(t => t.Kind).Should().BeEquivalentTo([SymTimerKind.Deescalate, SymTimerKind.RequestExpiry]);
        await store.CancelTimerAsync("a", SymTimerKind.Deescalate);
        (await store.GetTimersAsync("a")).Should().ContainSingle().Which.Kind.Should().Be(SymTimerKind.RequestExpiry);
    }

    [Fact]
    public async Task CommitAsync_AuditEntries_AssignsIncreasingSequencesInCommitOrder()
    {
        var store = new InMemorySymStore();
        SymAuditEntry Entry(string step) => new()
        {
            RunId = "r", Flow = "f", Step = step, Actor = "a", Requester = "a", Timestamp = T0, Outcome = SymAuditOutcome.Applied,
        };
        await store.AppendAuditAsync(Entry("request"));
        await store.CommitAsync(new SymRunTransition { Audit = [Entry("approve"), Entry("escalate")] });

        List<SymAuditEntry> all = await QueryAsync(store, new SymAuditQuery { RunId = "r" });
        all.Select(static e => (e.Sequence, e.Step)).Should().Equal((1L, "request"), (2L, "approve"), (3L, "escalate"));
    }

    [Fact]
    public async Task Identities_AreKeyedByUserAndServiceIgnoringCase()
    {
        var store = new InMemorySymStore();
        await store.SaveIdentityAsync(new User { Username = "A@x.com" }, new UserIdentity { Service = "okta", UserId = "00u1" });
        (await store.GetIdentityAsync(new User { Username = "a@X.com" }, "OKTA"))!.UserId.Should().Be("00u1");
        (await store.GetIdentityAsync(new User { Username = "a@x.com" }, "aws_sso")).Should().BeNull();
    }

    [Fact]
    public async Task ListRunsAsync_FiltersByState()
    {
        var store = new InMemorySymStore();
        await store.TryCreateRunAsync(new SymRun { Id = "1", Version = 1, Flow = "f", Requester = EngineHarness.Requester, RequestedAt = T0 });
        await store.TryCreateRunAsync(new SymRun { Id = "2", Version = 1, Flow = "f", Requester = EngineHarness.Requester, RequestedAt = T0.AddMinutes(1), State = SymRunState.Active });
        var all = new List<string>();
        await foreach (SymRun r in store.ListRunsAsync())
        {
            all.Add(r.Id);
        }

        all.Should().Equal("1", "2");
        await foreach (SymRun r in store.ListRunsAsync(SymRunState.Active))
        {
            r.Id.Should().Be("2");
        }
    }

    [Fact]
    public async Task ClaimDueTimersAsync_ReplacedOrCancelledTimers_AreNeverClaimedFromTheirOldDueTime()
    {
        var store = new InMemorySymStore();
        await store.ScheduleTimerAsync(new SymTimer { RunId = "moved", Kind = SymTimerKind.Deescalate, DueAt = T0 });
        await store.ScheduleTimerAsync(new SymTimer { RunId = "moved", Kind = SymTimerKind.Deescalate, DueAt = T0.AddHours(1) });
        await store.ScheduleTimerAsync(new SymTimer { RunId = "gone", Kind = SymTimerKind.RequestExpiry, DueAt = T0 });
        await store.CancelTimerAsync("gone", SymTimerKind.RequestExpiry);
        await store.ScheduleTimerAsync(new SymTimer { RunId = "due", Kind = SymTimerKind.RequestExpiry, DueAt = T0 });

        IReadOnlyList<SymTimer> first = await store.ClaimDueTimersAsync(T0.AddMinutes(1), 10, TimeSpan.FromMinutes(1));
        first.Select(t => t.RunId).Should().Equal("due");
        await store.CompleteTimerAsync(first[0]);
        (await store.ClaimDueTimersAsync(T0.AddHours(1), 10, TimeSpan.FromMinutes(1))).Select(t => t.RunId).Should().Equal("moved");
    }

    [Fact]
    public async Task ClaimDueTimersAsync_ManyTimersScheduledAndCancelled_ClaimsExactlyTheLiveOnesInBatches()
    {
        var store = new InMemorySymStore();
        for (int i = 0; i < 500; i++)
        {
            string run = $"r{i:D3}";
            await store.ScheduleTimerAsync(new SymTimer { RunId = run, Kind = SymTimerKind.Deescalate, DueAt = T0.AddSeconds(i) });
            await store.ScheduleTimerAsync(new SymTimer { RunId = run, Kind = SymTimerKind.DeescalateRetry, DueAt = T0 });
            await store.CancelTimerAsync(run, SymTimerKind.DeescalateRetry);
            if (i % 2 == 1)
            {
                await store.CancelTimerAsync(run, SymTimerKind.Deescalate);
            }
        }

        var claimed = new List<SymTimer>();
        IReadOnlyList<SymTimer> batch;
        do
        {
            batch = await store.ClaimDueTimersAsync(T0.AddHours(1), 100, TimeSpan.FromMinutes(1));
            batch.Count.Should().BeLessThanOrEqualTo(100);
            claimed.AddRange(batch);
        }
        while (batch.Count > 0);

        claimed.Should().HaveCount(250).And.OnlyContain(t => t.Kind == SymTimerKind.Deescalate);
        claimed.Select(t => t.RunId).Should().Equal(Enumerable.Range(0, 500).Where(i => i % 2 == 0).Select(i => $"r{i:D3}"), "earliest first");
        claimed.Select(t => t.ClaimToken).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task ClaimDueTimersAsync_NothingDue_ReturnsEmptyAndClaimsNothing()
    {
        var store = new InMemorySymStore();
        await store.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.Deescalate, DueAt = T0.AddMinutes(1) });
        (await store.ClaimDueTimersAsync(T0, 10, TimeSpan.FromMinutes(1))).Should().BeEmpty();
        (await store.GetTimersAsync("a")).Single().ClaimToken.Should().Be(0);
        await FluentActions.Awaiting(async () => await store.ClaimDueTimersAsync(T0, 0, TimeSpan.FromMinutes(1)))
            .Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task QueryAuditAsync_ByRun_ReadsOnlyThatRunOldestFirstAcrossChunks()
    {
        var store = new InMemorySymStore();
        for (int i = 0; i < 2500; i++)
        {
            await store.AppendAuditAsync(Audit($"r{i % 7}", $"step{i}", "actor", "req"));
        }

        List<SymAuditEntry> entries = await QueryAsync(store, new SymAuditQuery { RunId = "r3" });
        entries.Should().HaveCount(Enumerable.Range(0, 2500).Count(i => i % 7 == 3));
        entries.Should().OnlyContain(e => e.RunId == "r3");
        entries.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        entries[^1].Step.Should().Be($"step{Enumerable.Range(0, 2500).Last(i => i % 7 == 3)}");
        (await QueryAsync(store, new SymAuditQuery { RunId = "unknown" })).Should().BeEmpty();
    }

    [Fact]
    public async Task QueryAuditAsync_All_ReturnsEveryEntryInOrderWhileTheFirstChunkGrowsAndMoreFollow()
    {
        var store = new InMemorySymStore();
        for (int i = 0; i < 2100; i++)
        {
            await store.AppendAuditAsync(Audit($"r{i % 5}", $"step{i}", $"actor{i % 3}", "req", i % 2 == 0 ? "prod" : null));
        }

        List<SymAuditEntry> all = await QueryAsync(store, new SymAuditQuery());
        all.Select(e => e.Step).Should().Equal(Enumerable.Range(0, 2100).Select(i => $"step{i}"));
        all.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 2100).Select(i => (long)i));
        (await QueryAsync(store, new SymAuditQuery { User = "actor1" })).Select(e => e.Step)
            .Should().Equal(Enumerable.Range(0, 2100).Where(i => i % 3 == 1).Select(i => $"step{i}"));
        (await QueryAsync(store, new SymAuditQuery { Target = "prod", RunId = "r4" })).Select(e => e.Step)
            .Should().Equal(Enumerable.Range(0, 2100).Where(i => i % 2 == 0 && i % 5 == 4).Select(i => $"step{i}"));
    }

    [Fact]
    public async Task AppendAuditAsync_FewEntries_AllocateAFractionOfAFullChunk()
    {
        await NewStoreWithFewEntriesAsync(); // JIT and type initialization first

        long before = GC.GetAllocatedBytesForCurrentThread();
        await NewStoreWithFewEntriesAsync();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A full chunk is 1,024 entries of ~136 bytes; a test or harness story keeping a handful must not pay for one.
        allocated.Should().BeLessThan(16 * 1024);

        static async Task NewStoreWithFewEntriesAsync()
        {
            var store = new InMemorySymStore();
            for (int i = 0; i < 8; i++)
            {
                await store.AppendAuditAsync(Audit("r1", "step", "actor", "req", "prod"));
            }
        }
    }

    [Fact]
    public async Task QueryAuditAsync_ByUser_MergesActedAndRequestedIgnoringCaseWithoutDuplicates()
    {
        var store = new InMemorySymStore();
        await store.AppendAuditAsync(Audit("r1", "request", "Ann@x.com", "ann@x.com"));
        await store.AppendAuditAsync(Audit("r1", "approve", "bob@x.com", "ann@x.com"));
        await store.AppendAuditAsync(Audit("r2", "request", "bob@x.com", "bob@x.com"));
        await store.AppendAuditAsync(Audit("r2", "approve", "ANN@x.com", "bob@x.com"));
        await store.AppendAuditAsync(Audit("r3", "request", "cy@x.com", "cy@x.com"));

        List<SymAuditEntry> ann = await QueryAsync(store, new SymAuditQuery { User = "ann@X.com" });
        ann.Select(e => e.Sequence).Should().Equal(1, 2, 4);
        (await QueryAsync(store, new SymAuditQuery { User = "ann@x.com", Step = "approve" })).Select(e => e.Sequence).Should().Equal(2, 4);
        (await QueryAsync(store, new SymAuditQuery { User = "nobody" })).Should().BeEmpty();
    }

    [Fact]
    public async Task QueryAuditAsync_ByTargetAndOtherFilters_AppliesEveryFilter()
    {
        var store = new InMemorySymStore();
        await store.AppendAuditAsync(Audit("r1", "request", "a", "a", "prod"));
        await store.AppendAuditAsync(Audit("r2", "request", "a", "a", "staging") with { Timestamp = T0.AddHours(1) });
        await store.AppendAuditAsync(Audit("r3", "request", "a", "a", "prod") with { Timestamp = T0.AddHours(2), Outcome = SymAuditOutcome.Ignored });
        await store.AppendAuditAsync(Audit("r4", "request", "a", "a"));

        (await QueryAsync(store, new SymAuditQuery { Target = "prod" })).Select(e => e.RunId).Should().Equal("r1", "r3");
        (await QueryAsync(store, new SymAuditQuery { Target = "prod", Outcome = SymAuditOutcome.Applied })).Select(e => e.RunId).Should().Equal("r1");
        (await QueryAsync(store, new SymAuditQuery { Since = T0.AddHours(1), Until = T0.AddHours(2) })).Select(e => e.RunId).Should().Equal("r2");
        (await QueryAsync(store, new SymAuditQuery())).Select(e => e.Sequence).Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task QueryAuditAsync_ReturnsEveryFieldAsAppended()
    {
        var store = new InMemorySymStore();
        SymAuditEntry entry = Audit("r1", "deescalate", "sym", "ann", "prod") with
        {
            Outcome = SymAuditOutcome.Failed, Message = "boom", ErrorCode = "SymSDK:X", Reason = "incident", Duration = TimeSpan.FromHours(1),
        };
        await store.AppendAuditAsync(entry);

        (await QueryAsync(store, new SymAuditQuery { RunId = "r1" })).Should().Equal(entry with { Sequence = 1 });
        typeof(SymAuditEntry).GetProperties().Should().HaveCount(13, "a new audit property must also be stored by InMemorySymStore's AuditRecordLog");
    }

    private static SymAuditEntry Audit(string run, string step, string actor, string requester, string? target = null) => new()
    {
        RunId = run, Flow = "f", Step = step, Actor = actor, Requester = requester, Target = target, Timestamp = T0, Outcome = SymAuditOutcome.Applied,
    };

    private static async Task<List<SymAuditEntry>> QueryAsync(InMemorySymStore store, SymAuditQuery query)
    {
        var list = new List<SymAuditEntry>();
        await foreach (SymAuditEntry e in store.QueryAuditAsync(query))
        {
            list.Add(e);
        }

        return list;
    }
}
