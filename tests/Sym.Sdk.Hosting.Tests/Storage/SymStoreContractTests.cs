using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Runtime;
using static Sym.Sdk.Hosting.Tests.Storage.SampleRuns;

namespace Sym.Sdk.Hosting.Tests.Storage;

/// <summary>
/// What every store must do, run against each implementation (the in-memory store of core is the reference), so a
/// durable store behaves exactly like the one the engine was built and tested on.
/// </summary>
public abstract class SymStoreContractTests : IDisposable
{
    private readonly Lazy<StoreUnderTest> _store;

    protected SymStoreContractTests()
    {
        _store = new Lazy<StoreUnderTest>(CreateStore);
    }

    private StoreUnderTest Store => _store.Value;

    private ISymRunStore Runs => Store.Runs;

    private ISymAuditLog Audit => Store.Audit;

    private ISymIdentityStore Identities => Store.Identities;

    private ISymTimerStore Timers => Store.Timers;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    internal abstract StoreUnderTest CreateStore();

    protected virtual void Dispose(bool disposing)
    {
    }

    // Runs

    [Fact]
    public async Task GetRunAsync_NoSuchRun_ReturnsNull() =>
        (await Runs.GetRunAsync("missing")).Should().BeNull();

    [Fact]
    public async Task TryCreateRunAsync_FullRun_ReadsBackEveryMember()
    {
        SymRun run = Full("r1");
        (await Runs.TryCreateRunAsync(run)).Should().BeTrue();
        (await Runs.GetRunAsync("r1"))!.ShouldMatch(run);
    }

    [Fact]
    public async Task TryCreateRunAsync_BareRun_ReadsBackDefaults()
    {
        SymRun run = Bare("r1");
        await Runs.TryCreateRunAsync(run);
        SymRun stored = (await Runs.GetRunAsync("r1"))!;
        stored.ShouldMatch(run);
        stored.Requester.Email.Should().Be("req@example.com", "a user's email defaults to the username");
        stored.Requester.Name.Should().BeNull();
        stored.ForwardOnDeliveryFailure.Should().BeTrue();
        stored.Fields.Should().BeEmpty();
    }

    [Fact]
    public async Task TryCreateRunAsync_ExistingId_ReturnsFalseAndKeepsTheFirst()
    {
        await Runs.TryCreateRunAsync(Bare("r1", state: SymRunState.Pending));
        (await Runs.TryCreateRunAsync(Bare("r1", state: SymRunState.Active))).Should().BeFalse();
        (await Runs.GetRunAsync("r1"))!.State.Should().Be(SymRunState.Pending);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task TryCreateRunAsync_VersionNotOne_ThrowsAndStoresNothing(long version)
    {
        Func<Task> act = async () => await Runs.TryCreateRunAsync(Bare("r1") with { Version = version });
        await act.Should().ThrowAsync<ArgumentException>().WithParameterName("run");
        (await Runs.GetRunAsync("r1")).Should().BeNull();
    }

    [Fact]
    public async Task TryUpdateRunAsync_ExpectedVersion_ReplacesTheRun()
    {
        SymRun run = Bare("r1");
        await Runs.TryCreateRunAsync(run);
        SymRun next = run with { Version = 2, State = SymRunState.Active, ExpiresAt = T0.AddHours(1) };
        (await Runs.TryUpdateRunAsync(next, expectedVersion: 1)).Should().BeTrue();
        (await Runs.GetRunAsync("r1"))!.ShouldMatch(next);
    }

    [Fact]
    public async Task TryUpdateRunAsync_StaleVersion_ReturnsFalseAndKeepsTheStoredRun()
    {
        SymRun run = Bare("r1");
        await Runs.TryCreateRunAsync(run);
        await Runs.TryUpdateRunAsync(run with { Version = 2, State = SymRunState.Active }, 1);

        (await Runs.TryUpdateRunAsync(run with { Version = 2, State = SymRunState.Denied }, 1)).Should().BeFalse();
        SymRun stored = (await Runs.GetRunAsync("r1"))!;
        stored.Version.Should().Be(2);
        stored.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task TryUpdateRunAsync_NoSuchRun_ReturnsFalseAndCreatesNothing()
    {
        (await Runs.TryUpdateRunAsync(Bare("r1") with { Version = 2 }, 1)).Should().BeFalse();
        (await Runs.GetRunAsync("r1")).Should().BeNull();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task TryUpdateRunAsync_VersionNotExpectedPlusOne_ThrowsAndChangesNothing(long version)
    {
        await Runs.TryCreateRunAsync(Bare("r1"));
        Func<Task> act = async () => await Runs.TryUpdateRunAsync(Bare("r1", state: SymRunState.Active) with { Version = version }, 1);
        await act.Should().ThrowAsync<ArgumentException>().WithParameterName("run");
        (await Runs.GetRunAsync("r1"))!.State.Should().Be(SymRunState.Pending);
    }

    [Fact]
    public async Task TryUpdateRunAsync_ManyWritersOfOneVersion_ExactlyOneWinsEachRound()
    {
        await Runs.TryCreateRunAsync(Bare("r1"));
        for (long version = 1; version <= 5; version++)
        {
            long expected = version;
            bool[] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
                await Runs.TryUpdateRunAsync(Bare("r1") with { Version = expected + 1, MessageReference = $"writer {i}" }, expected))));
            results.Count(won => won).Should().Be(1, $"exactly one writer of version {expected} wins");
        }

        (await Runs.GetRunAsync("r1"))!.Version.Should().Be(6);
    }

