using Sym.Sdk.Runtime;
using static Sym.Sdk.Testing.Storage.Internal.ContractSamples;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary><see cref="ISymRunStore.QueryRunsAsync"/>: filters, newest-first order, the keyset cursor and the limit.</summary>
internal static class RunQueryChecks
{
    public static IEnumerable<StoreCheck> All =>
    [
        StoreCheck.Of(QueryRunsAsync_ByRequester_ReturnsOnlyTheirRunsNewestFirst),
        StoreCheck.Of(QueryRunsAsync_NoFilter_ReturnsEveryRunNewestFirst),
        StoreCheck.Of(QueryRunsAsync_ByState_ReturnsOnlyThatStateInOrder),
        StoreCheck.Of(QueryRunsAsync_RunUpdatedAfterCreation_IsFoundWithItsNewState),
        StoreCheck.Of(QueryRunsAsync_UpdateMovesRequestTimeOrRequester_FindsItWhereItMoved),
        StoreCheck.Of(QueryRunsAsync_CreatedOutOfOrder_StillNewestFirst),
        StoreCheck.Of(QueryRunsAsync_PagingAcrossEqualTimes_ReadsEveryRunExactlyOnce),
        StoreCheck.Of(QueryRunsAsync_RequestedBeforeWithoutRunId_SkipsEveryRunAtThatTime),
        StoreCheck.Of(QueryRunsAsync_Limit_ReturnsAtMostThatMany),
        StoreCheck.Of(QueryRunsAsync_DefaultLimit_Is100),
        StoreCheck.Of(QueryRunsAsync_AnyQuery_AgreesWithMatchesAndTheOrder),
        StoreCheck.Of(QueryRunsAsync_RunIdWithoutRequestedBefore_Throws),
    ];

    private static Task CreateAsync(CheckContext c, string id, User requester, DateTimeOffset requestedAt, SymRunState state = SymRunState.Pending) =>
        c.CreateAsync(Bare(id, requestedAt, state, requester));

    private static async Task QueryRunsAsync_ByRequester_ReturnsOnlyTheirRunsNewestFirst(CheckContext c)
    {
        await CreateAsync(c, "mine-1", Requester, T0).ConfigureAwait(false);
        await CreateAsync(c, "theirs-1", Other, T0.AddMinutes(1)).ConfigureAwait(false);
        await CreateAsync(c, "mine-2", Requester, T0.AddMinutes(2)).ConfigureAwait(false);
        await CreateAsync(c, "theirs-2", Other, T0.AddMinutes(3)).ConfigureAwait(false);
        await CreateAsync(c, "mine-3", new User { Username = "REQ@Example.COM" }, T0.AddMinutes(4)).ConfigureAwait(false);

        Expect.Sequence(["mine-3", "mine-2", "mine-1"], await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com" }).ConfigureAwait(false),
            "runs of req@example.com (usernames compare ignoring case)");
        Expect.Sequence(["mine-3", "mine-2", "mine-1"], await c.QueryIdsAsync(new SymRunQuery { Requester = "Req@EXAMPLE.com" }).ConfigureAwait(false),
            "runs of Req@EXAMPLE.com (usernames compare ignoring case)");
        Expect.Sequence(["theirs-2", "theirs-1"], await c.QueryIdsAsync(new SymRunQuery { Requester = "other@example.com" }).ConfigureAwait(false),
            "runs of other@example.com");
        Expect.Empty(await c.QueryIdsAsync(new SymRunQuery { Requester = "nobody@example.com" }).ConfigureAwait(false), "runs of a user with none");
        Expect.Empty(await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example" }).ConfigureAwait(false), "runs of a username's prefix");
    }

    private static async Task QueryRunsAsync_NoFilter_ReturnsEveryRunNewestFirst(CheckContext c)
    {
        await CreateAsync(c, "b", Other, T0.AddMinutes(1)).ConfigureAwait(false);
        await CreateAsync(c, "c", Requester, T0.AddMinutes(2)).ConfigureAwait(false);
        await CreateAsync(c, "a", Requester, T0).ConfigureAwait(false);
        Expect.Sequence(["c", "b", "a"], await c.QueryIdsAsync(new SymRunQuery()).ConfigureAwait(false), "every run");
    }

    private static async Task QueryRunsAsync_ByState_ReturnsOnlyThatStateInOrder(CheckContext c)
    {
        await CreateAsync(c, "p1", Requester, T0, SymRunState.Pending).ConfigureAwait(false);
        await CreateAsync(c, "a1", Requester, T0.AddMinutes(1), SymRunState.Active).ConfigureAwait(false);
        await CreateAsync(c, "p2", Requester, T0.AddMinutes(2), SymRunState.Pending).ConfigureAwait(false);
        await CreateAsync(c, "p-other", Other, T0.AddMinutes(3), SymRunState.Pending).ConfigureAwait(false);
        await CreateAsync(c, "ap1", Requester, T0.AddMinutes(4), SymRunState.Approved).ConfigureAwait(false);

        Expect.Sequence(["p2", "p1"], await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com", State = SymRunState.Pending }).ConfigureAwait(false),
            "pending runs of req@example.com");
        Expect.Sequence(["a1"], await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com", State = SymRunState.Active }).ConfigureAwait(false),
            "active runs of req@example.com");
        Expect.Empty(await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com", State = SymRunState.Ended }).ConfigureAwait(false),
            "ended runs of req@example.com");
        Expect.Sequence(["ap1"], await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com", State = SymRunState.Approved }).ConfigureAwait(false),
            "approved runs of req@example.com (an approval-only flow's final state)");
        Expect.Sequence(["p-other", "p2", "p1"], await c.QueryIdsAsync(new SymRunQuery { State = SymRunState.Pending }).ConfigureAwait(false), "pending runs");
    }

    private static async Task QueryRunsAsync_RunUpdatedAfterCreation_IsFoundWithItsNewState(CheckContext c)
    {
        SymRun run = Bare("r1");
        await c.CreateAsync(run).ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition { Run = run with { Version = 2, State = SymRunState.Active, ExpiresAt = T0.AddHours(1) }, ExpectedVersion = 1 },
            "an update").ConfigureAwait(false);

        SymRun found = Expect.Single(await c.QueryAsync(new SymRunQuery { Requester = "req@example.com", State = SymRunState.Active }).ConfigureAwait(false),
            "active runs of req@example.com");
        Expect.Equal(("r1", 2L, SymRunState.Active, (DateTimeOffset?)T0.AddHours(1)), (found.Id, found.Version, found.State, found.ExpiresAt),
            "the run found (id, version, state, expiry)");
        Expect.Empty(await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com", State = SymRunState.Pending }).ConfigureAwait(false),
            "pending runs of req@example.com (the run left that state)");
        Expect.Equal(2L, Expect.Single(await c.QueryAsync(new SymRunQuery { Requester = "req@example.com" }).ConfigureAwait(false), "runs of req@example.com").Version,
            "the version found");
    }

