using System.Globalization;
using Sym.Sdk.Runtime;
using static Sym.Sdk.Testing.Storage.Internal.ContractSamples;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>The audit log: appended only by commits, in order, with store-assigned sequences, never changed; every query filter.</summary>
internal static class AuditChecks
{
    public static IEnumerable<StoreCheck> All =>
    [
        StoreCheck.Of(CommitAsync_Audit_AssignsIncreasingSequencesInCommitOrder),
        StoreCheck.Of(CommitAsync_ConcurrentAudit_AssignsDistinctSequencesKeepingEachCommitsOrder),
        StoreCheck.Of(QueryAuditAsync_EntryWithEveryField_ReadsBackWhole),
        StoreCheck.Of(QueryAuditAsync_OptionalFieldsUnset_ReadBackNull),
        StoreCheck.Of(QueryAuditAsync_EachFilter_ReturnsTheMatchingEntriesOldestFirst),
    ];

    private static async Task CommitAsync_Audit_AssignsIncreasingSequencesInCommitOrder(CheckContext c)
    {
        await c.AppendAsync(Entry("request")).ConfigureAwait(false);
        await c.AppendAsync(Entry("approve"), Entry("escalate") with { Sequence = 99 }).ConfigureAwait(false);
        List<SymAuditEntry> first = await c.AuditAsync().ConfigureAwait(false);
        Expect.Sequence([(1L, "request"), (2L, "approve"), (3L, "escalate")], first.Select(static e => (e.Sequence, e.Step)),
            "the log (sequence, step): the store assigns sequences from 1, in commit order");

        // Append-only: later commits add entries after these and change none of them.
        await c.CreateAsync(Bare("r2")).ConfigureAwait(false);
        await c.CommitAsync(new SymRunTransition { Run = Bare("r2") with { Version = 2 }, ExpectedVersion = 1, Audit = [Entry("deescalate", "r2")] }, "a step on r2")
            .ConfigureAwait(false);
        List<SymAuditEntry> later = await c.AuditAsync().ConfigureAwait(false);
        Expect.Equal(4, later.Count, "entries after a fourth was appended");
        Expect.SameMembers(first, later.Take(3).ToList(), "the first three entries, after more were appended");
        Expect.Equal((4L, "deescalate"), (later[3].Sequence, later[3].Step), "the fourth entry (sequence, step)");
    }

    private static async Task CommitAsync_ConcurrentAudit_AssignsDistinctSequencesKeepingEachCommitsOrder(CheckContext c)
    {
        const int Commits = 40;
        await Task.WhenAll(Enumerable.Range(0, Commits).Select(i => Task.Run(async () =>
            await c.AppendAsync(Entry("first", $"r{i:00}"), Entry("second", $"r{i:00}")).ConfigureAwait(false)))).ConfigureAwait(false);

        List<SymAuditEntry> all = await c.AuditAsync().ConfigureAwait(false);
        Expect.Sequence(Enumerable.Range(1, 2 * Commits).Select(static i => (long)i), all.Select(static e => e.Sequence),
            "sequences of the whole log, oldest first (distinct, from 1, no gaps)");
        foreach (IGrouping<string, SymAuditEntry> commit in all.GroupBy(static e => e.RunId, StringComparer.Ordinal))
        {
            Expect.Sequence(["first", "second"], commit.Select(static e => e.Step), $"the steps of commit {commit.Key}, in their commit's order");
        }
    }

    private static async Task QueryAuditAsync_EntryWithEveryField_ReadsBackWhole(CheckContext c)
    {
        SymAuditEntry entry = new()
        {
            RunId = "r1", Flow = "custom_access", Step = "deescalate", Actor = "sym", Requester = "Req@Example.com", Target = "prod",
            Timestamp = T0.AddTicks(15_000_001), Outcome = SymAuditOutcome.Failed, Message = "revoke failed: “quoted” ünïcode", ErrorCode = "Okta:RATE_LIMITED",
            Reason = "incident 42", Duration = TimeSpan.FromMinutes(90).Add(TimeSpan.FromTicks(1)),
        };
        await c.AppendAsync(entry).ConfigureAwait(false);
        Expect.SameMembers(entry with { Sequence = 1 }, Expect.Single(await c.AuditAsync().ConfigureAwait(false), "the log"), "an audit entry with every field set");
    }