    [Fact]
    public async Task ListRunsAsync_OrdersByRequestTimeAndFiltersByState()
    {
        await Runs.TryCreateRunAsync(Bare("late", T0.AddMinutes(2), SymRunState.Active));
        await Runs.TryCreateRunAsync(Bare("early", T0, SymRunState.Active));
        await Runs.TryCreateRunAsync(Bare("middle", T0.AddMinutes(1), SymRunState.Pending));

        (await ToListAsync(Runs.ListRunsAsync())).Select(r => r.Id).Should().Equal("early", "middle", "late");
        (await ToListAsync(Runs.ListRunsAsync(SymRunState.Active))).Select(r => r.Id).Should().Equal("early", "late");
        (await ToListAsync(Runs.ListRunsAsync(SymRunState.Ended))).Should().BeEmpty();
    }

    [Fact]
    public async Task ListRunsAsync_ReturnsTheLatestVersions()
    {
        SymRun run = Bare("r1");
        await Runs.TryCreateRunAsync(run);
        await Runs.TryUpdateRunAsync(run with { Version = 2, State = SymRunState.Active }, 1);
        SymRun listed = (await ToListAsync(Runs.ListRunsAsync())).Should().ContainSingle().Subject;
        listed.Version.Should().Be(2);
        listed.State.Should().Be(SymRunState.Active);
    }

    // Run queries

    [Fact]
    public async Task QueryRunsAsync_ByRequester_ReturnsOnlyTheirRunsNewestFirst()
    {
        await Runs.TryCreateRunAsync(Run("mine-1", Requester, T0));
        await Runs.TryCreateRunAsync(Run("theirs-1", Other, T0.AddMinutes(1)));
        await Runs.TryCreateRunAsync(Run("mine-2", Requester, T0.AddMinutes(2)));
        await Runs.TryCreateRunAsync(Run("theirs-2", Other, T0.AddMinutes(3)));
        await Runs.TryCreateRunAsync(Run("mine-3", new User { Username = "REQ@Example.COM" }, T0.AddMinutes(4)));

        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com" })).Should().Equal("mine-3", "mine-2", "mine-1");
        (await ReadRunIdsAsync(new SymRunQuery { Requester = "Req@EXAMPLE.com" })).Should().Equal(["mine-3", "mine-2", "mine-1"], "usernames compare as User equality does, ignoring case");
        (await ReadRunIdsAsync(new SymRunQuery { Requester = "other@example.com" })).Should().Equal("theirs-2", "theirs-1");
        (await ReadRunIdsAsync(new SymRunQuery { Requester = "nobody@example.com" })).Should().BeEmpty();
        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example" })).Should().BeEmpty("a prefix is not the user");
    }

    [Fact]
    public async Task QueryRunsAsync_NoFilter_ReturnsEveryRunNewestFirst()
    {
        await Runs.TryCreateRunAsync(Run("b", Other, T0.AddMinutes(1)));
        await Runs.TryCreateRunAsync(Run("c", Requester, T0.AddMinutes(2)));
        await Runs.TryCreateRunAsync(Run("a", Requester, T0));

        (await ReadRunIdsAsync(new SymRunQuery())).Should().Equal("c", "b", "a");
    }

    [Fact]
    public async Task QueryRunsAsync_ByState_ReturnsOnlyThatStateInOrder()
    {
        await Runs.TryCreateRunAsync(Run("p1", Requester, T0, SymRunState.Pending));
        await Runs.TryCreateRunAsync(Run("a1", Requester, T0.AddMinutes(1), SymRunState.Active));
        await Runs.TryCreateRunAsync(Run("p2", Requester, T0.AddMinutes(2), SymRunState.Pending));
        await Runs.TryCreateRunAsync(Run("p-other", Other, T0.AddMinutes(3), SymRunState.Pending));

        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com", State = SymRunState.Pending })).Should().Equal("p2", "p1");
        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com", State = SymRunState.Active })).Should().Equal("a1");
        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com", State = SymRunState.Ended })).Should().BeEmpty();
        (await ReadRunIdsAsync(new SymRunQuery { State = SymRunState.Pending })).Should().Equal("p-other", "p2", "p1");
    }

