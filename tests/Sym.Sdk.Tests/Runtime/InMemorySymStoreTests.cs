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
    public async Task AppendAuditAsync_AssignsIncreasingSequences()
    {
        var store = new InMemorySymStore();
        SymAuditEntry Entry(string step) => new()
        {
            RunId = "r", Flow = "f", Step = step, Actor = "a", Requester = "a", Timestamp = T0, Outcome = SymAuditOutcome.Applied,
        };
        (await store.AppendAuditAsync(Entry("request"))).Sequence.Should().Be(1);
        (await store.AppendAuditAsync(Entry("approve"))).Sequence.Should().Be(2);
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
}