    private static async Task QueryRunsAsync_UpdateMovesRequestTimeOrRequester_FindsItWhereItMoved(CheckContext c)
    {
        SymRun run = Bare("r1");
        await c.CreateAsync(run).ConfigureAwait(false);
        await CreateAsync(c, "r2", Requester, T0.AddMinutes(1)).ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition { Run = run with { Version = 2, RequestedAt = T0.AddMinutes(2) }, ExpectedVersion = 1 }, "moving the request time")
            .ConfigureAwait(false);
        Expect.Sequence(["r1", "r2"], await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com" }).ConfigureAwait(false),
            "runs of req@example.com after r1's request time moved");

        await c.CommitAsync(new SymRunTransition { Run = run with { Version = 3, RequestedAt = T0.AddMinutes(2), Requester = Other }, ExpectedVersion = 2 },
            "moving the requester").ConfigureAwait(false);
        Expect.Sequence(["r2"], await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com" }).ConfigureAwait(false), "runs of req@example.com after r1 moved");
        Expect.Sequence(["r1"], await c.QueryIdsAsync(new SymRunQuery { Requester = "other@example.com" }).ConfigureAwait(false), "runs of other@example.com");
        Expect.Sequence(["r1", "r2"], await c.QueryIdsAsync(new SymRunQuery()).ConfigureAwait(false), "every run");
    }

    private static async Task QueryRunsAsync_CreatedOutOfOrder_StillNewestFirst(CheckContext c)
    {
        foreach (int minute in new[] { 5, 1, 9, 3, 7 })
        {
            await CreateAsync(c, $"m{minute}", Requester, T0.AddMinutes(minute)).ConfigureAwait(false);
        }

        Expect.Sequence(["m9", "m7", "m5", "m3", "m1"], await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com" }).ConfigureAwait(false), "runs of req@example.com");
        Expect.Sequence(["m5", "m3", "m1"], await c.QueryIdsAsync(new SymRunQuery { RequestedBefore = T0.AddMinutes(7) }).ConfigureAwait(false), "runs requested before minute 7");
    }

    private static async Task QueryRunsAsync_PagingAcrossEqualTimes_ReadsEveryRunExactlyOnce(CheckContext c)
    {
        // Six runs at one instant between two others: a page boundary falls inside the tie and must lose or repeat nothing.
        await CreateAsync(c, "late", Requester, T0.AddMinutes(1)).ConfigureAwait(false);
        foreach (string id in new[] { "t-c", "t-a", "t-f", "t-b", "t-e", "t-d" })
        {
            await CreateAsync(c, id, Requester, T0).ConfigureAwait(false);
        }

        await CreateAsync(c, "early", Requester, T0.AddMinutes(-1)).ConfigureAwait(false);
        await CreateAsync(c, "not-mine", Other, T0).ConfigureAwait(false);

        var query = new SymRunQuery { Requester = "req@example.com", Limit = 3 };
        var pages = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            List<SymRun> page = await c.QueryAsync(query).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            pages.Add(string.Join(" ", page.Select(static r => r.Id)));
            query = query.After(page[^1]);
        }

        Expect.Sequence(["late t-f t-e", "t-d t-c t-b", "t-a early"], pages, "pages of three runs of req@example.com");
    }

