using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Storage;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>
/// The store contract every store keeps (Sym.Sdk.Testing's <see cref="SymStoreContract"/>), then what is particular to the
/// in-memory store: its heaps and audit chunks at scale, and what it allocates.
/// </summary>
public sealed class InMemorySymStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> ContractChecks => new(SymStoreContract.GetCheckNames());

    [Theory]
    [MemberData(nameof(ContractChecks))]
    public Task SymStoreContract_EachCheck_Passes(string check) => new SymStoreContract(() => new InMemorySymStore()).RunAsync(check);

    [Fact]
    public async Task ClaimDueTimersAsync_ManyTimersScheduledAndCancelled_ClaimsExactlyTheLiveOnesInBatches()
    {
        var store = new InMemorySymStore();
        for (int i = 0; i < 500; i++)
        {
            string run = $"r{i:D3}";
            await store.TryCreateRunAsync(Run(run));
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
        await store.TryCreateRunAsync(Run("a"));
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

    private static SymRun Run(string id) => new() { Id = id, Version = 1, Flow = "f", Requester = EngineHarness.Requester, RequestedAt = T0 };

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