    [Fact]
    public async Task QueryRunsAsync_RunUpdatedAfterCreation_IsFoundWithItsNewState()
    {
        SymRun run = Run("r1", Requester, T0, SymRunState.Pending);
        await Runs.TryCreateRunAsync(run);
        await Runs.TryUpdateRunAsync(run with { Version = 2, State = SymRunState.Active, ExpiresAt = T0.AddHours(1) }, 1);

        SymRun found = (await ReadRunsAsync(new SymRunQuery { Requester = "req@example.com", State = SymRunState.Active })).Should().ContainSingle().Subject;
        (found.Id, found.Version, found.State, found.ExpiresAt).Should().Be(("r1", 2L, SymRunState.Active, (DateTimeOffset?)T0.AddHours(1)));
        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com", State = SymRunState.Pending })).Should().BeEmpty("the old state is gone");
        (await ReadRunsAsync(new SymRunQuery { Requester = "req@example.com" })).Should().ContainSingle().Which.Version.Should().Be(2);
    }

    [Fact]
    public async Task QueryRunsAsync_UpdateMovesRequestTimeOrRequester_IsReindexed()
    {
        SymRun run = Run("r1", Requester, T0);
        await Runs.TryCreateRunAsync(run);
        await Runs.TryCreateRunAsync(Run("r2", Requester, T0.AddMinutes(1)));
        await Runs.TryUpdateRunAsync(run with { Version = 2, RequestedAt = T0.AddMinutes(2) }, 1);

        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com" })).Should().Equal("r1", "r2");

        await Runs.TryUpdateRunAsync(run with { Version = 3, RequestedAt = T0.AddMinutes(2), Requester = Other }, 2);

        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com" })).Should().Equal("r2");
        (await ReadRunIdsAsync(new SymRunQuery { Requester = "other@example.com" })).Should().Equal("r1");
        (await ReadRunIdsAsync(new SymRunQuery())).Should().Equal("r1", "r2");
    }

    [Fact]
    public async Task QueryRunsAsync_CreatedOutOfOrder_StillNewestFirst()
    {
        foreach (int minute in new[] { 5, 1, 9, 3, 7 })
        {
            await Runs.TryCreateRunAsync(Run($"m{minute}", Requester, T0.AddMinutes(minute)));
        }

        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com" })).Should().Equal("m9", "m7", "m5", "m3", "m1");
        (await ReadRunIdsAsync(new SymRunQuery { RequestedBefore = T0.AddMinutes(7) })).Should().Equal("m5", "m3", "m1");
    }

