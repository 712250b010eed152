using System.Runtime.CompilerServices;
using Npgsql;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql;

/// <content>
/// Timers with leases, scheduled and cancelled by <see cref="CommitAsync"/> with the step that needs them. A claim takes the
/// earliest due, unleased timers with <c>FOR UPDATE SKIP LOCKED</c> (hosts claiming at once take different timers and never
/// wait for each other), stamps them with a fresh token and the lease's end, and returns them. Completing (alone, or as a
/// commit's <see cref="SymRunTransition.Fired"/>) deletes a timer only while it still carries the claim's token;
/// rescheduling resets the token, so a replaced timer survives the old claim's completion.
/// </content>
public sealed partial class PostgreSqlSymStore
{
    private const string TimerColumns = "run_id, kind, due_at, argument, claim_token, claimed_until";

    private const string ScheduleTimerSql =
        """
        INSERT INTO sym_timers (run_id, kind, due_at, argument, claim_token, claimed_until) VALUES ($1, $2, $3, $4, 0, NULL)
        ON CONFLICT (run_id, kind) DO UPDATE SET due_at = excluded.due_at, argument = excluded.argument, claim_token = 0, claimed_until = NULL;
        """;

    private const string CancelTimerSql = "DELETE FROM sym_timers WHERE run_id = $1 AND kind = $2;";

    internal const string ClaimTimersSql =
        $"""
        WITH due AS (
            SELECT run_id, kind FROM sym_timers
            WHERE due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
            ORDER BY due_at LIMIT $2
            FOR UPDATE SKIP LOCKED),
        token AS (SELECT nextval('sym_claim_tokens') AS value)
        UPDATE sym_timers t SET claim_token = token.value, claimed_until = $3
        FROM due, token WHERE t.run_id = due.run_id AND t.kind = due.kind
        RETURNING t.run_id, t.kind, t.due_at, t.argument, t.claim_token, t.claimed_until;
        """;

    internal const string CompleteTimerSql = "DELETE FROM sym_timers WHERE run_id = $1 AND kind = $2 AND claim_token = $3 AND claim_token <> 0;";

    internal const string GetTimersSql = $"SELECT {TimerColumns} FROM sym_timers WHERE run_id = $1 ORDER BY due_at;";

    private static NpgsqlBatchCommand CompleteTimerStatement(SymTimer timer) =>
        Statement(CompleteTimerSql, Text(timer.RunId), P((short)timer.Kind), P(timer.ClaimToken));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return RunAsync((now, maxCount, lease), static async (connection, s, ct) =>
        {
            using NpgsqlCommand claim = Command(connection, ClaimTimersSql, P(Ticks(s.now)), P((long)s.maxCount), P(Ticks(s.now + s.lease)));
            var claimed = new List<SymTimer>();
            NpgsqlDataReader reader = await claim.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    claimed.Add(ReadTimer(reader));
                }
            }

            // RETURNING gives rows in no particular order.
            claimed.Sort(static (a, b) => a.DueAt != b.DueAt ? a.DueAt.CompareTo(b.DueAt) : string.CompareOrdinal(a.Id, b.Id));
            return (IReadOnlyList<SymTimer>)claimed;
        }, idempotent: false, "claiming due timers", cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.ClaimToken == 0)
        {
            return;
        }

        await RunAsync(timer, static async (connection, t, ct) =>
        {
            using NpgsqlCommand command = Command(connection, CompleteTimerSql, Text(t.RunId), P((short)t.Kind), P(t.ClaimToken));
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, idempotent: true, "completing a timer", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymTimer>> GetTimersAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return RunAsync(runId, static async (connection, id, ct) =>
        {
            using NpgsqlCommand command = Command(connection, GetTimersSql, Text(id));
            var timers = new List<SymTimer>();
            NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerDisposal = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                timers.Add(ReadTimer(reader));
            }

            return (IReadOnlyList<SymTimer>)timers;
        }, idempotent: true, "reading timers", cancellationToken);
    }

    private static SymTimer ReadTimer(NpgsqlDataReader r) => new()
    {
        RunId = r.GetString(0),
        Kind = (SymTimerKind)r.GetInt16(1),
        DueAt = Time(r.GetInt64(2)),
        Argument = r.GetInt32(3),
        ClaimToken = r.GetInt64(4),
        ClaimedUntil = r.IsDBNull(5) ? null : Time(r.GetInt64(5)),
    };
}