    private static async Task QueryAuditAsync_OptionalFieldsUnset_ReadBackNull(CheckContext c)
    {
        SymAuditEntry entry = Entry("request");
        await c.AppendAsync(entry).ConfigureAwait(false);
        Expect.SameMembers(entry with { Sequence = 1 }, Expect.Single(await c.AuditAsync().ConfigureAwait(false), "the log"), "an audit entry with its optional fields unset");
    }

    private static async Task QueryAuditAsync_EachFilter_ReturnsTheMatchingEntriesOldestFirst(CheckContext c)
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
            await c.AppendAsync(new SymAuditEntry
            {
                RunId = l.Run, Flow = l.Flow, Step = l.Step, Actor = l.Actor, Requester = l.Requester, Target = l.Target,
                Timestamp = T0.AddMinutes(l.Minute), Outcome = l.Outcome, Message = (i + 1).ToString(CultureInfo.InvariantCulture),
            }).ConfigureAwait(false);
        }

        (string Filter, SymAuditQuery Query, string[] Expected)[] cases =
        [
            ("none", new SymAuditQuery(), ["1", "2", "3", "4", "5", "6"]),
            ("run r1", new SymAuditQuery { RunId = "r1" }, ["1", "2", "3"]),
            ("user APPROVER@example.com (as actor, ignoring case)", new SymAuditQuery { User = "APPROVER@example.com" }, ["2", "5"]),
            ("user req@EXAMPLE.com (as actor or requester, ignoring case)", new SymAuditQuery { User = "req@EXAMPLE.com" }, ["1", "2", "3", "4"]),
            ("user nobody", new SymAuditQuery { User = "nobody" }, []),
            ("target prod", new SymAuditQuery { Target = "prod" }, ["1", "2", "3", "5"]),
            ("target Prod (targets compare exactly)", new SymAuditQuery { Target = "Prod" }, []),
            ("flow other_flow", new SymAuditQuery { Flow = "other_flow" }, ["6"]),
            ("step approve", new SymAuditQuery { Step = "approve" }, ["2", "5"]),
            ("outcome Ignored", new SymAuditQuery { Outcome = SymAuditOutcome.Ignored }, ["5"]),
            ("since minute 10 (inclusive)", new SymAuditQuery { Since = T0.AddMinutes(10) }, ["3", "4", "5", "6"]),
            ("until minute 10 (exclusive)", new SymAuditQuery { Until = T0.AddMinutes(10) }, ["1", "2"]),
            ("since minute 10 until minute 20", new SymAuditQuery { Since = T0.AddMinutes(10), Until = T0.AddMinutes(20) }, ["3", "4"]),
            ("since minute 10 given at -05:00", new SymAuditQuery { Since = T0.AddMinutes(10).ToOffset(TimeSpan.FromHours(-5)) }, ["3", "4", "5", "6"]),
            ("run r2 and step approve", new SymAuditQuery { RunId = "r2", Step = "approve" }, ["5"]),
            ("user approver@example.com and outcome Applied", new SymAuditQuery { User = "approver@example.com", Outcome = SymAuditOutcome.Applied }, ["2"]),
            ("target prod, user req@example.com, flow custom_access, since minute 5", new SymAuditQuery
            {
                Target = "prod", User = "req@example.com", Flow = "custom_access", Since = T0.AddMinutes(5),
            }, ["2", "3"]),
        ];
        foreach ((string filter, SymAuditQuery query, string[] expected) in cases)
        {
            Expect.Sequence(expected, (await c.AuditAsync(query).ConfigureAwait(false)).Select(static e => e.Message), $"entries (by their number) filtered by {filter}");
        }
    }
}