    [Fact]
    public async Task QueryRunsAsync_PagingAcrossEqualTimes_ReadsEveryRunExactlyOnce()
    {
        // Six runs at one instant between two others: a page boundary must fall inside the tie and lose or repeat nothing.
        await Runs.TryCreateRunAsync(Run("late", Requester, T0.AddMinutes(1)));
        foreach (string id in new[] { "t-c", "t-a", "t-f", "t-b", "t-e", "t-d" })
        {
            await Runs.TryCreateRunAsync(Run(id, Requester, T0));
        }

        await Runs.TryCreateRunAsync(Run("early", Requester, T0.AddMinutes(-1)));
        await Runs.TryCreateRunAsync(Run("not-mine", Other, T0));

        var query = new SymRunQuery { Requester = "req@example.com", Limit = 3 };
        var pages = new List<string[]>();
        while (true)
        {
            List<SymRun> page = await ReadRunsAsync(query);
            if (page.Count == 0)
            {
                break;
            }

            pages.Add([.. page.Select(r => r.Id)]);
            query = query.After(page[^1]);
        }

        pages.Should().BeEquivalentTo(
            new[] { new[] { "late", "t-f", "t-e" }, ["t-d", "t-c", "t-b"], ["t-a", "early"] },
            o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task QueryRunsAsync_RequestedBeforeWithoutRunId_SkipsEveryRunAtThatTime()
    {
        await Runs.TryCreateRunAsync(Run("at-1", Requester, T0));
        await Runs.TryCreateRunAsync(Run("at-2", Requester, T0));
        await Runs.TryCreateRunAsync(Run("before", Requester, T0.AddTicks(-1)));
        await Runs.TryCreateRunAsync(Run("after", Requester, T0.AddTicks(1)));

        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com", RequestedBefore = T0 })).Should().Equal("before");
        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com", RequestedBefore = T0, BeforeRunId = "at-2" })).Should().Equal("at-1", "before");
        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com", RequestedBefore = T0.ToOffset(TimeSpan.FromHours(2)) }))
            .Should().Equal(["before"], "instants compare in UTC whatever their offset");
    }

    [Theory]
    [InlineData(1, new[] { "r5" })]
    [InlineData(3, new[] { "r5", "r4", "r3" })]
    [InlineData(5, new[] { "r5", "r4", "r3", "r2", "r1" })]
    [InlineData(1000, new[] { "r5", "r4", "r3", "r2", "r1" })]
    public async Task QueryRunsAsync_Limit_ReturnsAtMostThatMany(int limit, string[] expected)
    {
        for (int i = 1; i <= 5; i++)
        {
            await Runs.TryCreateRunAsync(Run($"r{i}", Requester, T0.AddMinutes(i)));
        }

        (await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com", Limit = limit })).Should().Equal(expected);
    }

    [Fact]
    public async Task QueryRunsAsync_DefaultLimit_Is100()
    {
        for (int i = 0; i < 105; i++)
        {
            await Runs.TryCreateRunAsync(Run($"r{i:000}", Requester, T0.AddSeconds(i)));
        }

        List<string> ids = await ReadRunIdsAsync(new SymRunQuery { Requester = "req@example.com" });
        ids.Should().HaveCount(100);
        (ids[0], ids[^1]).Should().Be(("r104", "r005"));
    }

    [Fact]
    public async Task QueryRunsAsync_AnyQuery_AgreesWithMatchesAndTheOrder()
    {
        // Seeded: 200 runs over 4 users (one in two cases), 9 states, 40 instants (so many ties), created in random order.
        var random = new Random(20260105);
        string[] users = ["req@example.com", "REQ@example.com", "other@example.com", "third@example.com"];
        var all = new List<SymRun>();
        foreach (int i in Enumerable.Range(0, 200).OrderBy(_ => random.Next()))
        {
            SymRun run = Run($"run-{i:000}", new User { Username = users[random.Next(users.Length)] }, T0.AddMinutes(random.Next(40)),
                (SymRunState)random.Next(9));
            all.Add(run);
            await Runs.TryCreateRunAsync(run);
        }

        for (int q = 0; q < 60; q++)
        {
            SymRun pivot = all[random.Next(all.Count)];
            var query = new SymRunQuery
            {
                Requester = random.Next(3) == 0 ? null : users[random.Next(users.Length)],
                State = random.Next(2) == 0 ? null : (SymRunState)random.Next(9),
                Limit = random.Next(1, 30),
                RequestedBefore = random.Next(3) == 0 ? null : pivot.RequestedAt,
            };
            query = query.RequestedBefore is null || random.Next(2) == 0 ? query : query with { BeforeRunId = pivot.Id };
            string[] expected = [.. all.Where(query.Matches)
                .OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal)
                .Take(query.Limit).Select(r => r.Id)];

            (await ReadRunIdsAsync(query)).Should().Equal(expected, query.ToString());
        }
    }

    [Fact]
    public async Task QueryRunsAsync_RunIdWithoutRequestedBefore_Throws()
    {
        await Runs.TryCreateRunAsync(Run("r1", Requester, T0));
        Func<Task> act = async () => await ReadRunsAsync(new SymRunQuery { BeforeRunId = "r1" });
        await act.Should().ThrowAsync<ArgumentException>().WithParameterName("query");
    }

    // Audit log

    [Fact]
    public async Task AppendAuditAsync_AssignsIncreasingSequencesFromOne()
    {
        (await Audit.AppendAuditAsync(Entry("request"))).Sequence.Should().Be(1);
        (await Audit.AppendAuditAsync(Entry("approve"))).Sequence.Should().Be(2);
        (await Audit.AppendAuditAsync(Entry("escalate") with { Sequence = 99 })).Sequence.Should().Be(3, "the store assigns the sequence");
    }

    [Fact]
    public async Task AppendAuditAsync_Concurrently_AssignsDistinctConsecutiveSequences()
    {
        SymAuditEntry[] stored = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            await Audit.AppendAuditAsync(Entry("approve", runId: $"r{i}")))));
        stored.Select(e => e.Sequence).Should().BeEquivalentTo(Enumerable.Range(1, 40).Select(i => (long)i));
        (await QueryAsync(new SymAuditQuery())).Select(e => e.Sequence).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task QueryAuditAsync_ReadsBackEveryField()
    {
        SymAuditEntry entry = new()
        {
            RunId = "r1", Flow = "custom_access", Step = "deescalate", Actor = "sym", Requester = "req@example.com", Target = "prod",
            Timestamp = T0.AddSeconds(1.5), Outcome = SymAuditOutcome.Failed, Message = "revoke failed", ErrorCode = "Okta:RATE_LIMITED",
            Reason = "incident 42", Duration = TimeSpan.FromMinutes(90),
        };
        SymAuditEntry stored = await Audit.AppendAuditAsync(entry);
        stored.Should().BeEquivalentTo(entry with { Sequence = 1 });
        (await QueryAsync(new SymAuditQuery())).Should().ContainSingle().Which.Should().BeEquivalentTo(entry with { Sequence = 1 });
    }

