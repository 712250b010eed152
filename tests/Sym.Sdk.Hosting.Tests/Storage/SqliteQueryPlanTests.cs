using Microsoft.Data.Sqlite;
using SQLitePCL;
using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;
using static Sym.Sdk.Hosting.Tests.Storage.SampleRuns;

namespace Sym.Sdk.Hosting.Tests.Storage;

/// <summary>
/// How SQLite runs the store's hot statements (EXPLAIN QUERY PLAN over a file holding enough rows, analyzed): each reads a
/// range of an index, never a whole table or index; and what the dispatcher's statements cost when many messages wait
/// behind each run's first (virtual-machine steps, counted by SQLite: deterministic).
/// </summary>
public sealed class SqliteQueryPlanTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly SqliteSymStore _store;

    public SqliteQueryPlanTests()
    {
        _store = new SqliteSymStore(new SqliteSymStoreOptions { Path = _database.Path });
    }

    public void Dispose()
    {
        _store.Dispose();
        _database.Dispose();
    }

    public static TheoryData<string, string> QueryRunsPlans => new()
    {
        { "requester", "sym_runs_requester " },
        { "requester,cursor", "sym_runs_requester " },
        { "requester,state", "sym_runs_requester_state " },
        { "requester,state,cursor", "sym_runs_requester_state " },
    };

    [Theory]
    [MemberData(nameof(QueryRunsPlans))]
    public async Task QueryRunsAsync_ByRequester_ReadsOneIndexRangeInOrder(string shape, string index)
    {
        for (int i = 0; i < 50; i++)
        {
            await _store.TryCreateRunAsync(Bare($"r{i}", T0.AddMinutes(i), (SymRunState)(i % 9)) with { Requester = new User { Username = $"user{i % 5}@example.com" } });
        }

        var query = new SymRunQuery
        {
            Requester = "user1@example.com",
            State = shape.Contains("state", StringComparison.Ordinal) ? SymRunState.Pending : null,
            RequestedBefore = shape.Contains("cursor", StringComparison.Ordinal) ? T0.AddMinutes(30) : null,
        };

        string plan = Plan(SqliteSymStore.QueryRunsStatementFor(query));
        plan.Should().Contain($"USING INDEX {index}").And.Contain("requester_key=?");
        plan.Should().NotContain("TEMP B-TREE", "the index gives the order; nothing is sorted");
        ShouldReadOnlyIndexRanges(plan);
        if (query.RequestedBefore is not null)
        {
            plan.Should().Contain("(requested_at,id)<(?,?)", "the cursor is a range on the index, not a filter after it");
        }
    }

    public static TheoryData<string, string> OutboxPlans => new()
    {
        { nameof(SqliteSymStore.AnyDueMessageSql), "SEARCH sym_outbox USING COVERING INDEX sym_outbox_ready (available_at<?)" },
        { nameof(SqliteSymStore.ClaimMessagesSql), "SEARCH sym_outbox USING COVERING INDEX sym_outbox_ready (available_at<?)" },
        { nameof(SqliteSymStore.EnqueueMessageSql), "SEARCH sym_outbox USING COVERING INDEX sym_outbox_order (order_key=?)" },
        { nameof(SqliteSymStore.PendingRunMessagesSql), "SEARCH sym_outbox USING INDEX sym_outbox_order (order_key=?)" },
        { nameof(SqliteSymStore.CompleteMessageSql), "SEARCH sym_outbox USING INDEX sqlite_autoindex_sym_outbox_1 (id=?)" },
        { nameof(SqliteSymStore.RetryMessageSql), "SEARCH sym_outbox USING INDEX sqlite_autoindex_sym_outbox_1 (id=?)" },
    };

    [Theory]
    [MemberData(nameof(OutboxPlans))]
    public async Task OutboxStatements_OverAFullOutbox_ReadOnlyIndexRanges(string statement, string expected)
    {
        await FillOutboxAsync(runs: 40, messagesPerRun: 25);
        string plan = Plan(Statement(statement));
        plan.Should().Contain(expected);
        ShouldReadOnlyIndexRanges(plan);
    }

    [Fact]
    public async Task OutboxHeadPromotion_WhenAHeadIsDeleted_FindsTheNextByIndex()
    {
        await FillOutboxAsync(runs: 40, messagesPerRun: 25);

        // The statement sym_outbox_next runs for each deleted head (a trigger's body cannot be explained on its own).
        string plan = Plan("UPDATE sym_outbox SET head = 1 WHERE seq = (SELECT min(seq) FROM sym_outbox WHERE order_key = ?);");
        plan.Should().Contain("SEARCH sym_outbox USING COVERING INDEX sym_outbox_order (order_key=?)");
        ShouldReadOnlyIndexRanges(plan);
    }

    [Fact]
    public async Task ClaimDueMessages_ManyMessagesWaitingBehindEachHead_CostsWhatItCostsWithNone()
    {
        // The same 20 claimable heads, with nothing behind them, then with 100 due messages waiting behind each (2,000 rows
        // a claim must never visit). SQLite counts the virtual-machine steps each statement takes.
        await FillOutboxAsync(runs: 20, messagesPerRun: 1);
        long probeFew = Steps(SqliteSymStore.AnyDueMessageSql, ("$now", T0.AddHours(1).UtcTicks));
        long claimFew = Steps(ClaimQuery, ("$now", T0.AddHours(1).UtcTicks), ("$max", 100L));

        await FillOutboxAsync(runs: 20, messagesPerRun: 100, firstMessage: 1);
        long probeMany = Steps(SqliteSymStore.AnyDueMessageSql, ("$now", T0.AddHours(1).UtcTicks));
        long claimMany = Steps(ClaimQuery, ("$now", T0.AddHours(1).UtcTicks), ("$max", 100L));

        probeMany.Should().Be(probeFew, "the probe stops at the first claimable head");
        claimMany.Should().Be(claimFew, "a claim reads the claimable heads only");
    }

    [Fact]
    public async Task AnyDueMessage_EveryHeadBackingOff_IsAnsweredWithoutTouchingTheMessagesBehind()
    {
        // Each run's first message failed and waits for its retry; the messages behind it are due but not claimable, so
        // the dispatcher's probe must say "nothing" (and the poll take no write lock).
        await FillOutboxAsync(runs: 10, messagesPerRun: 20);
        IReadOnlyList<SymOutboxMessage> heads = await _store.ClaimDueMessagesAsync(T0, 100, TimeSpan.FromMinutes(1));
        heads.Should().HaveCount(10);
        foreach (SymOutboxMessage head in heads)
        {
            await _store.RetryMessageAsync(head, T0.AddHours(1), "Slack:RATE_LIMITED");
        }

        long commits = _store.Commits;
        (await _store.ClaimDueMessagesAsync(T0.AddMinutes(30), 100, TimeSpan.FromMinutes(1))).Should().BeEmpty();
        _store.Commits.Should().Be(commits, "the probe answered from a reader");
        Steps(SqliteSymStore.AnyDueMessageSql, ("$now", T0.AddMinutes(30).UtcTicks)).Should().BeLessThan(20, "no row behind a head is read");
    }

    public static TheoryData<string, string> TimerAndInboxPlans => new()
    {
        { nameof(SqliteSymStore.AnyDueTimerSql), "SEARCH sym_timers USING INDEX sym_timers_due (due_at<?)" },
        { nameof(SqliteSymStore.ClaimTimersSql), "SEARCH sym_timers USING INDEX sym_timers_due (due_at<?)" },
        { nameof(SqliteSymStore.AnyInboxItemSql), "SEARCH sym_inbox USING INDEX sym_inbox_claimable (claimed_until<?)" },
        { nameof(SqliteSymStore.ClaimInboxItemsSql), "SEARCH sym_inbox USING INDEX sym_inbox_claimable (claimed_until<?)" },
        { nameof(SqliteSymStore.PurgeInboxSql), "SEARCH sym_inbox USING INDEX sym_inbox_processed (processed_at<?)" },
        { nameof(SqliteSymStore.CompleteInboxItemSql), "SEARCH sym_inbox USING INDEX sqlite_autoindex_sym_inbox_1 (id=?)" },
    };

    [Theory]
    [MemberData(nameof(TimerAndInboxPlans))]
    public async Task TimerAndInboxStatements_OverFullTables_ReadOnlyIndexRanges(string statement, string expected)
    {
        for (int i = 0; i < 200; i++)
        {
            string id = $"r{i:000}";
            await _store.CommitAsync(new SymRunTransition { Run = Bare(id), ScheduleTimers = [new SymTimer { RunId = id, Kind = SymTimerKind.Deescalate, DueAt = T0.AddMinutes(i) }] });
            SymInboxItem item = (await _store.TryAddInboxItemAsync(new SymInboxItem { Id = id, Source = "s", Body = "b", ReceivedAt = T0.AddSeconds(i) }, T0, TimeSpan.FromMinutes(1)))!;
            if (i % 4 != 0)
            {
                await _store.CompleteInboxItemAsync(item, T0.AddSeconds(i));
            }
        }

        string plan = Plan(Statement(statement));
        plan.Should().Contain(expected);
        ShouldReadOnlyIndexRanges(plan);
    }

    private const string ClaimQuery = "SELECT seq FROM sym_outbox WHERE head = 1 AND available_at <= $now ORDER BY available_at, seq LIMIT $max;";

    private static SqliteStatement Statement(string name) =>
        (SqliteStatement)typeof(SqliteSymStore).GetField(name, System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!.GetValue(null)!;

    /// <summary>Commits <paramref name="messagesPerRun"/> messages for each of <paramref name="runs"/> runs, all due at T0.</summary>
    private async Task FillOutboxAsync(int runs, int messagesPerRun, int firstMessage = 0)
    {
        for (int r = 0; r < runs; r++)
        {
            SymOutboxMessage[] messages = [.. Enumerable.Range(firstMessage, messagesPerRun).Select(m => new SymOutboxMessage
            {
                Id = $"r{r:000}/{m:000}", Kind = SymNotificationKind.Update, RunId = $"r{r:000}", Update = new SymRunUpdate(SymRunUpdateKind.Approved),
                CreatedAt = T0, DueAt = T0,
            })];
            await _store.CommitAsync(new SymRunTransition { Messages = messages });
        }

        _database.Execute("ANALYZE;");
    }

    private string Plan(SqliteStatement statement) => Plan(statement.Sql);

    private string Plan(string sql)
    {
        using SqliteConnection connection = _database.Open();
        using SqliteCommand explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        using (SqliteDataReader reader = explain.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        return string.Join(" | ", plan);
    }

    /// <summary>No full scan of a table ("SCAN t") or of an index ("SCAN t USING INDEX i"); EXISTS's one constant row is no table.</summary>
    private static void ShouldReadOnlyIndexRanges(string plan) =>
        plan.Split(" | ").Should().NotContain(step => step.StartsWith("SCAN ", StringComparison.Ordinal) && step != "SCAN CONSTANT ROW",
            $"no step scans a whole table or index: {plan}");

    private long Steps(SqliteStatement statement, params (string Name, long Value)[] parameters) => Steps(statement.Sql, parameters);

    /// <summary>Runs a read-only statement to its end and returns the virtual-machine steps SQLite counted for it.</summary>
    private long Steps(string sql, params (string Name, long Value)[] parameters)
    {
        using SqliteConnection connection = _database.Open();
        sqlite3 db = connection.Handle!;
        raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt).Should().Be(raw.SQLITE_OK);
        using (stmt)
        {
            foreach ((string name, long value) in parameters)
            {
                raw.sqlite3_bind_int64(stmt, raw.sqlite3_bind_parameter_index(stmt, name), value);
            }

            while (raw.sqlite3_step(stmt) == raw.SQLITE_ROW)
            {
            }

            return raw.sqlite3_stmt_status(stmt, raw.SQLITE_STMTSTATUS_VM_STEP, 0);
        }
    }
}
