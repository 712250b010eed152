using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;
using static Sym.Sdk.Hosting.Tests.Storage.SampleRuns;

namespace Sym.Sdk.Hosting.Tests.Storage;

/// <summary>What only a durable, shared store does: survive reopening, share a file between processes, migrate, refuse bad files.</summary>
public sealed class SqliteSymStoreTests : IDisposable
{
    /// <summary>Schema version 1's tables exactly as they shipped (version 2 added indexes and triggers, not tables).</summary>
    private const string SchemaVersionOneTables =
        """
        CREATE TABLE sym_runs (id TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, flow TEXT NOT NULL, state INTEGER NOT NULL,
            requested_at INTEGER NOT NULL, data TEXT NOT NULL) STRICT;
        CREATE TABLE sym_audit (sequence INTEGER PRIMARY KEY, run_id TEXT NOT NULL, flow TEXT NOT NULL, step TEXT NOT NULL,
            actor TEXT NOT NULL, actor_key TEXT NOT NULL, requester TEXT NOT NULL, requester_key TEXT NOT NULL, target TEXT,
            timestamp INTEGER NOT NULL, outcome INTEGER NOT NULL, message TEXT, error_code TEXT, reason TEXT, duration INTEGER) STRICT;
        CREATE TABLE sym_identities (user_key TEXT NOT NULL, service_key TEXT NOT NULL, service TEXT NOT NULL, service_id TEXT,
            user_id TEXT, email TEXT, PRIMARY KEY (user_key, service_key)) STRICT, WITHOUT ROWID;
        CREATE TABLE sym_timers (run_id TEXT NOT NULL, kind INTEGER NOT NULL, due_at INTEGER NOT NULL, argument INTEGER NOT NULL,
            claim_token INTEGER NOT NULL DEFAULT 0, claimed_until INTEGER, PRIMARY KEY (run_id, kind)) STRICT, WITHOUT ROWID;
        CREATE TABLE sym_counters (name TEXT NOT NULL PRIMARY KEY, value INTEGER NOT NULL) STRICT, WITHOUT ROWID;

        """;

    private readonly TempDatabase _database = new();
    private readonly List<SqliteSymStore> _stores = [];

    public void Dispose()
    {
        foreach (SqliteSymStore store in _stores)
        {
            store.Dispose();
        }

        _database.Dispose();
    }

    [Fact]
    public async Task Reopen_NewInstanceOverTheFile_ReadsEverythingBack()
    {
        SqliteSymStore first = Open();
        SymRun run = Full("r1");
        await first.TryCreateRunAsync(run);
        await first.TryUpdateRunAsync(run with { Version = 2, State = SymRunState.Active }, 1);
        await first.AppendAuditAsync(new SymAuditEntry
        {
            RunId = "r1", Flow = "f", Step = "request", Actor = "a", Requester = "a", Timestamp = T0, Outcome = SymAuditOutcome.Applied,
        });
        await first.SaveIdentityAsync(Requester, new UserIdentity { Service = "okta", UserId = "00u1" });
        await first.ScheduleTimerAsync(new SymTimer { RunId = "r1", Kind = SymTimerKind.Deescalate, DueAt = T0.AddHours(1) });
        first.Dispose();

        SqliteSymStore second = Open();
        (await second.GetRunAsync("r1"))!.ShouldMatch(run with { Version = 2, State = SymRunState.Active });
        (await ToListAsync(second.QueryAuditAsync(new SymAuditQuery()))).Should().ContainSingle().Which.Sequence.Should().Be(1);
        (await second.GetIdentityAsync(Requester, "okta"))!.UserId.Should().Be("00u1");
        (await second.GetTimersAsync("r1")).Should().ContainSingle().Which.DueAt.Should().Be(T0.AddHours(1));
        (await second.AppendAuditAsync(new SymAuditEntry
        {
            RunId = "r1", Flow = "f", Step = "approve", Actor = "b", Requester = "a", Timestamp = T0, Outcome = SymAuditOutcome.Applied,
        })).Sequence.Should().Be(2, "sequences continue across restarts");
    }