    [Fact]
    public async Task QueryAuditAsync_OptionalFieldsUnset_ReadBackNull()
    {
        await Audit.AppendAuditAsync(Entry("request"));
        SymAuditEntry e = (await QueryAsync(new SymAuditQuery())).Single();
        (e.Target, e.Message, e.ErrorCode, e.Reason, e.Duration).Should().Be((null, null, null, null, (TimeSpan?)null));
    }

    public static TheoryData<string, string[]> Queries => new()
    {
        { "all", ["1", "2", "3", "4", "5", "6"] },
        { "run:r1", ["1", "2", "3"] },
        { "user:APPROVER@example.com", ["2", "5"] },
        { "user:req@EXAMPLE.com", ["1", "2", "3", "4"] },
        { "user:nobody", [] },
        { "target:prod", ["1", "2", "3", "5"] },
        { "target:Prod", [] },
        { "flow:other_flow", ["6"] },
        { "step:approve", ["2", "5"] },
        { "outcome:Ignored", ["5"] },
        { "since:10", ["3", "4", "5", "6"] },
        { "until:10", ["1", "2"] },
        { "since:10,until:20", ["3", "4"] },
        { "run:r2,step:approve", ["5"] },
        { "user:approver@example.com,outcome:Applied", ["2"] },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task QueryAuditAsync_Filter_ReturnsMatchingEntriesOldestFirst(string filter, string[] expectedMessages)
    {
        (string Run, string Flow, string Step, string Actor, string Requester, string? Target, int Minute, SymAuditOutcome Outcome)[] log =
        [
            ("r1", "custom_access", "request", "req@example.com", "req@example.com", "prod", 0, SymAuditOutcome.Applied),
            ("r1", "custom_access", "approve", "approver@example.com", "req@example.com", "prod", 5, SymAuditOutcome.Applied),
            ("r1", "custom_access", "escalate", "sym", "req@example.com", "prod", 10, SymAuditOutcome.Applied),
            ("r2", "custom_access", "request", "req@example.com", "req@example.com", null, 15, SymAuditOutcome.Applied),
            ("r2", "custom_access", "approve", "approver@example.com", "other@example.com", "prod", 20, SymAuditOutcome.Ignored),
            ("r3", "other_flow", "request", "third@example.com", "third@example.com", "dev", 25, SymAuditOutcome.NoOp),
        ];
        for (int i = 0; i < log.Length; i++)
        {
            var l = log[i];
            await Audit.AppendAuditAsync(new SymAuditEntry
            {
                RunId = l.Run, Flow = l.Flow, Step = l.Step, Actor = l.Actor, Requester = l.Requester, Target = l.Target,
                Timestamp = T0.AddMinutes(l.Minute), Outcome = l.Outcome, Message = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        List<SymAuditEntry> found = await QueryAsync(ParseQuery(filter));
        found.Select(e => e.Message).Should().Equal(expectedMessages);
    }

    // Identities

    [Fact]
    public async Task Identities_AreKeyedByUserAndServiceIgnoringCase()
    {
        await Identities.SaveIdentityAsync(new User { Username = "A@x.com" }, new UserIdentity { Service = "okta", ServiceId = "acme", UserId = "00u1", Email = "a@okta.example" });
        (await Identities.GetIdentityAsync(new User { Username = "a@X.com" }, "OKTA")).Should()
            .BeEquivalentTo(new UserIdentity { Service = "okta", ServiceId = "acme", UserId = "00u1", Email = "a@okta.example" });
        (await Identities.GetIdentityAsync(new User { Username = "a@x.com" }, "aws_sso")).Should().BeNull();
        (await Identities.GetIdentityAsync(new User { Username = "b@x.com" }, "okta")).Should().BeNull();
    }

    [Fact]
    public async Task SaveIdentityAsync_SameService_ReplacesTheIdentity()
    {
        var user = new User { Username = "a@x.com" };
        await Identities.SaveIdentityAsync(user, new UserIdentity { Service = "okta", UserId = "00u1" });
        await Identities.SaveIdentityAsync(user, new UserIdentity { Service = "Okta", UserId = "00u2" });
        UserIdentity identity = (await Identities.GetIdentityAsync(user, "okta"))!;
        identity.UserId.Should().Be("00u2");
        identity.Service.Should().Be("Okta");
    }

    [Fact]
    public async Task GetIdentityAsync_EmptyService_Throws()
    {
        Func<Task> act = async () => await Identities.GetIdentityAsync(new User { Username = "a@x.com" }, "");
        await act.Should().ThrowAsync<ArgumentException>();
    }

    // Timers

    [Fact]
    public async Task ClaimDueTimersAsync_ClaimsOnlyDueUnclaimedTimersEarliestFirst()
    {
        await Timers.ScheduleTimerAsync(Timer("b", T0.AddMinutes(2)));
        await Timers.ScheduleTimerAsync(Timer("a", T0.AddMinutes(1)));
        await Timers.ScheduleTimerAsync(Timer("c", T0.AddMinutes(5.5)));

        IReadOnlyList<SymTimer> claimed = await Timers.ClaimDueTimersAsync(T0.AddMinutes(5), 10, TimeSpan.FromMinutes(1));
        claimed.Select(t => t.RunId).Should().Equal("a", "b");
        claimed.Should().OnlyContain(t => t.ClaimToken != 0 && t.ClaimedUntil == T0.AddMinutes(6));
        claimed[0].DueAt.Should().Be(T0.AddMinutes(1));

        (await Timers.ClaimDueTimersAsync(T0.AddMinutes(5), 10, TimeSpan.FromMinutes(1))).Should().BeEmpty("claimed timers are leased");
        (await Timers.ClaimDueTimersAsync(T0.AddMinutes(5.5), 10, TimeSpan.FromMinutes(1))).Select(t => t.RunId).Should().Equal("c");
    }

    [Fact]
    public async Task ClaimDueTimersAsync_MoreDueThanMax_ClaimsTheEarliestMax()
    {
        for (int i = 5; i >= 1; i--)
        {
            await Timers.ScheduleTimerAsync(Timer($"r{i}", T0.AddMinutes(i)));
        }

        (await Timers.ClaimDueTimersAsync(T0.AddHours(1), 2, TimeSpan.FromMinutes(1))).Select(t => t.RunId).Should().Equal("r1", "r2");
        (await Timers.ClaimDueTimersAsync(T0.AddHours(1), 10, TimeSpan.FromMinutes(1))).Select(t => t.RunId).Should().Equal("r3", "r4", "r5");
    }

    [Fact]
    public async Task ClaimDueTimersAsync_CarriesTheTimersData()
    {
        await Timers.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.RequestTimeout, DueAt = T0, Argument = 3 });
        SymTimer claimed = (await Timers.ClaimDueTimersAsync(T0, 10, TimeSpan.FromMinutes(1))).Single();
        (claimed.RunId, claimed.Kind, claimed.DueAt, claimed.Argument, claimed.Id).Should().Be(("a", SymTimerKind.RequestTimeout, T0, 3, "a/request_timeout"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ClaimDueTimersAsync_MaxCountNotPositive_Throws(int maxCount)
    {
        Func<Task> act = async () => await Timers.ClaimDueTimersAsync(T0, maxCount, TimeSpan.FromMinutes(1));
        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task ClaimDueTimersAsync_ExpiredLease_ClaimsAgainWithANewToken()
    {
        await Timers.ScheduleTimerAsync(Timer("a", T0));
        SymTimer first = (await Timers.ClaimDueTimersAsync(T0, 10, TimeSpan.FromMinutes(1))).Single();
        (await Timers.ClaimDueTimersAsync(T0.AddSeconds(59), 10, TimeSpan.FromMinutes(1))).Should().BeEmpty();
        SymTimer second = (await Timers.ClaimDueTimersAsync(T0.AddMinutes(1), 10, TimeSpan.FromMinutes(1))).Single();
        second.ClaimToken.Should().NotBe(first.ClaimToken);
        second.ClaimedUntil.Should().Be(T0.AddMinutes(2));

        await Timers.CompleteTimerAsync(first);
        (await Timers.GetTimersAsync("a")).Should().ContainSingle("the first claim is stale and cannot complete the timer");
        await Timers.CompleteTimerAsync(second);
        (await Timers.GetTimersAsync("a")).Should().BeEmpty();
    }

    [Fact]
    public async Task CompleteTimerAsync_TimerReplacedAfterClaim_KeepsTheReplacementUnclaimed()
    {
        await Timers.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.DeescalateRetry, DueAt = T0 });
        SymTimer claimed = (await Timers.ClaimDueTimersAsync(T0, 10, TimeSpan.FromMinutes(1))).Single();
        await Timers.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.DeescalateRetry, DueAt = T0.AddMinutes(5) });
        await Timers.CompleteTimerAsync(claimed);
        SymTimer kept = (await Timers.GetTimersAsync("a")).Should().ContainSingle().Subject;
        (kept.DueAt, kept.ClaimToken, kept.ClaimedUntil).Should().Be((T0.AddMinutes(5), 0L, (DateTimeOffset?)null));
        (await Timers.ClaimDueTimersAsync(T0.AddMinutes(5), 10, TimeSpan.FromMinutes(1))).Should().ContainSingle("a replaced timer is due again");
    }

    [Fact]
    public async Task CompleteTimerAsync_NeverClaimed_KeepsTheTimer()
    {
        SymTimer timer = Timer("a", T0);
        await Timers.ScheduleTimerAsync(timer);
        await Timers.CompleteTimerAsync(timer);
        (await Timers.GetTimersAsync("a")).Should().ContainSingle();
    }

    [Fact]
    public async Task ScheduleTimerAsync_OneTimerPerRunAndKind()
    {
        await Timers.ScheduleTimerAsync(Timer("a", T0));
        await Timers.ScheduleTimerAsync(Timer("a", T0.AddHours(1)));
        await Timers.ScheduleTimerAsync(new SymTimer { RunId = "a", Kind = SymTimerKind.RequestExpiry, DueAt = T0 });
        await Timers.ScheduleTimerAsync(Timer("b", T0));
        (await Timers.GetTimersAsync("a")).Select(t => (t.Kind, t.DueAt)).Should()
            .Equal((SymTimerKind.RequestExpiry, T0), (SymTimerKind.Deescalate, T0.AddHours(1)));

        await Timers.CancelTimerAsync("a", SymTimerKind.Deescalate);
        (await Timers.GetTimersAsync("a")).Should().ContainSingle().Which.Kind.Should().Be(SymTimerKind.RequestExpiry);
        (await Timers.GetTimersAsync("b")).Should().ContainSingle();
        await Timers.CancelTimerAsync("a", SymTimerKind.Deescalate);
    }

    [Fact]
    public async Task ScheduleTimerAsync_ClaimedTimer_ReplacesItAndDropsTheClaim()
    {
        await Timers.ScheduleTimerAsync(Timer("a", T0));
        await Timers.ClaimDueTimersAsync(T0, 10, TimeSpan.FromMinutes(10));
        await Timers.ScheduleTimerAsync(Timer("a", T0.AddMinutes(1)) with { ClaimToken = 7, ClaimedUntil = T0.AddHours(1) });
        SymTimer replaced = (await Timers.GetTimersAsync("a")).Single();
        (replaced.ClaimToken, replaced.ClaimedUntil).Should().Be((0L, (DateTimeOffset?)null));
        (await Timers.ClaimDueTimersAsync(T0.AddMinutes(1), 10, TimeSpan.FromMinutes(10))).Should().ContainSingle();
    }

    [Fact]
    public async Task ClaimDueTimersAsync_ManyConcurrentSchedulers_ClaimEachTimerOnce()
    {
        for (int i = 0; i < 60; i++)
        {
            await Timers.ScheduleTimerAsync(Timer($"r{i:00}", T0.AddSeconds(i)));
        }

        IReadOnlyList<SymTimer>[] batches = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var mine = new List<SymTimer>();
            IReadOnlyList<SymTimer> batch;
            do
            {
                batch = await Timers.ClaimDueTimersAsync(T0.AddMinutes(5), 4, TimeSpan.FromMinutes(5));
                mine.AddRange(batch);
            }
            while (batch.Count > 0);

            return (IReadOnlyList<SymTimer>)mine;
        })));

        batches.SelectMany(b => b).Select(t => t.RunId).Should().OnlyHaveUniqueItems().And.HaveCount(60);
    }

    // Bad input

    [Fact]
    public async Task NullArguments_Throw()
    {
        await ((Func<Task>)(async () => await Runs.GetRunAsync(null!))).Should().ThrowAsync<ArgumentNullException>();
        await ((Func<Task>)(async () => await Runs.TryCreateRunAsync(null!))).Should().ThrowAsync<ArgumentNullException>();
        await ((Func<Task>)(async () => await Runs.TryUpdateRunAsync(null!, 1))).Should().ThrowAsync<ArgumentNullException>();
        await ((Func<Task>)(async () => await ToListAsync(Runs.QueryRunsAsync(null!)))).Should().ThrowAsync<ArgumentNullException>();
        await ((Func<Task>)(async () => await Audit.AppendAuditAsync(null!))).Should().ThrowAsync<ArgumentNullException>();
        await ((Func<Task>)(async () => await QueryAsync(null!))).Should().ThrowAsync<ArgumentNullException>();
        await ((Func<Task>)(async () => await Identities.GetIdentityAsync(null!, "okta"))).Should().ThrowAsync<ArgumentNullException>();
        await ((Func<Task>)(async () => await Identities.SaveIdentityAsync(Requester, null!))).Should().ThrowAsync<ArgumentNullException>();
        await ((Func<Task>)(async () => await Timers.ScheduleTimerAsync(null!))).Should().ThrowAsync<ArgumentNullException>();
        await ((Func<Task>)(async () => await Timers.CancelTimerAsync(null!, SymTimerKind.Deescalate))).Should().ThrowAsync<ArgumentNullException>();
        await ((Func<Task>)(async () => await Timers.CompleteTimerAsync(null!))).Should().ThrowAsync<ArgumentNullException>();
        await ((Func<Task>)(async () => await Timers.GetTimersAsync(null!))).Should().ThrowAsync<ArgumentNullException>();
    }

    private static readonly User Other = new() { Username = "other@example.com" };

    private static SymRun Run(string id, User requester, DateTimeOffset requestedAt, SymRunState state = SymRunState.Pending) =>
        Bare(id, requestedAt, state) with { Requester = requester };

    private async Task<List<SymRun>> ReadRunsAsync(SymRunQuery query) => await ToListAsync(Runs.QueryRunsAsync(query));

    private async Task<List<string>> ReadRunIdsAsync(SymRunQuery query) => [.. (await ReadRunsAsync(query)).Select(r => r.Id)];

    private static SymTimer Timer(string runId, DateTimeOffset dueAt) => new() { RunId = runId, Kind = SymTimerKind.Deescalate, DueAt = dueAt };

    private static SymAuditEntry Entry(string step, string runId = "r1") => new()
    {
        RunId = runId, Flow = "custom_access", Step = step, Actor = "req@example.com", Requester = "req@example.com", Timestamp = T0,
        Outcome = SymAuditOutcome.Applied,
    };

    private static SymAuditQuery ParseQuery(string filter)
    {
        var query = new SymAuditQuery();
        if (filter == "all")
        {
            return query;
        }

        foreach (string part in filter.Split(','))
        {
            string[] kv = part.Split(':', 2);
            query = kv[0] switch
            {
                "run" => query with { RunId = kv[1] },
                "user" => query with { User = kv[1] },
                "target" => query with { Target = kv[1] },
                "flow" => query with { Flow = kv[1] },
                "step" => query with { Step = kv[1] },
                "outcome" => query with { Outcome = Enum.Parse<SymAuditOutcome>(kv[1]) },
                "since" => query with { Since = T0.AddMinutes(int.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture)) },
                "until" => query with { Until = T0.AddMinutes(int.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException(part),
            };
        }

        return query;
    }

    private async Task<List<SymAuditEntry>> QueryAsync(SymAuditQuery query) => await ToListAsync(Audit.QueryAuditAsync(query));

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }
}

