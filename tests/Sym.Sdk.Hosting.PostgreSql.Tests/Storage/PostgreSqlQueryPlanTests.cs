using Npgsql;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql.Tests.Storage;

/// <summary>
/// How PostgreSQL runs every query the engine, the API and the scheduler make (EXPLAIN over a schema holding tens of
/// thousands of rows, analyzed, shaped like a store in service: most runs ended, most timers in the future, most outbox
/// messages waiting behind their run's first, most inbox items processed): each reads a range of the index named, never a
/// whole table, and the run listings never sort.
/// </summary>
public sealed class PostgreSqlQueryPlanTests(PostgreSqlQueryPlanTests.FilledSchema schema) : IClassFixture<PostgreSqlQueryPlanTests.FilledSchema>
{
    private static readonly long Now = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero).UtcTicks;

    public static TheoryData<string, string> Plans => new()
    {
        { "get run", "sym_runs_pkey" },
        { "my requests", "sym_runs_requester" },
        { "my requests, next page", "sym_runs_requester" },
        { "my requests in a state", "sym_runs_requester_state" },
        { "my requests in a state, next page", "sym_runs_requester_state" },
        { "pending approvals", "sym_runs_state" },
        { "pending approvals, next page", "sym_runs_state" },
        { "newest runs", "sym_runs_requested_at" },
        { "runs in a state (reconcile)", "sym_runs_state" },
        { "audit of a run", "sym_audit_run" },
        { "audit of a user", "sym_audit_actor" },
        { "audit of a user (as requester)", "sym_audit_requester" },
        { "audit of a target", "sym_audit_target" },
        { "audit since a time", "sym_audit_timestamp" },
        { "a run's timers", "sym_timers_pkey" },
        { "claim due timers", "sym_timers_due" },
        { "complete a timer", "sym_timers_pkey" },
        { "claim due messages", "sym_outbox_ready" },
        { "complete a message", "sym_outbox_id_key" },
        { "promote the next head", "sym_outbox_order" },
        { "enqueue a message", "sym_outbox_order" },
        { "a run's pending messages", "sym_outbox_order" },
        { "claim lapsed inbox items", "sym_inbox_claimable" },
        { "complete an inbox item", "sym_inbox_pkey" },
        { "purge the inbox", "sym_inbox_processed" },
    };

    [PostgresTheory]
    [MemberData(nameof(Plans))]
    public async Task Statement_OverAFullStore_ReadsOnlyARangeOfItsIndex(string query, string index)
    {
        (string sql, NpgsqlParameter[] parameters) = Statement(query);

        string plan = await schema.ExplainAsync(sql, parameters);

        plan.Should().Contain(index, $"'{query}' should read {index}: {plan}");
        plan.Should().NotContain("Seq Scan", $"'{query}' should scan no whole table: {plan}");
        if (query.Contains("requests", StringComparison.Ordinal) || query.Contains("approvals", StringComparison.Ordinal) || query == "newest runs")
        {
            plan.Should().NotContain("Sort", $"'{query}' should take its order from the index: {plan}");
        }
    }

    private static (string Sql, NpgsqlParameter[] Parameters) Statement(string query)
    {
        string requester = "USER7@EXAMPLE.COM";
        return query switch
        {
            "get run" => (PostgreSqlSymStore.GetRunSql, [Text("r00042")]),
            "my requests" => Runs(new SymRunQuery { Requester = requester }, [Text(requester), Long(100)]),
            "my requests, next page" => Runs(new SymRunQuery { Requester = requester, RequestedBefore = DateTimeOffset.UnixEpoch, BeforeRunId = "r1" },
                [Text(requester), Long(Now), Text("r00042"), Long(100)]),
            "my requests in a state" => Runs(new SymRunQuery { Requester = requester, State = SymRunState.Ended }, [Text(requester), Short(SymRunState.Ended), Long(100)]),
            "my requests in a state, next page" => Runs(new SymRunQuery { Requester = requester, State = SymRunState.Ended, RequestedBefore = DateTimeOffset.UnixEpoch },
                [Text(requester), Short(SymRunState.Ended), Long(Now), Text(""), Long(100)]),
            "pending approvals" => Runs(new SymRunQuery { State = SymRunState.Pending }, [Short(SymRunState.Pending), Long(100)]),
            "pending approvals, next page" => Runs(new SymRunQuery { State = SymRunState.Pending, RequestedBefore = DateTimeOffset.UnixEpoch },
                [Short(SymRunState.Pending), Long(Now), Text("r1"), Long(100)]),
            "newest runs" => Runs(new SymRunQuery(), [Long(100)]),
            "runs in a state (reconcile)" => (PostgreSqlSymStore.ListRunsInStateSql, [Short(SymRunState.Deescalating)]),
            "audit of a run" => PostgreSqlSymStore.AuditQueryFor(new SymAuditQuery { RunId = "r00042" }),
            "audit of a user" or "audit of a user (as requester)" => PostgreSqlSymStore.AuditQueryFor(new SymAuditQuery { User = "user7@example.com" }),
            "audit of a target" => PostgreSqlSymStore.AuditQueryFor(new SymAuditQuery { Target = "t7" }),
            "audit since a time" => PostgreSqlSymStore.AuditQueryFor(new SymAuditQuery { Since = new DateTimeOffset(Now, TimeSpan.Zero).AddMinutes(-5) }),
            "a run's timers" => (PostgreSqlSymStore.GetTimersSql, [Text("r00042")]),
            "claim due timers" => (PostgreSqlSymStore.ClaimTimersSql, [Long(Now), Long(100), Long(Now + 1000)]),
            "complete a timer" => (PostgreSqlSymStore.CompleteTimerSql, [Text("r00042"), Short(SymTimerKind.Deescalate), Long(7)]),
            "claim due messages" => (PostgreSqlSymStore.ClaimMessagesSql, [Long(Now), Long(100), Long(Now + 1000)]),
            "complete a message" => (PostgreSqlSymStore.CompleteMessageSql, [Text("r00042/3"), Long(7)]),
            "promote the next head" => (PostgreSqlSymStore.PromoteHeadSql, [Text("r00042")]),
            "enqueue a message" => (PostgreSqlSymStore.EnqueueMessageSql,
                [Text("new"), Text("r00042"), Long(Now), Text("r00042"), Short(SymNotificationKind.Update), Long(null), Text(null), Text("{}"), Long(Now)]),
            "a run's pending messages" => (PostgreSqlSymStore.PendingRunMessagesSql, [Text("r00042")]),
            "claim lapsed inbox items" => (PostgreSqlSymStore.ClaimInboxItemsSql, [Long(Now), Long(100), Long(Now + 1000)]),
            "complete an inbox item" => (PostgreSqlSymStore.CompleteInboxItemSql, [Text("i00042"), Long(7), Long(Now)]),
            "purge the inbox" => (PostgreSqlSymStore.PurgeInboxSql, [Long(Now - TimeSpan.TicksPerDay * 30)]),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query, null),
        };

        static (string, NpgsqlParameter[]) Runs(SymRunQuery q, NpgsqlParameter[] p) => (PostgreSqlSymStore.QueryRunsStatementFor(q), p);
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static NpgsqlParameter Long(long? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint };

    private static NpgsqlParameter Short<T>(T value)
        where T : Enum => new() { Value = Convert.ToInt16(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Smallint };

    /// <summary>A migrated schema filled with rows by SQL (fast), analyzed; shared by the class's plans.</summary>
    public sealed class FilledSchema : IAsyncLifetime
    {
        private readonly PostgresDatabase _database = new();
        private readonly string _schema = PostgresDatabase.NewSchema("plans");

        public async Task InitializeAsync()
        {
            await _database.InitializeAsync();
            if (PostgresServer.SkipReason is not null)
            {
                return;
            }

            await using (PostgreSqlSymStore store = _database.Open(_schema))
            {
                await store.InitializeAsync();
            }

            // 60,000 runs of 50 requesters, 95% ended; 40,000 audit entries; 30,000 timers, 0.5% due; 3,000 outbox
            // messages, 10 behind each of 300 heads, 20 heads due; 5,000 inbox items, 50 unprocessed and 5 lapsed.
            long now = Now;
            await _database.ScalarAsync(
                $$"""
                INSERT INTO sym_runs (id, version, flow, state, requested_at, requester_key, data, commit_id)
                SELECT 'r' || lpad(i::text, 5, '0'), 3, 'custom_access', CASE i % 40 WHEN 0 THEN 0 WHEN 1 THEN 2 WHEN 2 THEN 3 ELSE 4 END,
                    {{now}} - (60000 - i) * 600000000::bigint, 'USER' || (i % 50) || '@EXAMPLE.COM', '{}', gen_random_uuid()
                FROM generate_series(1, 60000) i;
                INSERT INTO sym_audit (run_id, flow, step, actor, actor_key, requester, requester_key, target, timestamp, outcome)
                SELECT 'r' || lpad((i / 2)::text, 5, '0'), 'custom_access', 'request', 'user' || (i % 700) || '@example.com', 'USER' || (i % 700) || '@EXAMPLE.COM',
                    'user' || (i % 500) || '@example.com', 'USER' || (i % 500) || '@EXAMPLE.COM', 't' || (i % 50), {{now}} - (40000 - i) * 300000000::bigint, 0
                FROM generate_series(1, 40000) i;
                INSERT INTO sym_timers (run_id, kind, due_at, argument)
                SELECT 'r' || lpad(i::text, 5, '0'), 2, {{now}} + (i - 300) * 600000000::bigint, 0 FROM generate_series(1, 60000, 2) i;
                INSERT INTO sym_outbox (id, order_key, head, available_at, run_id, kind, data, created_at, due_at)
                SELECT 'r' || lpad((i / 10)::text, 5, '0') || '/' || (i % 10), 'r' || lpad((i / 10)::text, 5, '0'), i % 10 = 0,
                    CASE WHEN i % 10 = 0 AND i < 200 THEN {{now}} - 1 ELSE {{now}} + 36000000000 END,
                    'r' || lpad((i / 10)::text, 5, '0'), 4, '{}', {{now}}, {{now}}
                FROM generate_series(0, 2999) i;
                INSERT INTO sym_inbox (id, source, body, received_at, attempts, claim_token, claimed_until, processed_at)
                SELECT 'i' || lpad(i::text, 5, '0'), 'slack', 'body', {{now}} - (5000 - i) * 600000000::bigint, 1, i,
                    CASE WHEN i > 4950 THEN (CASE WHEN i > 4995 THEN {{now}} - 1 ELSE {{now}} + 1000000000 END) END,
                    CASE WHEN i <= 4950 THEN {{now}} - (5000 - i) * 600000000::bigint END
                FROM generate_series(1, 5000) i;
                ANALYZE;
                """, _schema);
        }

        public async Task<string> ExplainAsync(string sql, NpgsqlParameter[] parameters)
        {
            var builder = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { SearchPath = _schema };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("EXPLAIN " + sql.TrimEnd().TrimEnd(';'), connection);
            command.Parameters.AddRange(parameters);
            var lines = new List<string>();
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }

            return string.Join("\n", lines);
        }

        public Task DisposeAsync() => _database.DisposeAsync();
    }
}