    [Fact]
    public async Task TryUpdateRunAsync_TwoStoresOverOneFile_ExactlyOneWinsEachRound()
    {
        SqliteSymStore a = Open(), b = Open();
        await a.TryCreateRunAsync(Bare("r1"));
        for (long version = 1; version <= 10; version++)
        {
            long expected = version;
            Task<bool>[] writers =
            [
                .. Enumerable.Range(0, 3).Select(i => Task.Run(async () => await a.TryUpdateRunAsync(Bare("r1") with { Version = expected + 1, MessageReference = $"a{i}" }, expected))),
                .. Enumerable.Range(0, 3).Select(i => Task.Run(async () => await b.TryUpdateRunAsync(Bare("r1") with { Version = expected + 1, MessageReference = $"b{i}" }, expected))),
            ];
            (await Task.WhenAll(writers)).Count(won => won).Should().Be(1);
        }

        (await b.GetRunAsync("r1"))!.Version.Should().Be(11);
    }

    [Fact]
    public async Task ClaimDueTimersAsync_TwoStoresOverOneFileRacing_LeaseEachTimerOnce()
    {
        SqliteSymStore a = Open(), b = Open();
        for (int i = 0; i < 120; i++)
        {
            await a.ScheduleTimerAsync(new SymTimer { RunId = $"r{i:000}", Kind = SymTimerKind.Deescalate, DueAt = T0.AddSeconds(i) });
        }

        // Rounds of six concurrent claims, three through each store, until nothing is left: every claimer races in every
        // round, and while 18 or more timers remain each gets a full batch, so both stores take part.
        SqliteSymStore[] claimers = [a, a, a, b, b, b];
        var claimedBy = new List<(int Claimer, string RunId)>();
        IReadOnlyList<SymTimer>[] round;
        do
        {
            round = await Task.WhenAll(claimers.Select(store => Task.Run(async () =>
                await store.ClaimDueTimersAsync(T0.AddHours(1), 3, TimeSpan.FromMinutes(5)))));
            claimedBy.AddRange(round.SelectMany((batch, claimer) => batch.Select(t => (claimer, t.RunId))));
        }
        while (round.Any(batch => batch.Count > 0));

        claimedBy.Select(c => c.RunId).Should().OnlyHaveUniqueItems().And.HaveCount(120);
        claimedBy.Should().Contain(c => c.Claimer < 3).And.Contain(c => c.Claimer >= 3);
    }

    [Fact]
    public async Task ClaimDueTimersAsync_ClaimantDiedBeforeCompleting_AnotherStoreClaimsItAfterTheLease()
    {
        SqliteSymStore dying = Open();
        await dying.ScheduleTimerAsync(new SymTimer { RunId = "r1", Kind = SymTimerKind.Deescalate, DueAt = T0 });
        SymTimer lost = (await dying.ClaimDueTimersAsync(T0, 10, TimeSpan.FromMinutes(5))).Single();
        dying.Dispose();

        SqliteSymStore survivor = Open();
        (await survivor.ClaimDueTimersAsync(T0.AddMinutes(4), 10, TimeSpan.FromMinutes(5))).Should().BeEmpty("the lease still holds");
        SymTimer reclaimed = (await survivor.ClaimDueTimersAsync(T0.AddMinutes(5), 10, TimeSpan.FromMinutes(5))).Single();
        reclaimed.ClaimToken.Should().NotBe(lost.ClaimToken);

        await survivor.CompleteTimerAsync(lost);
        (await survivor.GetTimersAsync("r1")).Should().ContainSingle("the dead claim's completion is stale");
        await survivor.CompleteTimerAsync(reclaimed);
        (await survivor.GetTimersAsync("r1")).Should().BeEmpty();
    }