public sealed class InMemorySymStoreContractTests : SymStoreContractTests
{
    internal override StoreUnderTest CreateStore() => StoreUnderTest.Of(new InMemorySymStore());
}

/// <summary>
/// The store contract through a store that implements only the members <see cref="ISymRunStore"/> had before
/// <see cref="ISymRunStore.QueryRunsAsync"/>: its default implementation (a scan) must give the indexed stores' answers.
/// </summary>
public sealed class DefaultQueryStoreContractTests : SymStoreContractTests
{
    internal override StoreUnderTest CreateStore()
    {
        var inner = new InMemorySymStore();
        return new StoreUnderTest(new ListOnlyRunStore(inner), inner, inner, inner);
    }

    /// <summary>A third-party store written against the original interface: no <c>QueryRunsAsync</c> of its own.</summary>
    private sealed class ListOnlyRunStore(ISymRunStore inner) : ISymRunStore
    {
        public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunAsync(runId, cancellationToken);

        public ValueTask<bool> TryCreateRunAsync(SymRun run, CancellationToken cancellationToken = default) => inner.TryCreateRunAsync(run, cancellationToken);

        public ValueTask<bool> TryUpdateRunAsync(SymRun run, long expectedVersion, CancellationToken cancellationToken = default) =>
            inner.TryUpdateRunAsync(run, expectedVersion, cancellationToken);

        public IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, CancellationToken cancellationToken = default) =>
            inner.ListRunsAsync(state, cancellationToken);
    }
}

public sealed class SqliteSymStoreContractTests : SymStoreContractTests
{
    private readonly TempDatabase _database = new();
    private SqliteSymStore? _store;

    internal override StoreUnderTest CreateStore()
    {
        _store = new SqliteSymStore(new SqliteSymStoreOptions { Path = _database.Path });
        return StoreUnderTest.Of(_store);
    }

    protected override void Dispose(bool disposing)
    {
        _store?.Dispose();
        _database.Dispose();
        base.Dispose(disposing);
    }
}
