using System.Runtime.CompilerServices;
using Npgsql;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql;

/// <content>
/// The inbox: acknowledged front-end deliveries by id, claimed with leases (<c>FOR UPDATE SKIP LOCKED</c>), kept after
/// processing until purged. Claims that lapsed are found through <c>sym_inbox_claimable</c>, processed items to purge
/// through <c>sym_inbox_processed</c>.
/// </content>
public sealed partial class PostgreSqlSymStore
{
    private const string InboxColumns = "id, source, body, received_at, attempts, claim_token, claimed_until, processed_at";

    internal const string AddInboxItemSql =
        $"""
        INSERT INTO sym_inbox (id, source, body, received_at, attempts, claim_token, claimed_until)
        VALUES ($1, $2, $3, $4, 1, nextval('sym_claim_tokens'), $5)
        ON CONFLICT (id) DO NOTHING
        RETURNING {InboxColumns};
        """;

    // An unprocessed item is always claimed (by its receiver first), so the items to take over are a range of
    // sym_inbox_claimable: those whose claim lapsed (few, unless hosts keep dying), oldest first.
    internal const string ClaimInboxItemsSql =
        """
        WITH lapsed AS (
            SELECT id FROM sym_inbox
            WHERE processed_at IS NULL AND claimed_until <= $1
            ORDER BY received_at, id LIMIT $2
            FOR UPDATE SKIP LOCKED),
        token AS (SELECT nextval('sym_claim_tokens') AS value)
        UPDATE sym_inbox i SET claim_token = token.value, claimed_until = $3, attempts = i.attempts + 1
        FROM lapsed, token WHERE i.id = lapsed.id
        RETURNING i.id, i.source, i.body, i.received_at, i.attempts, i.claim_token, i.claimed_until, i.processed_at;
        """;

    internal const string CompleteInboxItemSql =
        """
        UPDATE sym_inbox SET processed_at = $3, claimed_until = NULL
        WHERE id = $1 AND claim_token = $2 AND claim_token <> 0 AND processed_at IS NULL;
        """;

    internal const string PurgeInboxSql = "DELETE FROM sym_inbox WHERE processed_at < $1;";

    /// <inheritdoc />
    /// <remarks>
    /// Retried after a connection reset: an item whose first add reached the server then reads as a duplicate
    /// (<see langword="null"/>), and is processed by whoever takes it over when the claim lapses.
    /// </remarks>
    public ValueTask<SymInboxItem?> TryAddInboxItemAsync(SymInboxItem item, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return RunAsync((item, now, lease), static async (connection, s, ct) =>
        {
            using NpgsqlCommand add = Command(connection, AddInboxItemSql,
                Text(s.item.Id), Text(s.item.Source), Text(s.item.Body), P(Ticks(s.item.ReceivedAt)), P(Ticks(s.now + s.lease)));
            NpgsqlDataReader reader = await add.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerDisposal = reader.ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadInboxItem(reader) : null;
        }, idempotent: true, "adding to the inbox", cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SymInboxItem>> ClaimInboxItemsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return RunAsync((now, maxCount, lease), static async (connection, s, ct) =>
        {
            using NpgsqlCommand claim = Command(connection, ClaimInboxItemsSql, P(Ticks(s.now)), P((long)s.maxCount), P(Ticks(s.now + s.lease)));
            var items = new List<SymInboxItem>();
            NpgsqlDataReader reader = await claim.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    items.Add(ReadInboxItem(reader));
                }
            }

            items.Sort(static (a, b) => a.ReceivedAt != b.ReceivedAt ? a.ReceivedAt.CompareTo(b.ReceivedAt) : string.CompareOrdinal(a.Id, b.Id));
            return (IReadOnlyList<SymInboxItem>)items;
        }, idempotent: false, "claiming inbox items", cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask CompleteInboxItemAsync(SymInboxItem item, DateTimeOffset processedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        await RunAsync((item, processedAt), static async (connection, s, ct) =>
        {
            using NpgsqlCommand command = Command(connection, CompleteInboxItemSql, Text(s.item.Id), P(s.item.ClaimToken), P(Ticks(s.processedAt)));
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, idempotent: true, "completing an inbox item", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeInboxAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken = default) =>
        RunAsync(processedBefore, static async (connection, before, ct) =>
        {
            using NpgsqlCommand command = Command(connection, PurgeInboxSql, P(Ticks(before)));
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, idempotent: true, "purging the inbox", cancellationToken);

    private static SymInboxItem ReadInboxItem(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        Source = r.GetString(1),
        Body = r.GetString(2),
        ReceivedAt = Time(r.GetInt64(3)),
        Attempts = r.GetInt32(4),
        ClaimToken = r.GetInt64(5),
        ClaimedUntil = r.IsDBNull(6) ? null : Time(r.GetInt64(6)),
        ProcessedAt = r.IsDBNull(7) ? null : Time(r.GetInt64(7)),
    };
}