    [Fact]
    public async Task ClaimDueTimersAsync_NothingDue_WritesNothing()
    {
        SqliteSymStore store = Open();
        await store.ScheduleTimerAsync(new SymTimer { RunId = "r1", Kind = SymTimerKind.Deescalate, DueAt = T0.AddHours(1) });
        (await store.ClaimDueTimersAsync(T0, 10, TimeSpan.FromMinutes(5))).Should().BeEmpty();
        _database.Scalar("SELECT value FROM sym_counters WHERE name = 'claim_token';").Should().Be(0, "an idle scheduler tick takes no token");
    }

    [Fact]
    public async Task Writes_QueuedWhileACommitIsUnderWay_CommitTogetherAndFailAlone()
    {
        SqliteSymStore store = Open();
        await store.InitializeAsync();
        long commitsBefore = store.Commits;
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Task<int> blocker = Task.Run(async () => await store.WriteAsync(0, (_, _) =>
        {
            entered.Set();
            release.Wait();
            return 0;
        }, "blocking", CancellationToken.None));
        entered.Wait();

        // These queue behind the blocked commit and then run as one batch.
        ValueTask good1 = store.ScheduleTimerAsync(new SymTimer { RunId = "r1", Kind = SymTimerKind.Deescalate, DueAt = T0 });
        ValueTask<int> throws = store.WriteAsync<int, int>(0, static (session, _) =>
        {
            using var insert = session.Connection.CreateCommand();
            insert.CommandText = "INSERT INTO sym_timers VALUES ('lost', 2, 0, 0, 0, NULL);";
            insert.ExecuteNonQuery();
            throw new InvalidOperationException("boom");
        }, "failing in code", CancellationToken.None);
        ValueTask good2 = store.ScheduleTimerAsync(new SymTimer { RunId = "r2", Kind = SymTimerKind.Deescalate, DueAt = T0 });
        ValueTask<int> violates = store.WriteAsync(0, static (session, _) =>
        {
            using var insert = session.Connection.CreateCommand();
            insert.CommandText = "INSERT INTO sym_counters VALUES ('claim_token', 1);";
            return insert.ExecuteNonQuery();
        }, "breaking a constraint", CancellationToken.None);
        ValueTask<SymAuditEntry> good3 = store.AppendAuditAsync(new SymAuditEntry
        {
            RunId = "r1", Flow = "f", Step = "request", Actor = "a", Requester = "a", Timestamp = T0, Outcome = SymAuditOutcome.Applied,
        });
        release.Set();

        await blocker;
        await good1;
        await good2;
        (await good3).Sequence.Should().Be(1);
        await ((Func<Task>)(async () => await throws)).Should().ThrowAsync<InvalidOperationException>().WithMessage("boom");
        SymException constraint = (await ((Func<Task>)(async () => await violates)).Should().ThrowAsync<SymException>()).Which;
        (constraint.ErrorCode, constraint.Message).Should().Match<(string, string)>(e => e.Item1 == "Storage:FAILED" && e.Item2.Contains("breaking a constraint"));

        (store.Commits - commitsBefore).Should().Be(2, "the blocked write committed alone, the five queued behind it together");
        (await store.GetTimersAsync("r1")).Should().ContainSingle();
        (await store.GetTimersAsync("r2")).Should().ContainSingle();
        (await store.GetTimersAsync("lost")).Should().BeEmpty("a failed write is rolled back to its savepoint");
    }

    [Fact]
    public async Task InitializeAsync_NewFile_CreatesTheSchemaInWalMode()
    {
        await Open().InitializeAsync();
        _database.Scalar("PRAGMA user_version;").Should().Be(SqliteSymStore.CurrentSchemaVersion);
        _database.Scalar("PRAGMA application_id;").Should().Be(0x53594D31);
        using SqliteConnection connection = _database.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        command.ExecuteScalar().Should().Be("wal");
    }

    [Fact]
    public void Session_AppliesDurabilityAndBusyTimeout()
    {
        using var session = new SqliteSession(new SqliteConnectionStringBuilder { DataSource = _database.Path, Pooling = false }.ToString(), 1234);
        using SqliteCommand command = session.Connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        command.ExecuteScalar().Should().Be(2L, "2 is FULL");
        command.CommandText = "PRAGMA busy_timeout;";
        command.ExecuteScalar().Should().Be(1234L);
    }

