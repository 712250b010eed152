using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Storage;
using static Sym.Sdk.Hosting.Tests.Storage.SampleRuns;

namespace Sym.Sdk.Hosting.Tests.Storage;

/// <summary>
/// The store contract every store keeps (Sym.Sdk.Testing's <see cref="SymStoreContract"/>, with the checks of what survives
/// a restart), then what only a durable, shared SQLite store does: share a file between processes, migrate, refuse bad
/// files, and serve its queries from indexes.
/// </summary>
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

    /// <summary>What schema version 2 added to version 1 as it shipped: indexes and the audit log's append-only triggers.</summary>
    private const string SchemaVersionTwoAdditions =
        """
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

        """;

    /// <summary>What schema version 3 added to version 2 as it shipped (its backfill aside): runs keyed by requester.</summary>
    private const string SchemaVersionThreeAdditions =
        """
        ALTER TABLE sym_runs ADD COLUMN requester_key TEXT NOT NULL DEFAULT '';
        CREATE INDEX sym_runs_requester ON sym_runs (requester_key, requested_at, id);
        CREATE INDEX sym_runs_requester_state ON sym_runs (requester_key, state, requested_at, id);

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

    public static TheoryData<string> ContractChecks => new(SymStoreContract.GetCheckNames(durable: true));

    [Theory]
    [MemberData(nameof(ContractChecks))]
    public Task SymStoreContract_EachCheckOverATempFile_Passes(string check) =>
        new SymStoreContract(createStore: () => Open(), reopenStore: _ => Open()).RunAsync(check);

    [Fact]
    public async Task CommitAsync_TwoStoresOverOneFile_ExactlyOneWinsEachRound()
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
            await a.CommitAsync(new SymRunTransition
            {
                Run = Bare($"r{i:000}"), ScheduleTimers = [new SymTimer { RunId = $"r{i:000}", Kind = SymTimerKind.Deescalate, DueAt = T0.AddSeconds(i) }],
            });
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
    public async Task Claims_NothingDue_WriteNothingAndTakeNoToken()
    {
        SqliteSymStore store = Open();
        await store.CommitAsync(new SymRunTransition
        {
            Run = Bare("r1"), ScheduleTimers = [new SymTimer { RunId = "r1", Kind = SymTimerKind.Deescalate, DueAt = T0.AddHours(1) }],
            Messages = [new SymOutboxMessage { Id = "m1", Kind = SymNotificationKind.Update, RunId = "r1", CreatedAt = T0, DueAt = T0.AddHours(1) }],
        });
        await store.TryAddInboxItemAsync(new SymInboxItem { Id = "i1", Source = "s", Body = "b", ReceivedAt = T0 }, T0, TimeSpan.FromMinutes(5));
        long commits = store.Commits;

        (await store.ClaimDueTimersAsync(T0, 10, TimeSpan.FromMinutes(5))).Should().BeEmpty();
        (await store.ClaimDueMessagesAsync(T0, 10, TimeSpan.FromMinutes(5))).Should().BeEmpty();
        (await store.ClaimInboxItemsAsync(T0, 10, TimeSpan.FromMinutes(5))).Should().BeEmpty();
        store.Commits.Should().Be(commits, "idle polls are answered from a reader, without a write transaction");
        _database.Scalar("SELECT sum(value) FROM sym_counters;").Should().Be(1, "idle polls take no claim token (the inbox item took one)");
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
        _database.Scalar("SELECT count(*) FROM sym_counters;").Should().Be(3, "one row per claim counter (timers, outbox, inbox): the migrations ran once");
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
            SchemaVersionOneTables + SchemaVersionTwoAdditions + """
            INSERT INTO sym_counters (name, value) VALUES ('claim_token', 0);
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

    [Fact]
    public async Task InitializeAsync_VersionThreeFileWithRunsAndTimers_MigratesKeepingEverythingAndAddsTheOutboxAndInbox()
    {
        // Schema version 3 as it shipped, in use: runs (one active with its deescalate timer, one pending whose expiry timer
        // a scheduler holds a lease on), audit entries, an identity, and claim tokens already handed out.
        _database.Execute(
            SchemaVersionOneTables + SchemaVersionTwoAdditions + SchemaVersionThreeAdditions + """
            INSERT INTO sym_counters (name, value) VALUES ('claim_token', 41);
            INSERT INTO sym_runs (id, version, flow, state, requested_at, data, requester_key) VALUES ('r1', 3, 'custom_access', 2, 639032004000000000,
                '{"id":"r1","version":3,"flow":"custom_access","state":"Active","requester":{"username":"req@example.com"},"duration":"01:00:00","requested_at":"2026-01-05T09:00:00+00:00","expires_at":"2026-01-05T10:00:00+00:00"}',
                'REQ@EXAMPLE.COM');
            INSERT INTO sym_runs (id, version, flow, state, requested_at, data, requester_key) VALUES ('r2', 1, 'custom_access', 0, 639032004600000000,
                '{"id":"r2","version":1,"flow":"custom_access","state":"Pending","requester":{"username":"req@example.com"},"duration":"01:00:00","requested_at":"2026-01-05T09:01:00+00:00"}',
                'REQ@EXAMPLE.COM');
            INSERT INTO sym_audit (run_id, flow, step, actor, actor_key, requester, requester_key, target, timestamp, outcome)
                VALUES ('r1', 'custom_access', 'request', 'req@example.com', 'REQ@EXAMPLE.COM', 'req@example.com', 'REQ@EXAMPLE.COM', 'prod', 639032004000000000, 0),
                       ('r1', 'custom_access', 'approve', 'bob@example.com', 'BOB@EXAMPLE.COM', 'req@example.com', 'REQ@EXAMPLE.COM', 'prod', 639032004600000000, 0);
            INSERT INTO sym_identities VALUES ('REQ@EXAMPLE.COM', 'OKTA', 'okta', NULL, '00u1', NULL);
            INSERT INTO sym_timers VALUES ('r1', 2, 639032040000000000, 0, 0, NULL);
            INSERT INTO sym_timers VALUES ('r2', 1, 639032004600000000, 0, 41, 639032007000000000);
            PRAGMA application_id = 1398361393;
            PRAGMA user_version = 3;
            """);

        SqliteSymStore store = Open();
        await store.InitializeAsync();

        _database.Scalar("PRAGMA user_version;").Should().Be(SqliteSymStore.CurrentSchemaVersion);
        (await ToListAsync(store.QueryRunsAsync(new SymRunQuery { Requester = "REQ@example.com" }))).Select(r => (r.Id, r.Version, r.State))
            .Should().Equal(("r2", 1L, SymRunState.Pending), ("r1", 3L, SymRunState.Active));
        (await store.GetRunAsync("r1"))!.ExpiresAt.Should().Be(T0.AddHours(1));
        (await ToListAsync(store.QueryAuditAsync(new SymAuditQuery { User = "bob@example.com" }))).Should().ContainSingle().Which.Sequence.Should().Be(2);
        (await store.GetIdentityAsync(Requester, "okta"))!.UserId.Should().Be("00u1");

        (await store.ClaimDueTimersAsync(T0.AddMinutes(4), 10, TimeSpan.FromMinutes(5))).Should().BeEmpty("r2's timer is still leased and r1's is not due");
        SymTimer expiry = (await store.ClaimDueTimersAsync(T0.AddMinutes(5), 10, TimeSpan.FromMinutes(5))).Should().ContainSingle().Subject;
        (expiry.RunId, expiry.Kind, expiry.ClaimToken).Should().Be(("r2", SymTimerKind.RequestExpiry, 42L));
        await store.CompleteTimerAsync(expiry);
        SymTimer deescalate = (await store.ClaimDueTimersAsync(T0.AddHours(1), 10, TimeSpan.FromMinutes(5))).Should().ContainSingle().Subject;
        (deescalate.RunId, deescalate.Kind, deescalate.ClaimToken).Should().Be(("r1", SymTimerKind.Deescalate, 43L));

        // The new tables work from the first step on; the audit log is still append-only.
        (await store.CommitAsync(new SymRunTransition
        {
            Run = (await store.GetRunAsync("r1"))! with { Version = 4, State = SymRunState.Ended }, ExpectedVersion = 3, Fired = deescalate,
            Messages = [new SymOutboxMessage { Id = "r1/4/0", Kind = SymNotificationKind.Update, RunId = "r1", CreatedAt = T0.AddHours(1), DueAt = T0.AddHours(1) }],
        })).Should().BeTrue();
        (await store.ClaimDueMessagesAsync(T0.AddHours(1), 10, TimeSpan.FromMinutes(1))).Should().ContainSingle().Which.Id.Should().Be("r1/4/0");
        (await store.TryAddInboxItemAsync(new SymInboxItem { Id = "i1", Source = "s", Body = "b", ReceivedAt = T0 }, T0, TimeSpan.FromMinutes(1))).Should().NotBeNull();
        ((Action)(() => _database.Execute("DELETE FROM sym_audit;"))).Should().Throw<SqliteException>().WithMessage("*append-only*");
        _database.Scalar("SELECT count(*) FROM sym_audit;").Should().Be(2);
    }

    [Fact]
    public async Task InitializeAsync_IdentitiesKeyedByServiceOnly_StayReadableAndAreKeyedByServiceIdFromNowOn()
    {
        // Identities as versions 1-4 keyed them (user and service), one with a service id, one without.
        _database.Execute(
            SchemaVersionOneTables + SchemaVersionTwoAdditions + SchemaVersionThreeAdditions + """
            INSERT INTO sym_identities VALUES ('REQ@EXAMPLE.COM', 'OKTA', 'okta', 'acme.okta.com', '00u1', NULL);
            INSERT INTO sym_identities VALUES ('REQ@EXAMPLE.COM', 'SLACK', 'slack', NULL, 'U01', NULL);
            PRAGMA application_id = 1398361393;
            PRAGMA user_version = 3;
            """);

        SqliteSymStore store = Open();
        await store.InitializeAsync();

        (await store.GetIdentityAsync(Requester, "okta"))!.UserId.Should().Be("00u1");
        (await store.GetIdentityByServiceIdAsync(Requester, "okta", "ACME.okta.com"))!.UserId.Should().Be("00u1");
        (await store.GetIdentityAsync(Requester, "slack"))!.UserId.Should().Be("U01");
        await store.SaveIdentityAsync(Requester, new UserIdentity { Service = "okta", ServiceId = "other.okta.com", UserId = "00u2" });
        (await store.ListIdentitiesAsync(Requester)).Select(i => (i.Service, i.ServiceId, i.UserId))
            .Should().Equal(("okta", "acme.okta.com", "00u1"), ("okta", "other.okta.com", "00u2"), ("slack", null, "U01"));
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
        (await ((Func<Task>)(async () => await store.CommitAsync(new SymRunTransition { Run = Bare("r1") })))
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
