using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Storage;

/// <content>
/// The outbox: messages in commit order (<c>seq</c>), claimed with leases like timers. Only each order key's head (its
/// oldest message) is claimable, so a run's messages are delivered in order; the probe and the claim read the claimable
/// heads from the partial index <c>sym_outbox_ready</c> (by <c>available_at</c>), never the messages waiting behind them.
/// Completing or retrying needs the claim's token; deleting a head passes the headship on (trigger <c>sym_outbox_next</c>).
/// </content>
public sealed partial class SqliteSymStore
{
    private const string MessageColumns = "id, order_key, run_id, kind, run_version, run_data, data, created_at, due_at, attempts, last_error, claim_token, claimed_until";

    internal static readonly SqliteStatement EnqueueMessageSql = new(
        """
        INSERT INTO sym_outbox (id, order_key, head, available_at, run_id, kind, run_version, run_data, data, created_at, due_at)
        VALUES ($id, $order_key, NOT EXISTS (SELECT 1 FROM sym_outbox WHERE order_key = $order_key), $due_at, $run_id, $kind, $run_version, $run_data,
            $data, $created_at, $due_at);
        """,
        "$id", "$order_key", "$run_id", "$kind", "$run_version", "$run_data", "$data", "$created_at", "$due_at");

    internal static readonly SqliteStatement AnyDueMessageSql = new(
        "SELECT EXISTS (SELECT 1 FROM sym_outbox WHERE head = 1 AND available_at <= $now);", "$now");

    private static readonly SqliteStatement NextMessageClaimTokenSql = new("SELECT value + 1 FROM sym_counters WHERE name = 'outbox_claim_token';");

    private static readonly SqliteStatement TakeMessageClaimTokenSql = new("UPDATE sym_counters SET value = $token WHERE name = 'outbox_claim_token';", "$token");

    internal static readonly SqliteStatement ClaimMessagesSql = new(
        $"""
        UPDATE sym_outbox SET claim_token = $token, claimed_until = $until, available_at = $until, attempts = attempts + 1
        WHERE seq IN (SELECT seq FROM sym_outbox WHERE head = 1 AND available_at <= $now ORDER BY available_at, seq LIMIT $max)
        RETURNING seq, {MessageColumns};
        """,
        "$token", "$until", "$now", "$max");

    internal static readonly SqliteStatement CompleteMessageSql = new(
        "DELETE FROM sym_outbox WHERE id = $id AND claim_token = $token AND claim_token <> 0;", "$id", "$token");

    internal static readonly SqliteStatement RetryMessageSql = new(
        """
        UPDATE sym_outbox SET due_at = $due_at, available_at = $due_at, last_error = $error, claim_token = 0, claimed_until = NULL
        WHERE id = $id AND claim_token = $token AND claim_token <> 0;
        """,
        "$id", "$token", "$due_at", "$error");

    private static readonly SqliteStatement PendingMessagesSql = new($"SELECT seq, {MessageColumns} FROM sym_outbox ORDER BY seq;");