    [Fact]
    public async Task InitializeAsync_ManyStoresOpenANewFileAtOnce_MigrateItOnce()
    {
        SqliteSymStore[] stores = [.. Enumerable.Range(0, 4).Select(_ => Open())];
        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
        _database.Scalar("PRAGMA user_version;").Should().Be(SqliteSymStore.CurrentSchemaVersion);
        _database.Scalar("SELECT count(*) FROM sym_counters;").Should().Be(1);
    }

    [Fact]
    public async Task InitializeAsync_VersionOneFile_MigratesItKeepingItsData()
    {
        // Schema version 1 exactly as it shipped: tables only, no indexes, no append-only triggers.
        _database.Execute(
            SchemaVersionOneTables + """
            INSERT INTO sym_counters (name, value) VALUES ('claim_token', 41);
            INSERT INTO sym_runs VALUES ('r1', 3, 'custom_access', 2, 639032004000000000,
                '{"id":"r1","version":3,"flow":"custom_access","state":"Active","requester":{"username":"req@example.com","role":"admin"},"duration":"01:00:00","fields":{"reason":"incident 42"},"requested_at":"2026-01-05T09:00:00+00:00","expires_at":"2026-01-05T10:00:00+00:00"}');
            INSERT INTO sym_audit (run_id, flow, step, actor, actor_key, requester, requester_key, target, timestamp, outcome)
                VALUES ('r1', 'custom_access', 'request', 'req@example.com', 'REQ@EXAMPLE.COM', 'req@example.com', 'REQ@EXAMPLE.COM', 'prod', 639032004000000000, 0);
            INSERT INTO sym_timers VALUES ('r1', 2, 639032040000000000, 0, 0, NULL);
            PRAGMA application_id = 1398361393;
            PRAGMA user_version = 1;
            """);

        SqliteSymStore store = Open();
        await store.InitializeAsync();

        _database.Scalar("PRAGMA user_version;").Should().Be(SqliteSymStore.CurrentSchemaVersion);
        _database.Scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'sym_timers_due';").Should().Be(1);
        SymRun run = (await store.GetRunAsync("r1"))!;
        (run.Version, run.State, run.Requester.Username, run.Requester.Role, run.Duration, run.Fields.Reason, run.ExpiresAt)
            .Should().Be((3L, SymRunState.Active, "req@example.com", UserRole.Admin, TimeSpan.FromHours(1), "incident 42", T0.AddHours(1)));
        (await ToListAsync(store.QueryAuditAsync(new SymAuditQuery { User = "req@example.com", Target = "prod" }))).Should().ContainSingle()
            .Which.Timestamp.Should().Be(T0);
        SymTimer due = (await store.ClaimDueTimersAsync(T0.AddHours(1), 10, TimeSpan.FromMinutes(5))).Single();
        (due.RunId, due.Kind, due.ClaimToken).Should().Be(("r1", SymTimerKind.Deescalate, 42L));

        Action delete = () => _database.Execute("DELETE FROM sym_audit;");
        delete.Should().Throw<SqliteException>().WithMessage("*append-only*", "version 2 makes the audit log append-only");
    }