    private static async Task QueryRunsAsync_RequestedBeforeWithoutRunId_SkipsEveryRunAtThatTime(CheckContext c)
    {
        await CreateAsync(c, "at-1", Requester, T0).ConfigureAwait(false);
        await CreateAsync(c, "at-2", Requester, T0).ConfigureAwait(false);
        await CreateAsync(c, "before", Requester, T0.AddTicks(-1)).ConfigureAwait(false);
        await CreateAsync(c, "after", Requester, T0.AddTicks(1)).ConfigureAwait(false);

        Expect.Sequence(["before"], await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com", RequestedBefore = T0 }).ConfigureAwait(false),
            "runs requested before T0");
        Expect.Sequence(["at-1", "before"], await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com", RequestedBefore = T0, BeforeRunId = "at-2" })
            .ConfigureAwait(false), "runs before (T0, at-2)");
        Expect.Sequence(["before"], await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com", RequestedBefore = T0.ToOffset(TimeSpan.FromHours(2)) })
            .ConfigureAwait(false), "runs requested before T0 given at +02:00 (instants compare in UTC)");
    }

    private static async Task QueryRunsAsync_Limit_ReturnsAtMostThatMany(CheckContext c)
    {
        for (int i = 1; i <= 5; i++)
        {
            await CreateAsync(c, $"r{i}", Requester, T0.AddMinutes(i)).ConfigureAwait(false);
        }

        foreach ((int limit, string[] expected) in new (int, string[])[]
        {
            (1, ["r5"]), (3, ["r5", "r4", "r3"]), (5, ["r5", "r4", "r3", "r2", "r1"]), (SymRunQuery.MaxLimit, ["r5", "r4", "r3", "r2", "r1"]),
        })
        {
            Expect.Sequence(expected, await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com", Limit = limit }).ConfigureAwait(false),
                $"runs of req@example.com with limit {limit}");
        }
    }

    private static async Task QueryRunsAsync_DefaultLimit_Is100(CheckContext c)
    {
        for (int i = 0; i < 105; i++)
        {
            await CreateAsync(c, $"r{i:000}", Requester, T0.AddSeconds(i)).ConfigureAwait(false);
        }

        List<string> ids = await c.QueryIdsAsync(new SymRunQuery { Requester = "req@example.com" }).ConfigureAwait(false);
        Expect.Equal((100, "r104", "r005"), (ids.Count, ids[0], ids[^1]), "a page with the default limit (count, first, last)");
    }

    private static async Task QueryRunsAsync_AnyQuery_AgreesWithMatchesAndTheOrder(CheckContext c)
    {
        // Seeded: 200 runs over 4 users (one in two cases), 9 states, 40 instants (so many ties), created in random order.
        var random = new Random(20260105);
        string[] users = ["req@example.com", "REQ@example.com", "other@example.com", "third@example.com"];
        var all = new List<SymRun>();
        foreach (int i in Enumerable.Range(0, 200).OrderBy(_ => random.Next()))
        {
            SymRun run = Bare($"run-{i:000}", T0.AddMinutes(random.Next(40)), (SymRunState)random.Next(9), new User { Username = users[random.Next(users.Length)] });
            all.Add(run);
            await c.CreateAsync(run).ConfigureAwait(false);
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
                .OrderByDescending(static r => r.RequestedAt).ThenByDescending(static r => r.Id, StringComparer.Ordinal)
                .Take(query.Limit).Select(static r => r.Id)];
            Expect.Sequence(expected, await c.QueryIdsAsync(query).ConfigureAwait(false), $"runs matching {query}");
        }
    }

    private static async Task QueryRunsAsync_RunIdWithoutRequestedBefore_Throws(CheckContext c)
    {
        await CreateAsync(c, "r1", Requester, T0).ConfigureAwait(false);
        ArgumentException error = await Expect.ThrowsAsync<ArgumentException>(
            async () => await c.QueryAsync(new SymRunQuery { BeforeRunId = "r1" }).ConfigureAwait(false), "a query with BeforeRunId but no RequestedBefore")
            .ConfigureAwait(false);
        Expect.Equal("query", error.ParamName, "the exception's parameter name");
    }
}
