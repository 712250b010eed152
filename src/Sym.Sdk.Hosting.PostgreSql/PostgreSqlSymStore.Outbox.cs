using System.Runtime.CompilerServices;
using Npgsql;
using Sym.Sdk.Hosting.PostgreSql.Internal;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql;

/// <content>
/// The outbox: messages in commit order (<c>seq</c>), claimed with leases like timers. Only each order key's head (its
/// oldest message) is claimable, so a run's messages go out in order; claims read the claimable heads from the partial
/// index <c>sym_outbox_ready</c>, never the messages waiting behind them. Every transaction that adds or removes a key's
/// messages first takes a transaction-level advisory lock on the key, so a message added while the head is being removed
/// still finds or becomes the one head (hosts never see two heads of a run, or none).
/// </content>
public sealed partial class PostgreSqlSymStore
{
    private const string MessageColumns =
        "seq, id, order_key, run_id, kind, run_version, run_data, data, created_at, due_at, attempts, last_error, claim_token, claimed_until";

    private static readonly string LockOrderKeySql = FormattableString.Invariant($"SELECT pg_advisory_xact_lock({PostgreSqlSchema.LockClassOutboxKey}, hashtext($1));");

    internal const string EnqueueMessageSql =
        """
        INSERT INTO sym_outbox (id, order_key, head, available_at, run_id, kind, run_version, run_data, data, created_at, due_at)
        VALUES ($1, $2, NOT EXISTS (SELECT 1 FROM sym_outbox WHERE order_key = $2), $3, $4, $5, $6, $7, $8, $9, $3);
        """;

    internal const string ClaimMessagesSql =
        $"""
        WITH ready AS (
            SELECT seq FROM sym_outbox WHERE head AND available_at <= $1
            ORDER BY available_at, seq LIMIT $2
            FOR UPDATE SKIP LOCKED),
        token AS (SELECT nextval('sym_claim_tokens') AS value)
        UPDATE sym_outbox o SET claim_token = token.value, claimed_until = $3, available_at = $3, attempts = o.attempts + 1
        FROM ready, token WHERE o.seq = ready.seq
        RETURNING o.seq, o.id, o.order_key, o.run_id, o.kind, o.run_version, o.run_data, o.data, o.created_at, o.due_at, o.attempts,
            o.last_error, o.claim_token, o.claimed_until;
        """;

    internal const string CompleteMessageSql = "DELETE FROM sym_outbox WHERE id = $1 AND claim_token = $2 AND claim_token <> 0;";

    /// <summary>Makes a key's oldest message its head, if it is not already (after a head was removed).</summary>
    internal const string PromoteHeadSql =
        "UPDATE sym_outbox SET head = true WHERE seq = (SELECT min(seq) FROM sym_outbox WHERE order_key = $1) AND NOT head;";

    internal const string RetryMessageSql =
        """
        UPDATE sym_outbox SET due_at = $3, available_at = $3, last_error = $4, claim_token = 0, claimed_until = NULL
        WHERE id = $1 AND claim_token = $2 AND claim_token <> 0;
        """;

    private const string PendingMessagesSql = $"SELECT {MessageColumns} FROM sym_outbox ORDER BY seq;";

    // A run's messages all have its id as their order key: one range of sym_outbox_order, in seq order.
    internal const string PendingRunMessagesSql = $"SELECT {MessageColumns} FROM sym_outbox WHERE order_key = $1 AND run_id = $1 ORDER BY seq;";

    private static NpgsqlBatchCommand LockOrderKeyStatement(string key) => Statement(LockOrderKeySql, Text(key));

    private static NpgsqlBatchCommand EnqueueMessageStatement(SymOutboxMessage m, string data, string? runData) => Statement(EnqueueMessageSql,
        Text(m.Id), Text(m.OrderKey), P(Ticks(m.DueAt)), Text(m.RunId), P((short)m.Kind), Long(m.Run?.Version), Text(runData), Text(data), P(Ticks(m.CreatedAt)));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymOutboxMessage>> ClaimDueMessagesAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return RunAsync((now, maxCount, lease, store: this), static async (connection, s, ct) =>
        {
            using NpgsqlCommand claim = Command(connection, ClaimMessagesSql, P(Ticks(s.now)), P((long)s.maxCount), P(Ticks(s.now + s.lease)));
            var rows = new List<(long Seq, SymOutboxMessage Message)>();
            NpgsqlDataReader reader = await claim.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    rows.Add((reader.GetInt64(0), s.store.ReadMessage(reader)));
                }
            }

            // RETURNING gives rows in no particular order: oldest first, as the query chose them.
            rows.Sort(static (a, b) => a.Message.DueAt != b.Message.DueAt ? a.Message.DueAt.CompareTo(b.Message.DueAt) : a.Seq.CompareTo(b.Seq));
            return (IReadOnlyList<SymOutboxMessage>)[.. rows.Select(static r => r.Message)];
        }, idempotent: false, "claiming due messages", cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask CompleteMessageAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ClaimToken == 0)
        {
            return;
        }

        await RunAsync(message, static async (connection, m, ct) =>
        {
            using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    LockOrderKeyStatement(m.OrderKey),
                    Statement(CompleteMessageSql, Text(m.Id), P(m.ClaimToken)),
                    Statement(PromoteHeadSql, Text(m.OrderKey)),
                },
            };
            return await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, idempotent: true, "completing a message", cancellationToken).ConfigureAwait(false);
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

        await RunAsync((message, dueAt, error), static async (connection, s, ct) =>
        {
            using NpgsqlCommand command = Command(connection, RetryMessageSql, Text(s.message.Id), P(s.message.ClaimToken), P(Ticks(s.dueAt)), Text(s.error));
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, idempotent: true, "retrying a message", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymOutboxMessage>> GetPendingMessagesAsync(string? runId = null, CancellationToken cancellationToken = default) =>
        RunAsync((runId, store: this), static async (connection, s, ct) =>
        {
            using NpgsqlCommand command = s.runId is null
                ? Command(connection, PendingMessagesSql)
                : Command(connection, PendingRunMessagesSql, Text(s.runId));
            var messages = new List<SymOutboxMessage>();
            NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerDisposal = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                messages.Add(s.store.ReadMessage(reader));
            }

            return (IReadOnlyList<SymOutboxMessage>)messages;
        }, idempotent: true, "reading the outbox", cancellationToken);

    /// <summary>Reads the message columns (<see cref="MessageColumns"/>).</summary>
    private SymOutboxMessage ReadMessage(NpgsqlDataReader r)
    {
        string id = r.GetString(1);
        try
        {
            SymRun? run = r.IsDBNull(6) ? null : RunDocuments.Deserialize(r.GetString(6), r.GetInt64(5));
            var message = new SymOutboxMessage
            {
                Id = id,
                RunId = r.IsDBNull(3) ? null : r.GetString(3),
                Kind = (SymNotificationKind)r.GetInt16(4),
                Run = run,
                CreatedAt = Time(r.GetInt64(8)),
                DueAt = Time(r.GetInt64(9)),
                Attempts = r.GetInt32(10),
                LastError = r.IsDBNull(11) ? null : r.GetString(11),
                ClaimToken = r.GetInt64(12),
                ClaimedUntil = r.IsDBNull(13) ? null : Time(r.GetInt64(13)),
            };
            return RunDocuments.DeserializeMessage(message, r.GetString(7));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw PostgreSqlErrors.UnreadableMessage(Server, id, ex);
        }
    }
}