    // A run's messages all have its id as their order key: one range of sym_outbox_order, in seq order.
    internal static readonly SqliteStatement PendingRunMessagesSql = new(
        $"SELECT seq, {MessageColumns} FROM sym_outbox WHERE order_key = $run_id AND run_id = $run_id ORDER BY seq;", "$run_id");

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SymOutboxMessage>> ClaimDueMessagesAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);

        // Most dispatcher polls find nothing due: answer those from a reader, without taking the write lock or syncing.
        bool anyDue = await ReadAsync(now, static (session, n) =>
        {
            SqliteCommand command = session.Command(AnyDueMessageSql);
            Set(command, 0, Ticks(n));
            return (long)command.ExecuteScalar()! != 0;
        }, "looking for due messages", cancellationToken).ConfigureAwait(false);
        if (!anyDue)
        {
            return [];
        }

        string path = Path;
        return await WriteAsync((now, maxCount, lease, path), static (writer, s) =>
        {
            long token = (long)writer.Command(NextMessageClaimTokenSql).ExecuteScalar()!;
            SqliteCommand claim = writer.Command(ClaimMessagesSql);
            Set(claim, 0, token);
            Set(claim, 1, Ticks(s.now + s.lease));
            Set(claim, 2, Ticks(s.now));
            Set(claim, 3, s.maxCount);
            var rows = new List<(long Seq, SymOutboxMessage Message)>();
            using (SqliteDataReader reader = claim.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), ReadMessage(reader, 1, s.path)));
                }
            }

            if (rows.Count > 0)
            {
                SqliteCommand take = writer.Command(TakeMessageClaimTokenSql);
                Set(take, 0, token);
                take.ExecuteNonQuery();
            }

            // RETURNING gives rows in no particular order: oldest first, as the query chose them.
            rows.Sort(static (a, b) => a.Message.DueAt != b.Message.DueAt ? a.Message.DueAt.CompareTo(b.Message.DueAt) : a.Seq.CompareTo(b.Seq));
            return (IReadOnlyList<SymOutboxMessage>)[.. rows.Select(static r => r.Message)];
        }, "claiming due messages", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask CompleteMessageAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ClaimToken == 0)
        {
            return;
        }

        await WriteAsync(message, static (writer, m) =>
        {
            CompleteMessage(writer, m);
            return 0;
        }, "completing a message", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RetryMessageAsync(SymOutboxMessage message, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(error);
        if (message.ClaimToken == 0)
        {
            return;
        }

        await WriteAsync((message, dueAt, error), static (writer, s) =>
        {
            SqliteCommand command = writer.Command(RetryMessageSql);
            Set(command, 0, s.message.Id);
            Set(command, 1, s.message.ClaimToken);
            Set(command, 2, Ticks(s.dueAt));
            Set(command, 3, s.error);
            return command.ExecuteNonQuery();
        }, "retrying a message", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymOutboxMessage>> GetPendingMessagesAsync(string? runId = null, CancellationToken cancellationToken = default)
    {
        return ReadAsync((runId, Path), static (session, s) =>
        {
            SqliteCommand command = session.Command(s.runId is null ? PendingMessagesSql : PendingRunMessagesSql);
            if (s.runId is not null)
            {
                Set(command, 0, s.runId);
            }

            var messages = new List<SymOutboxMessage>();
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                messages.Add(ReadMessage(reader, 1, s.Path));
            }

            return (IReadOnlyList<SymOutboxMessage>)messages;
        }, "reading the outbox", cancellationToken);
    }

    private static void EnqueueMessage(SqliteSession writer, SymOutboxMessage m, MessageData data)
    {
        SqliteCommand command = writer.Command(EnqueueMessageSql);
        Set(command, 0, m.Id);
        Set(command, 1, m.OrderKey);
        Set(command, 2, m.RunId);
        Set(command, 3, (int)m.Kind);
        Set(command, 4, m.Run?.Version);
        Set(command, 5, data.RunData);
        Set(command, 6, data.Data);
        Set(command, 7, Ticks(m.CreatedAt));
        Set(command, 8, Ticks(m.DueAt));
        command.ExecuteNonQuery();
    }

    private static void CompleteMessage(SqliteSession writer, SymOutboxMessage m)
    {
        SqliteCommand command = writer.Command(CompleteMessageSql);
        Set(command, 0, m.Id);
        Set(command, 1, m.ClaimToken);
        command.ExecuteNonQuery();
    }

    /// <summary>Reads the message columns (<see cref="MessageColumns"/>) starting at <paramref name="first"/>.</summary>
    private static SymOutboxMessage ReadMessage(SqliteDataReader r, int first, string path)
    {
        string id = r.GetString(first);
        try
        {
            SymRun? run = r.IsDBNull(first + 5) ? null : RunDocuments.Deserialize(r.GetString(first + 5), r.GetInt64(first + 4));
            var message = new SymOutboxMessage
            {
                Id = id,
                RunId = r.IsDBNull(first + 2) ? null : r.GetString(first + 2),
                Kind = (SymNotificationKind)r.GetInt32(first + 3),
                Run = run,
                CreatedAt = Time(r.GetInt64(first + 7)),
                DueAt = Time(r.GetInt64(first + 8)),
                Attempts = r.GetInt32(first + 9),
                LastError = r.IsDBNull(first + 10) ? null : r.GetString(first + 10),
                ClaimToken = r.GetInt64(first + 11),
                ClaimedUntil = r.IsDBNull(first + 12) ? null : Time(r.GetInt64(first + 12)),
            };
            return RunDocuments.DeserializeMessage(message, r.GetString(first + 6));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw StorageErrors.UnreadableMessage(path, id, ex);
        }
    }
}