    [Fact]
    public async Task InitializeAsync_VersionTwoFile_IndexesItsRunsByRequester()
    {
        // Schema version 2 exactly as it shipped (version 1's tables plus its indexes and triggers), holding runs by two
        // users in mixed case, one with a username SQLite's upper() would not fold, and one document that is not JSON.
        _database.Execute(
            SchemaVersionOneTables + """
            INSERT INTO sym_counters (name, value) VALUES ('claim_token', 0);
            CREATE INDEX sym_runs_state ON sym_runs (state, requested_at);
            CREATE INDEX sym_runs_requested_at ON sym_runs (requested_at);
            CREATE INDEX sym_timers_due ON sym_timers (due_at);
            CREATE INDEX sym_audit_run ON sym_audit (run_id);
            CREATE INDEX sym_audit_actor ON sym_audit (actor_key);
            CREATE INDEX sym_audit_requester ON sym_audit (requester_key);
            CREATE INDEX sym_audit_target ON sym_audit (target);
            CREATE INDEX sym_audit_timestamp ON sym_audit (timestamp);
            CREATE TRIGGER sym_audit_no_update BEFORE UPDATE ON sym_audit
            BEGIN SELECT RAISE(ABORT, 'the Sym audit log is append-only'); END;
            CREATE TRIGGER sym_audit_no_delete BEFORE DELETE ON sym_audit
            BEGIN SELECT RAISE(ABORT, 'the Sym audit log is append-only'); END;
            INSERT INTO sym_runs VALUES ('r1', 3, 'custom_access', 2, 639032004000000000,
                '{"id":"r1","version":3,"flow":"custom_access","state":"Active","requester":{"username":"Req@Example.com"},"duration":"01:00:00","requested_at":"2026-01-05T09:00:00+00:00"}');
            INSERT INTO sym_runs VALUES ('r2', 1, 'custom_access', 0, 639032004600000000,
                '{"id":"r2","version":1,"flow":"custom_access","state":"Pending","requester":{"username":"req@example.com"},"duration":"01:00:00","requested_at":"2026-01-05T09:01:00+00:00"}');
            INSERT INTO sym_runs VALUES ('r3', 1, 'custom_access', 0, 639032005200000000,
                '{"id":"r3","version":1,"flow":"custom_access","state":"Pending","requester":{"username":"zoë@example.com"},"duration":"01:00:00","requested_at":"2026-01-05T09:02:00+00:00"}');
            INSERT INTO sym_runs VALUES ('r4', 1, 'custom_access', 0, 639032005800000000,
                '{"id":"r4","version":1,"flow":"custom_access","state":"Pending","requester":{"username":"other@example.com"},"duration":"01:00:00","requested_at":"2026-01-05T09:03:00+00:00"}');
            INSERT INTO sym_runs VALUES ('r5', 1, 'custom_access', 0, 639032006400000000, 'not a document');
            PRAGMA application_id = 1398361393;
            PRAGMA user_version = 2;
            """);

        SqliteSymStore store = Open();
        await store.InitializeAsync();

        _database.Scalar("PRAGMA user_version;").Should().Be(SqliteSymStore.CurrentSchemaVersion);
        _database.Scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('sym_runs_requester', 'sym_runs_requester_state');")
            .Should().Be(2);
        using (SqliteConnection connection = _database.Open())
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, requester_key FROM sym_runs ORDER BY id;";
            using SqliteDataReader reader = command.ExecuteReader();
            var keys = new List<(string, string)>();
            while (reader.Read())
            {
                keys.Add((reader.GetString(0), reader.GetString(1)));
            }

            keys.Should().Equal(
                ("r1", "REQ@EXAMPLE.COM"), ("r2", "REQ@EXAMPLE.COM"), ("r3", "ZOË@EXAMPLE.COM"), ("r4", "OTHER@EXAMPLE.COM"), ("r5", ""));
        }

        (await ToListAsync(store.QueryRunsAsync(new SymRunQuery { Requester = "req@example.com" }))).Select(r => (r.Id, r.Version, r.State))
            .Should().Equal(("r2", 1L, SymRunState.Pending), ("r1", 3L, SymRunState.Active));
        (await ToListAsync(store.QueryRunsAsync(new SymRunQuery { Requester = "ZOË@example.com" }))).Select(r => r.Id)
            .Should().Equal(["r3"], "keys fold case as .NET does, beyond ASCII");

