using Npgsql;
using Sym.Sdk.Runtime;
using static Sym.Sdk.Hosting.Tests.Storage.SampleRuns;

namespace Sym.Sdk.Hosting.PostgreSql.Tests.Storage;

/// <summary>
/// What only a store that several hosts share does: migrate once when hosts start together, refuse schemas it does not
/// know, refuse changes to the audit log in the database itself, race for work without sharing it, lock grants across
/// hosts, survive connections the server drops, and never tell anyone the password.
/// </summary>
public sealed class PostgreSqlSymStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly List<PostgreSqlSymStore> _stores = [];
    private readonly string _schema = PostgresDatabase.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (PostgreSqlSymStore store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task InitializeAsync_SixHostsStartingTogether_MigrateTheSchemaOnce()
    {
        PostgreSqlSymStore[] hosts = [.. Enumerable.Range(0, 6).Select(_ => Open())];

        await Task.WhenAll(hosts.Select(h => Task.Run(() => h.InitializeAsync())));

        (await database.ScalarAsync("SELECT count(*) FROM sym_migrations;", _schema)).Should().Be((long)PostgreSqlSymStore.CurrentSchemaVersion);
        (await database.ScalarAsync("SELECT max(version) FROM sym_migrations;", _schema)).Should().Be(PostgreSqlSymStore.CurrentSchemaVersion);
        (await hosts[5].CommitAsync(new SymRunTransition { Run = Bare("r1") })).Should().BeTrue();
    }

    [PostgresFact]
    public async Task InitializeAsync_SchemaMigratedByANewerVersion_FailsWithSchemaTooNew()
    {
        await Open().InitializeAsync();
        await database.ScalarAsync("INSERT INTO sym_migrations (version) VALUES (99);", _schema);

        Func<Task> act = () => Open().InitializeAsync();

        (await act.Should().ThrowAsync<SymException>()).Which.Should().Match<SymException>(e =>
            e.ErrorCode == "Storage:SCHEMA_TOO_NEW" && e.Message.Contains("schema version 99") && e.Message.Contains($"up to {PostgreSqlSymStore.CurrentSchemaVersion}"));
    }

    [PostgresFact]
    public async Task InitializeAsync_VersionOneIdentities_StayReadableAndAreKeyedByServiceIdFromNowOn()
    {
        // Back to schema version 1's sym_identities (keyed by user and service), with rows as version 1 wrote them.
        await Open().InitializeAsync();
        await database.ScalarAsync(
            """
            ALTER TABLE sym_identities DROP CONSTRAINT sym_identities_pkey;
            ALTER TABLE sym_identities DROP COLUMN service_id_key;
            ALTER TABLE sym_identities ADD PRIMARY KEY (user_key, service_key);
            DELETE FROM sym_migrations WHERE version = 2;
            INSERT INTO sym_identities (user_key, service_key, service, service_id, user_id, email)
                VALUES ('REQ@EXAMPLE.COM', 'OKTA', 'okta', 'acme.okta.com', '00u1', NULL), ('REQ@EXAMPLE.COM', 'SLACK', 'slack', NULL, 'U01', NULL);
            """, _schema);
        var requester = new User { Username = "req@example.com" };

        PostgreSqlSymStore store = Open();
        await store.InitializeAsync();

        (await database.ScalarAsync("SELECT max(version) FROM sym_migrations;", _schema)).Should().Be(PostgreSqlSymStore.CurrentSchemaVersion);
        (await store.GetIdentityAsync(requester, "okta"))!.UserId.Should().Be("00u1");
        (await store.GetIdentityByServiceIdAsync(requester, "okta", "ACME.okta.com"))!.UserId.Should().Be("00u1");
        await store.SaveIdentityAsync(requester, new UserIdentity { Service = "okta", ServiceId = "other.okta.com", UserId = "00u2" });
        (await store.ListIdentitiesAsync(requester)).Select(i => (i.Service, i.ServiceId, i.UserId))
            .Should().Equal(("okta", "acme.okta.com", "00u1"), ("okta", "other.okta.com", "00u2"), ("slack", null, "U01"));
    }

    [PostgresFact]
    public async Task InitializeAsync_AnotherApplicationsTablesInTheSchema_RefusesThemAndChangesNothing()
    {
        await database.ScalarAsync($"CREATE SCHEMA {_schema}; CREATE TABLE {_schema}.sym_runs (id int);");

        Func<Task> act = () => Open().InitializeAsync();

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be("Storage:NOT_A_SYM_STORE");
        (await database.ScalarAsync($"SELECT count(*) FROM pg_tables WHERE schemaname = '{_schema}';")).Should().Be(1L);
    }

    [PostgresTheory]
    [InlineData("UPDATE sym_audit SET step = 'forged';")]
    [InlineData("DELETE FROM sym_audit;")]
    [InlineData("TRUNCATE sym_audit;")]
    public async Task AuditLog_ChangedBehindTheStoresBack_IsRefusedByTheDatabase(string sql)
    {
        PostgreSqlSymStore store = Open();
        await store.CommitAsync(new SymRunTransition { Run = Bare("r1"), Audit = [Entry("r1", "request")] });

        Func<Task> act = () => database.ScalarAsync(sql, _schema);

        (await act.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("append-only");
        (await database.ScalarAsync("SELECT step FROM sym_audit;", _schema)).Should().Be("request");
    }

    [PostgresFact]
    public async Task CommitAsync_ThreeStoresOverOneSchema_ExactlyOneWinsEachRound()
    {
        PostgreSqlSymStore[] hosts = [Open(), Open(), Open()];
        await hosts[0].CommitAsync(new SymRunTransition { Run = Bare("r1") });
        for (long version = 1; version <= 10; version++)
        {
            long expected = version;
            bool[] won = await Task.WhenAll(Enumerable.Range(0, 9).Select(i => Task.Run(async () => await hosts[i % 3].CommitAsync(new SymRunTransition
            {
                Run = Bare("r1") with { Version = expected + 1, MessageReference = $"{i}" },
                ExpectedVersion = expected,
                Audit = [Entry("r1", $"step {expected}/{i}")],
            }))));
            won.Count(w => w).Should().Be(1);
        }

        (await hosts[2].GetRunAsync("r1"))!.Version.Should().Be(11);
        (await database.ScalarAsync("SELECT count(*) FROM sym_audit;", _schema)).Should().Be(10L, "the losers wrote nothing");
    }

    [PostgresFact]
    public async Task ClaimDueTimersAsync_ThreeStoresRacing_LeaseEachTimerOnce()
    {
        PostgreSqlSymStore[] hosts = [Open(), Open(), Open()];
        for (int i = 0; i < 120; i++)
        {
            await hosts[0].CommitAsync(new SymRunTransition
            {
                Run = Bare($"r{i:000}"), ScheduleTimers = [new SymTimer { RunId = $"r{i:000}", Kind = SymTimerKind.Deescalate, DueAt = T0.AddSeconds(i) }],
            });
        }

        var claimedBy = new List<(int Claimer, string RunId)>();
        IReadOnlyList<SymTimer>[] round;
        do
        {
            round = await Task.WhenAll(Enumerable.Range(0, 6).Select(c => Task.Run(async () =>
                await hosts[c % 3].ClaimDueTimersAsync(T0.AddHours(1), 3, TimeSpan.FromMinutes(5)))));
            claimedBy.AddRange(round.SelectMany((batch, claimer) => batch.Select(t => (claimer % 3, t.RunId))));
        }
        while (round.Any(batch => batch.Count > 0));

        claimedBy.Select(c => c.RunId).Should().OnlyHaveUniqueItems().And.HaveCount(120);
        claimedBy.Select(c => c.Claimer).Distinct().Should().HaveCount(3, "every host took part");
    }

    [PostgresFact]
    public async Task ClaimDueMessagesAsync_ThreeStoresRacingOverRunsWithSeveralMessages_HandOutOneHeadPerRunAndEveryMessageOnce()
    {
        PostgreSqlSymStore[] hosts = [Open(), Open(), Open()];
        for (int r = 0; r < 20; r++)
        {
            await hosts[r % 3].CommitAsync(new SymRunTransition
            {
                Messages = [.. Enumerable.Range(0, 3).Select(m => new SymOutboxMessage
                {
                    Id = $"r{r:00}/{m}", RunId = $"r{r:00}", Kind = SymNotificationKind.Update, Update = new SymRunUpdate(SymRunUpdateKind.Approved), CreatedAt = T0, DueAt = T0,
                })],
            });
        }

        var delivered = new List<string>();
        for (int round = 0; round < 10; round++)
        {
            IReadOnlyList<SymOutboxMessage>[] claims = await Task.WhenAll(hosts.Select(h => Task.Run(async () => await h.ClaimDueMessagesAsync(T0, 100, TimeSpan.FromMinutes(1)))));
            SymOutboxMessage[] all = [.. claims.SelectMany(c => c)];
            if (all.Length == 0)
            {
                break;
            }

            all.GroupBy(m => m.RunId).Should().OnlyContain(g => g.Count() == 1, "a run's messages go out one at a time");
            await Task.WhenAll(claims.SelectMany((batch, h) => batch.Select(m => hosts[(h + 1) % 3].CompleteMessageAsync(m).AsTask())));
            delivered.AddRange(all.Select(m => m.Id));
        }

        delivered.Should().HaveCount(60).And.OnlyHaveUniqueItems();
        foreach (IGrouping<string, string> run in delivered.GroupBy(id => id[..3]))
        {
            run.Should().Equal($"{run.Key}/0", $"{run.Key}/1", $"{run.Key}/2");
        }
    }

    [PostgresFact]
    public async Task LockGrantAsync_TwoHosts_TheSecondWaitsUntilTheFirstReleases()
    {
        PostgreSqlSymStore a = Open(), b = Open();
        IAsyncDisposable held = await a.LockGrantAsync("custom_access\nprod\nALICE");

        Task<IAsyncDisposable> waiting = b.LockGrantAsync("custom_access\nprod\nALICE").AsTask();
        IAsyncDisposable other = await b.LockGrantAsync("custom_access\nprod\nBOB");
        await other.DisposeAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        waiting.IsCompleted.Should().BeFalse("the first host holds alice's grant (bob's is another)");

        await held.DisposeAsync();
        await (await waiting).DisposeAsync();
    }

    [PostgresFact]
    public async Task LockGrantAsync_HoldersConnectionDies_TheLockIsReleased()
    {
        PostgreSqlSymStore a = Open(applicationName: "sym-lock-holder"), b = Open();
        IAsyncDisposable held = await a.LockGrantAsync("custom_access\nprod\nALICE");

        // What the server does when a host is killed: its session ends, and its locks with it.
        await database.ScalarAsync("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'sym-lock-holder';");

        await (await b.LockGrantAsync("custom_access\nprod\nALICE")).DisposeAsync();
        await held.DisposeAsync(); // releasing a lock whose connection died is quiet
    }

    [PostgresFact]
    public async Task Operations_AfterTheServerDroppedEveryPooledConnection_SucceedOnNewOnesAndCommitOnce()
    {
        PostgreSqlSymStore store = Open(applicationName: "sym-dropped");
        await store.CommitAsync(new SymRunTransition { Run = Bare("r1"), Audit = [Entry("r1", "request")] });
        await store.GetRunAsync("r1");

        await database.ScalarAsync("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'sym-dropped';");
        bool committed = await store.CommitAsync(new SymRunTransition
        {
            Run = Bare("r1") with { Version = 2, State = SymRunState.Escalating }, ExpectedVersion = 1, Audit = [Entry("r1", "approve")],
        });

        committed.Should().BeTrue();
        (await store.GetRunAsync("r1"))!.Version.Should().Be(2);
        (await database.ScalarAsync("SELECT string_agg(step, ',' ORDER BY sequence) FROM sym_audit;", _schema)).Should().Be("request,approve");
    }

    [PostgresFact]
    public async Task InitializeAsync_WrongPassword_FailsWithoutSayingThePassword()
    {
        const string password = "wrong-password-must-not-leak";
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = password };
        await using var store = new PostgreSqlSymStore(new PostgreSqlSymStoreOptions { ConnectionString = builder.ConnectionString, Schema = _schema });

        Func<Task> act = () => store.InitializeAsync();

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be("Storage:AUTHENTICATION_FAILED");
        error.ToString().Should().NotContain(password);
    }

    [PostgresFact]
    public async Task InitializeAsync_NoServerListening_RetriesThenFailsUnavailableWithoutSayingThePassword()
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = 1, Password = "secret-that-must-not-leak", Timeout = 2 };
        await using var store = new PostgreSqlSymStore(new PostgreSqlSymStoreOptions
        {
            ConnectionString = builder.ConnectionString, Schema = _schema, TransientRetryTimeout = TimeSpan.FromMilliseconds(300),
        });

        Func<Task> act = () => store.InitializeAsync();

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be("Storage:UNAVAILABLE");
        error.Message.Should().Contain("127.0.0.1:1/");
        error.ToString().Should().NotContain("secret-that-must-not-leak");
    }

    [Fact]
    public void Constructor_InvalidConnectionString_SaysSoWithoutRepeatingIt()
    {
        Action act = () => _ = new PostgreSqlSymStore(new PostgreSqlSymStoreOptions { ConnectionString = "Host=x;Password=leak-me;Bogus Key=1" });

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("not a valid Npgsql connection string").And.NotContain("leak-me");
    }

    private PostgreSqlSymStore Open(string? applicationName = null)
    {
        PostgreSqlSymStore store = applicationName is null
            ? database.Open(_schema)
            : new PostgreSqlSymStore(new PostgreSqlSymStoreOptions
            {
                ConnectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = applicationName }.ConnectionString,
                Schema = _schema,
            });
        _stores.Add(store);
        return store;
    }

    private static SymAuditEntry Entry(string runId, string step) => new()
    {
        RunId = runId, Flow = "custom_access", Step = step, Actor = "a@example.com", Requester = "req@example.com", Timestamp = T0, Outcome = SymAuditOutcome.Applied,
    };
}
