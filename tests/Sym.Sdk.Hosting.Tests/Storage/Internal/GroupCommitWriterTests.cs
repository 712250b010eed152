using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Runtime;
using static Sym.Sdk.Hosting.Tests.Storage.SampleRuns;

namespace Sym.Sdk.Hosting.Tests.Storage.Internal;

/// <summary>
/// The store's group commit: engine steps (<see cref="SqliteSymStore.CommitAsync"/>) that arrive while a transaction is
/// under way share the next one (and its fsync), each in its own savepoint, so one that fails — a conflict, a statement
/// error — fails alone and writes nothing of its own, while one the database itself rolls back (disk full) takes its batch
/// with it and every caller is told.
/// </summary>
public sealed class GroupCommitWriterTests : IDisposable
{
    private static readonly DateTimeOffset Later = T0.AddHours(1);

    private readonly TempDatabase _database = new();
    private readonly SqliteSymStore _store;

    public GroupCommitWriterTests()
    {
        _store = new SqliteSymStore(new SqliteSymStoreOptions { Path = _database.Path });
    }

    public void Dispose()
    {
        _store.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task CommitAsync_ConcurrentCommitsQueuedBehindAWrite_ShareOneTransaction()
    {
        await _store.InitializeAsync();
        long before = _store.Commits;
        ValueTask<bool>[] commits;
        using (new BlockedWriter(_store))
        {
            commits = [.. Enumerable.Range(1, 5).Select(i => _store.CommitAsync(Step($"r{i}")))];
        }

        foreach (ValueTask<bool> commit in commits)
        {
            (await commit).Should().BeTrue();
        }

        (_store.Commits - before).Should().Be(2, "the blocking write committed alone, the five steps queued behind it in one transaction");
        (await ToListAsync(_store.ListRunsAsync())).Should().HaveCount(5);
        (await ToListAsync(_store.QueryAuditAsync(new SymAuditQuery()))).Should().HaveCount(5);
        (await _store.GetPendingMessagesAsync()).Should().HaveCount(5);
    }

    [Fact]
    public async Task CommitAsync_ConflictInABatch_FailsAloneAndWritesNothing()
    {
        await _store.CommitAsync(Step("r1"));
        await _store.TryUpdateRunAsync(Bare("r1") with { Version = 2 }, 1);
        long before = _store.Commits;
        ValueTask<bool> first, stale, last;
        using (new BlockedWriter(_store))
        {
            first = _store.CommitAsync(Step("r2"));
            stale = _store.CommitAsync(Step("r1", expectedVersion: 1, tag: "stale"));
            last = _store.CommitAsync(Step("r1", expectedVersion: 2, tag: "latest"));
        }

        (await first, await stale, await last).Should().Be((true, false, true));
        (_store.Commits - before).Should().Be(2);
        (await _store.GetRunAsync("r1"))!.Version.Should().Be(3);
        (await ToListAsync(_store.QueryAuditAsync(new SymAuditQuery { RunId = "r1" }))).Select(e => e.Message).Should().Equal("r1 created", "r1 latest");
        (await _store.GetPendingMessagesAsync("r1")).Select(m => m.Id).Should().Equal("r1/created", "r1/latest");
        (await _store.GetTimersAsync("r1")).Should().ContainSingle().Which.Argument.Should().Be("latest".Length);
    }

    [Fact]
    public async Task CommitAsync_StatementErrorInABatch_FailsAloneAndRollsBackWhatItHadWritten()
    {
        await _store.CommitAsync(Step("r1"));
        long before = _store.Commits;
        ValueTask<bool> first, broken, last;
        using (new BlockedWriter(_store))
        {
            first = _store.CommitAsync(Step("r2"));

            // Its run, timer and audit entry are written before its message breaks the outbox's unique id: all roll back.
            broken = _store.CommitAsync(Step("r1", expectedVersion: 1, tag: "broken") with
            {
                Messages = [Message("r1/fresh"), Message("r1/created")],
            });
            last = _store.CommitAsync(Step("r3"));
        }

        (await first).Should().BeTrue();
        (await last).Should().BeTrue();
        SymException error = (await FluentActions.Awaiting(async () => await broken).Should().ThrowAsync<SymException>()).Which;
        (error.ErrorCode, error.Message).Should().Match<(string, string)>(e => e.Item1 == "Storage:FAILED" && e.Item2.Contains("committing a step"));
        (_store.Commits - before).Should().Be(2);

        await ShouldHoldOnlyTheCreateOfR1Async();
        (await _store.GetRunAsync("r2")).Should().NotBeNull();
        (await _store.GetRunAsync("r3")).Should().NotBeNull();
    }

    [Fact]
    public async Task CommitAsync_StatementErrorAlone_RollsBackWhatItHadWritten()
    {
        await _store.CommitAsync(Step("r1"));
        Func<Task> broken = async () => await _store.CommitAsync(Step("r1", expectedVersion: 1, tag: "broken") with { Messages = [Message("r1/created")] });
        (await broken.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be("Storage:FAILED");
        await ShouldHoldOnlyTheCreateOfR1Async();
        (await _store.CommitAsync(Step("r1", expectedVersion: 1, tag: "retried"))).Should().BeTrue("the writer goes on after a failed commit");
    }

    [Fact]
    public async Task CommitAsync_DiskFullMidCommit_WritesNothingAndTellsEveryCallerWhatHappened()
    {
        await _store.CommitAsync(Step("r1"));
        await SetMaxPageCountAsync(headroom: 4);
        long before = _store.Commits;
        ValueTask<bool> small1, big, small2;
        using (new BlockedWriter(_store))
        {
            small1 = _store.CommitAsync(Step("r2"));
            big = _store.CommitAsync(Step("r1", expectedVersion: 1, tag: "big") with
            {
                Run = Bare("r1") with { Version = 2, DecisionReason = new string('x', 256 * 1024) },
            });
            small2 = _store.CommitAsync(Step("r3"));
        }

        SymException full = (await FluentActions.Awaiting(async () => await big).Should().ThrowAsync<SymException>()).Which;
        full.ErrorCode.Should().Be("Storage:DISK_FULL");
        await ShouldHoldOnlyTheCreateOfR1Async();

        // SQLite may roll back the whole transaction on a full disk: then the others failed too, and say so.
        foreach ((string id, ValueTask<bool> commit) in new[] { ("r2", small1), ("r3", small2) })
        {
            bool committed;
            try
            {
                committed = await commit;
            }
            catch (SymException ex) when (ex.ErrorCode == "Storage:DISK_FULL")
            {
                committed = false;
            }

            (await _store.GetRunAsync(id) is not null).Should().Be(committed, $"{id} is stored exactly when its commit reported success");
        }

        (_store.Commits - before).Should().BeLessThanOrEqualTo(2);
        await SetMaxPageCountAsync(headroom: 100_000);
        (await _store.CommitAsync(Step("r1", expectedVersion: 1, tag: "after"))).Should().BeTrue("the store recovers once there is room");
    }

    [Fact]
    public async Task WriteAsync_OperationFailingInABatch_FailsAloneAndRollsBackToItsSavepoint()
    {
        await _store.InitializeAsync();
        ValueTask<int> throws, violates;
        ValueTask<bool> good1, good2;
        using (new BlockedWriter(_store))
        {
            good1 = _store.CommitAsync(Step("r1"));
            throws = _store.WriteAsync<int, int>(0, static (session, _) =>
            {
                using SqliteCommand insert = session.Connection.CreateCommand();
                insert.CommandText = "INSERT INTO sym_timers VALUES ('lost', 2, 0, 0, 0, NULL);";
                insert.ExecuteNonQuery();
                throw new InvalidOperationException("boom");
            }, "failing in code", CancellationToken.None);
            violates = _store.WriteAsync(0, static (session, _) =>
            {
                using SqliteCommand insert = session.Connection.CreateCommand();
                insert.CommandText = "INSERT INTO sym_counters VALUES ('claim_token', 1);";
                return insert.ExecuteNonQuery();
            }, "breaking a constraint", CancellationToken.None);
            good2 = _store.CommitAsync(Step("r2"));
        }

        (await good1, await good2).Should().Be((true, true));
        await FluentActions.Awaiting(async () => await throws).Should().ThrowAsync<InvalidOperationException>().WithMessage("boom");
        SymException constraint = (await FluentActions.Awaiting(async () => await violates).Should().ThrowAsync<SymException>()).Which;
        (constraint.ErrorCode, constraint.Message).Should().Match<(string, string)>(e => e.Item1 == "Storage:FAILED" && e.Item2.Contains("breaking a constraint"));
        (await _store.GetTimersAsync("lost")).Should().BeEmpty("a failed write is rolled back to its savepoint");
        (await _store.GetTimersAsync("r1")).Should().ContainSingle();
    }

    /// <summary>
    /// A step on <paramref name="runId"/>: creates it (or updates it from <paramref name="expectedVersion"/>) with a timer whose
    /// argument is the tag's length, an audit entry and a message, all named after the tag.
    /// </summary>
    private static SymRunTransition Step(string runId, long expectedVersion = 0, string tag = "created") => new()
    {
        Run = Bare(runId) with { Version = expectedVersion + 1, DecisionReason = tag },
        ExpectedVersion = expectedVersion,
        ScheduleTimers = [new SymTimer { RunId = runId, Kind = SymTimerKind.Deescalate, DueAt = Later, Argument = tag.Length }],
        Audit = [new SymAuditEntry { RunId = runId, Flow = "f", Step = tag, Actor = "a", Requester = "a", Timestamp = T0, Outcome = SymAuditOutcome.Applied, Message = $"{runId} {tag}" }],
        Messages = [Message($"{runId}/{tag}")],
    };

    private static SymOutboxMessage Message(string id) => new()
    {
        Id = id, Kind = SymNotificationKind.Update, RunId = id.Split('/')[0], Update = new SymRunUpdate(SymRunUpdateKind.Approved), CreatedAt = T0, DueAt = T0,
    };

    /// <summary>r1 as its create left it: version 1, its timer, audit entry and message, nothing of a failed update.</summary>
    private async Task ShouldHoldOnlyTheCreateOfR1Async()
    {
        SymRun r1 = (await _store.GetRunAsync("r1"))!;
        (r1.Version, r1.DecisionReason).Should().Be((1L, "created"));
        (await _store.GetTimersAsync("r1")).Should().ContainSingle().Which.Argument.Should().Be("created".Length);
        (await ToListAsync(_store.QueryAuditAsync(new SymAuditQuery { RunId = "r1" }))).Select(e => e.Message).Should().Equal("r1 created");
        (await _store.GetPendingMessagesAsync("r1")).Select(m => m.Id).Should().Equal("r1/created");
    }

    /// <summary>Caps the file at its current size plus <paramref name="headroom"/> pages (on the writer's own connection).</summary>
    private async Task SetMaxPageCountAsync(int headroom) =>
        await _store.WriteAsync(headroom, static (session, room) =>
        {
            using SqliteCommand command = session.Connection.CreateCommand();
            command.CommandText = "PRAGMA page_count;";
            long pages = (long)command.ExecuteScalar()!;
            command.CommandText = $"PRAGMA max_page_count = {pages + room};";
            return command.ExecuteScalar();
        }, "sizing the file", CancellationToken.None);

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>
    /// Holds the writer inside a write of its own until disposed, so writes started meanwhile queue behind it and then run
    /// as one batch. Disposing lets it go and waits for it to commit.
    /// </summary>
    private sealed class BlockedWriter : IDisposable
    {
        private readonly ManualResetEventSlim _entered = new();
        private readonly ManualResetEventSlim _release = new();
        private readonly Task _blocker;

        public BlockedWriter(SqliteSymStore store)
        {
            _blocker = Task.Run(async () => await store.WriteAsync(0, (_, _) =>
            {
                _entered.Set();
                _release.Wait();
                return 0;
            }, "blocking", CancellationToken.None));
            _entered.Wait();
        }

        public void Dispose()
        {
            _release.Set();
            _blocker.GetAwaiter().GetResult();
            _entered.Dispose();
            _release.Dispose();
        }
    }
}