        // The columns stay in step with the documents from now on.
        await store.TryUpdateRunAsync((await store.GetRunAsync("r2"))! with { Version = 2, State = SymRunState.Denied }, 1);
        await store.TryCreateRunAsync(Bare("r6", T0.AddHours(1)));
        (await ToListAsync(store.QueryRunsAsync(new SymRunQuery { Requester = "REQ@example.com", State = SymRunState.Denied }))).Select(r => r.Id)
            .Should().Equal("r2");
        (await ToListAsync(store.QueryRunsAsync(new SymRunQuery { Requester = "req@example.com", Limit = 1 }))).Select(r => r.Id)
            .Should().Equal("r6");
    }

    public static TheoryData<string, string> QueryPlans => new()
    {
        { "requester", "sym_runs_requester " },
        { "requester,cursor", "sym_runs_requester " },
        { "requester,state", "sym_runs_requester_state " },
        { "requester,state,cursor", "sym_runs_requester_state " },
    };

    [Theory]
    [MemberData(nameof(QueryPlans))]
    public async Task QueryRunsAsync_ByRequester_ReadsOneIndexRangeInOrder(string shape, string index)
    {
        SqliteSymStore store = Open();
        for (int i = 0; i < 50; i++)
        {
            await store.TryCreateRunAsync(Bare($"r{i}", T0.AddMinutes(i), (SymRunState)(i % 9)) with { Requester = new User { Username = $"user{i % 5}@example.com" } });
        }

        var query = new SymRunQuery
        {
            Requester = "user1@example.com",
            State = shape.Contains("state", StringComparison.Ordinal) ? SymRunState.Pending : null,
            RequestedBefore = shape.Contains("cursor", StringComparison.Ordinal) ? T0.AddMinutes(30) : null,
        };
        _database.Execute("ANALYZE;");

        using SqliteConnection connection = _database.Open();
        using SqliteCommand explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + SqliteSymStore.QueryRunsStatementFor(query).Sql;
        var plan = new List<string>();
        using (SqliteDataReader reader = explain.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        string text = string.Join(" | ", plan);
        text.Should().Contain($"USING INDEX {index}").And.Contain("requester_key=?");
        text.Should().NotContain("TEMP B-TREE", "the index gives the order; nothing is sorted");
        text.Should().NotMatch("*SCAN sym_runs*", "no table scan");
        if (query.RequestedBefore is not null)
        {
            text.Should().Contain("(requested_at,id)<(?,?)", "the cursor is a range on the index, not a filter after it");
        }
    }

    [Fact]
    public async Task AuditLog_ChangedBehindTheStoresBack_IsRefused()
    {
        SqliteSymStore store = Open();
        await store.AppendAuditAsync(new SymAuditEntry
        {
            RunId = "r1", Flow = "f", Step = "request", Actor = "a", Requester = "a", Timestamp = T0, Outcome = SymAuditOutcome.Applied,
        });

        ((Action)(() => _database.Execute("UPDATE sym_audit SET outcome = 3;"))).Should().Throw<SqliteException>().WithMessage("*append-only*");
        ((Action)(() => _database.Execute("DELETE FROM sym_audit;"))).Should().Throw<SqliteException>().WithMessage("*append-only*");
        (await ToListAsync(store.QueryAuditAsync(new SymAuditQuery()))).Should().ContainSingle().Which.Outcome.Should().Be(SymAuditOutcome.Applied);
    }

    [Fact]
    public async Task InitializeAsync_NewerSchema_FailsClearlyAndLeavesTheFileAlone()
    {
        _database.Execute("CREATE TABLE sym_future (x INTEGER); PRAGMA application_id = 1398361393; PRAGMA user_version = 99;");
        SymException error = (await ((Func<Task>)(() => Open().InitializeAsync())).Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be("Storage:SCHEMA_TOO_NEW");
        error.Message.Should().Contain("99").And.Contain(SqliteSymStore.CurrentSchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        error.Hint.Should().Contain("Upgrade");
        _database.Scalar("PRAGMA user_version;").Should().Be(99);
    }

    [Fact]
    public async Task Operations_OnANewerSchema_FailWithTheSameError()
    {
        _database.Execute($"PRAGMA application_id = 1398361393; PRAGMA user_version = {SqliteSymStore.CurrentSchemaVersion + 1};");
        SqliteSymStore store = Open();
        (await ((Func<Task>)(async () => await store.GetRunAsync("r1"))).Should().ThrowAsync<SymException>())
            .Which.ErrorCode.Should().Be("Storage:SCHEMA_TOO_NEW");
        (await ((Func<Task>)(async () => await store.ScheduleTimerAsync(new SymTimer { RunId = "r", Kind = SymTimerKind.Deescalate, DueAt = T0 })))
            .Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be("Storage:SCHEMA_TOO_NEW");
    }

    [Fact]
    public async Task InitializeAsync_NotADatabase_FailsAsCorrupt()
    {
        await File.WriteAllTextAsync(_database.Path, string.Concat(Enumerable.Repeat("this is not a SQLite database. ", 200)));
        SymException error = (await ((Func<Task>)(() => Open().InitializeAsync())).Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be("Storage:CORRUPT");
        error.Message.Should().Contain(_database.Path);
        error.InnerException.Should().BeOfType<SqliteException>();
    }

    [Fact]
    public async Task InitializeAsync_AnotherApplicationsDatabase_IsNotTakenOver()
    {
        _database.Execute("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');");
        (await ((Func<Task>)(() => Open().InitializeAsync())).Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be("Storage:NOT_A_SYM_STORE");
        _database.Scalar("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'sym_%';").Should().Be(0);
        _database.Scalar("SELECT count(*) FROM notes;").Should().Be(1);
    }

    [Fact]
    public async Task InitializeAsync_CurrentVersionWithATableMissing_FailsAsCorrupt()
    {
        SqliteSymStore store = Open();
        await store.InitializeAsync();
        store.Dispose();
        _database.Execute("DROP TABLE sym_identities;");

        SymException error = (await ((Func<Task>)(() => Open().InitializeAsync())).Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be("Storage:CORRUPT");
        error.Message.Should().Contain("sym_identities");
    }

    [Fact]
    public async Task GetRunAsync_DamagedDocument_FailsNamingTheRun()
    {
        SqliteSymStore store = Open();
        await store.InitializeAsync();
        _database.Execute("INSERT INTO sym_runs (id, version, flow, state, requested_at, data) VALUES ('r1', 1, 'f', 0, 0, '{\"id\":\"r1\",\"flow\":');");
        SymException error = (await ((Func<Task>)(async () => await store.GetRunAsync("r1"))).Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be("Storage:UNREADABLE_RUN");
        error.Message.Should().Contain("'r1'");
    }

    [Fact]
    public async Task InitializeAsync_FolderMissing_FailsAsCannotOpen()
    {
        var store = new SqliteSymStore(new SqliteSymStoreOptions { Path = Path.Combine(Path.GetTempPath(), "sym-store-tests", Guid.NewGuid().ToString("N"), "x.db") });
        _stores.Add(store);
        (await ((Func<Task>)(() => store.InitializeAsync())).Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be("Storage:CANNOT_OPEN");
    }

    [Fact]
    public async Task Operations_AfterDispose_Throw()
    {
        SqliteSymStore store = Open();
        await store.InitializeAsync();
        store.Dispose();
        await ((Func<Task>)(async () => await store.GetRunAsync("r1"))).Should().ThrowAsync<ObjectDisposedException>();
        await ((Func<Task>)(async () => await store.TryCreateRunAsync(Bare("r1")))).Should().ThrowAsync<ObjectDisposedException>();
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Constructor_NoPath_Throws(string? path)
    {
        Action act = () => _ = new SqliteSymStore(new SqliteSymStoreOptions { Path = path });
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Constructor_NonPositiveBusyTimeout_Throws()
    {
        Action act = () => _ = new SqliteSymStore(new SqliteSymStoreOptions { Path = _database.Path, BusyTimeout = TimeSpan.Zero });
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Path_IsTheFullPath() =>
        new SqliteSymStore(new SqliteSymStoreOptions { Path = "relative.db" }).Path.Should().Be(Path.GetFullPath("relative.db"));

    private SqliteSymStore Open()
    {
        var store = new SqliteSymStore(new SqliteSymStoreOptions { Path = _database.Path });
        _stores.Add(store);
        return store;
    }

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
