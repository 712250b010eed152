using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Storage;

/// <content>
/// Timers with leases, scheduled and cancelled by <see cref="CommitAsync"/> with the step that needs them. A claim runs in a write transaction (which holds SQLite's write lock): it takes a fresh token from
/// a counter and stamps it with the lease's end on the due, unleased timers, so two processes racing for one timer cannot
/// both get it.
/// Completing (alone, or as a commit's <see cref="SymRunTransition.Fired"/>) deletes the timer only while it still carries
/// the claim's token, never an unclaimed one; rescheduling resets the token, so a replaced timer survives the old claim's
/// completion.
/// </content>
public sealed partial class SqliteSymStore
{
    private const string TimerColumns = "run_id, kind, due_at, argument, claim_token, claimed_until";

    private static readonly SqliteStatement ScheduleTimerSql = new(
        """
        INSERT INTO sym_timers (run_id, kind, due_at, argument, claim_token, claimed_until) VALUES ($run_id, $kind, $due_at, $argument, 0, NULL)
        ON CONFLICT (run_id, kind) DO UPDATE SET due_at = excluded.due_at, argument = excluded.argument, claim_token = 0, claimed_until = NULL;
        """,
        "$run_id", "$kind", "$due_at", "$argument");

    private static readonly SqliteStatement CancelTimerSql = new("DELETE FROM sym_timers WHERE run_id = $run_id AND kind = $kind;", "$run_id", "$kind");

    internal static readonly SqliteStatement AnyDueTimerSql = new(
        "SELECT EXISTS (SELECT 1 FROM sym_timers WHERE due_at <= $now AND (claimed_until IS NULL OR claimed_until <= $now));", "$now");

    private static readonly SqliteStatement NextClaimTokenSql = new("SELECT value + 1 FROM sym_counters WHERE name = 'claim_token';");

    private static readonly SqliteStatement TakeClaimTokenSql = new("UPDATE sym_counters SET value = $token WHERE name = 'claim_token';", "$token");

    internal static readonly SqliteStatement ClaimTimersSql = new(
        $"""
        UPDATE sym_timers SET claim_token = $token, claimed_until = $until
        WHERE (run_id, kind) IN (
            SELECT run_id, kind FROM sym_timers
            WHERE due_at <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
            ORDER BY due_at LIMIT $max)
        RETURNING {TimerColumns};
        """,
        "$token", "$until", "$now", "$max");

    private static readonly SqliteStatement CompleteTimerSql = new(
        "DELETE FROM sym_timers WHERE run_id = $run_id AND kind = $kind AND claim_token = $token AND claim_token <> 0;", "$run_id", "$kind", "$token");

    private static readonly SqliteStatement GetTimersSql = new(
        $"SELECT {TimerColumns} FROM sym_timers WHERE run_id = $run_id ORDER BY due_at;", "$run_id");

    private static void ScheduleTimer(SqliteSession writer, SymTimer t)
    {
        SqliteCommand command = writer.Command(ScheduleTimerSql);
        Set(command, 0, t.RunId);
        Set(command, 1, (int)t.Kind);
        Set(command, 2, Ticks(t.DueAt));
        Set(command, 3, t.Argument);
        command.ExecuteNonQuery();
    }

    private static void CancelTimer(SqliteSession writer, string runId, SymTimerKind kind)
    {
        SqliteCommand command = writer.Command(CancelTimerSql);
        Set(command, 0, runId);
        Set(command, 1, (int)kind);
        command.ExecuteNonQuery();
    }

    private static void CompleteTimer(SqliteSession writer, SymTimer t)
    {
        SqliteCommand command = writer.Command(CompleteTimerSql);
        Set(command, 0, t.RunId);
        Set(command, 1, (int)t.Kind);
        Set(command, 2, t.ClaimToken);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);

        // Most scheduler ticks find nothing due: answer those from a reader, without taking the write lock or syncing.
        bool anyDue = await ReadAsync(now, static (session, n) =>
        {
            SqliteCommand command = session.Command(AnyDueTimerSql);
            Set(command, 0, Ticks(n));
            return (long)command.ExecuteScalar()! != 0;
        }, "looking for due timers", cancellationToken).ConfigureAwait(false);
        if (!anyDue)
        {
            return [];
        }

        // Runs inside the writer's transaction, which holds SQLite's write lock: no other process claims in between.
        return await WriteAsync((now, maxCount, lease), static (writer, s) =>
        {
            long token = (long)writer.Command(NextClaimTokenSql).ExecuteScalar()!;
            SqliteCommand claim = writer.Command(ClaimTimersSql);
            Set(claim, 0, token);
            Set(claim, 1, Ticks(s.now + s.lease));
            Set(claim, 2, Ticks(s.now));
            Set(claim, 3, s.maxCount);
            var claimed = new List<SymTimer>();
            using (SqliteDataReader reader = claim.ExecuteReader())
            {
                while (reader.Read())
                {
                    claimed.Add(ReadTimer(reader));
                }
            }

            // Another process may have been faster: take the token only when it was used.
            if (claimed.Count > 0)
            {
                SqliteCommand take = writer.Command(TakeClaimTokenSql);
                Set(take, 0, token);
                take.ExecuteNonQuery();
            }

            // RETURNING gives rows in no particular order.
            claimed.Sort(static (a, b) => a.DueAt != b.DueAt ? a.DueAt.CompareTo(b.DueAt) : string.CompareOrdinal(a.Id, b.Id));
            return (IReadOnlyList<SymTimer>)claimed;
        }, "claiming due timers", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.ClaimToken == 0)
        {
            return;
        }

        await WriteAsync(timer, static (writer, t) =>
        {
            CompleteTimer(writer, t);
            return 0;
        }, "completing a timer", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return ReadAsync(runId, static (session, id) =>
        {
            SqliteCommand command = session.Command(GetTimersSql);
            Set(command, 0, id);
            var timers = new List<SymTimer>();
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                timers.Add(ReadTimer(reader));
            }

            return (IReadOnlyList<SymTimer>)timers;
        }, "reading timers", cancellationToken);
    }

    private static SymTimer ReadTimer(SqliteDataReader r) => new()
    {
        RunId = r.GetString(0),
        Kind = (SymTimerKind)r.GetInt32(1),
        DueAt = Time(r.GetInt64(2)),
        Argument = r.GetInt32(3),
        ClaimToken = r.GetInt64(4),
        ClaimedUntil = r.IsDBNull(5) ? null : Time(r.GetInt64(5)),
    };
}
