using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Storage;

/// <content>
/// The inbox: acknowledged front-end deliveries by id, claimed with leases, kept after processing until purged. Claims that
/// lapsed are found through <c>sym_inbox_claimable</c>, processed items to purge through <c>sym_inbox_processed</c>.
/// </content>
public sealed partial class SqliteSymStore
{
    private const string InboxColumns = "id, source, body, received_at, attempts, claim_token, claimed_until, processed_at";

    private static readonly SqliteStatement NextInboxClaimTokenSql = new("SELECT value + 1 FROM sym_counters WHERE name = 'inbox_claim_token';");

    private static readonly SqliteStatement TakeInboxClaimTokenSql = new("UPDATE sym_counters SET value = $token WHERE name = 'inbox_claim_token';", "$token");

    private static readonly SqliteStatement AddInboxItemSql = new(
        $"""
        INSERT INTO sym_inbox (id, source, body, received_at, attempts, claim_token, claimed_until)
        VALUES ($id, $source, $body, $received_at, 1, $token, $until)
        ON CONFLICT (id) DO NOTHING
        RETURNING {InboxColumns};
        """,
        "$id", "$source", "$body", "$received_at", "$token", "$until");

    // An unprocessed item is always claimed (by its receiver first), so the items to take over are a range of
    // sym_inbox_claimable: those whose claim lapsed (few, unless processes keep dying), sorted oldest first.
    internal static readonly SqliteStatement ClaimInboxItemsSql = new(
        $"""
        UPDATE sym_inbox SET claim_token = $token, claimed_until = $until, attempts = attempts + 1
        WHERE id IN (
            SELECT id FROM sym_inbox
            WHERE processed_at IS NULL AND claimed_until <= $now
            ORDER BY received_at, id LIMIT $max)
        RETURNING {InboxColumns};
        """,
        "$token", "$until", "$now", "$max");

    internal static readonly SqliteStatement AnyInboxItemSql = new(
        "SELECT EXISTS (SELECT 1 FROM sym_inbox WHERE processed_at IS NULL AND claimed_until <= $now);", "$now");

    internal static readonly SqliteStatement CompleteInboxItemSql = new(
        """
        UPDATE sym_inbox SET processed_at = $processed_at, claimed_until = NULL
        WHERE id = $id AND claim_token = $token AND claim_token <> 0 AND processed_at IS NULL;
        """,
        "$id", "$token", "$processed_at");

    internal static readonly SqliteStatement PurgeInboxSql = new("DELETE FROM sym_inbox WHERE processed_at < $before;", "$before");

    /// <inheritdoc />
    public ValueTask<SymInboxItem?> TryAddInboxItemAsync(SymInboxItem item, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return WriteAsync((item, now, lease), static (writer, s) =>
        {
            long token = (long)writer.Command(NextInboxClaimTokenSql).ExecuteScalar()!;
            SqliteCommand add = writer.Command(AddInboxItemSql);
            Set(add, 0, s.item.Id);
            Set(add, 1, s.item.Source);
            Set(add, 2, s.item.Body);
            Set(add, 3, Ticks(s.item.ReceivedAt));
            Set(add, 4, token);
            Set(add, 5, Ticks(s.now + s.lease));
            SymInboxItem? added = null;
            using (SqliteDataReader reader = add.ExecuteReader())
            {
                if (reader.Read())
                {
                    added = ReadInboxItem(reader);
                }
            }

            if (added is not null)
            {
                SqliteCommand take = writer.Command(TakeInboxClaimTokenSql);
                Set(take, 0, token);
                take.ExecuteNonQuery();
            }

            return added;
        }, "adding to the inbox", cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SymInboxItem>> ClaimInboxItemsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        bool any = await ReadAsync(now, static (session, n) =>
        {
            SqliteCommand command = session.Command(AnyInboxItemSql);
            Set(command, 0, Ticks(n));
            return (long)command.ExecuteScalar()! != 0;
        }, "looking for inbox items", cancellationToken).ConfigureAwait(false);
        if (!any)
        {
            return [];
        }

        return await WriteAsync((now, maxCount, lease), static (writer, s) =>
        {
            long token = (long)writer.Command(NextInboxClaimTokenSql).ExecuteScalar()!;
            SqliteCommand claim = writer.Command(ClaimInboxItemsSql);
            Set(claim, 0, token);
            Set(claim, 1, Ticks(s.now + s.lease));
            Set(claim, 2, Ticks(s.now));
            Set(claim, 3, s.maxCount);
            var items = new List<SymInboxItem>();
            using (SqliteDataReader reader = claim.ExecuteReader())
            {
                while (reader.Read())
                {
                    items.Add(ReadInboxItem(reader));
                }
            }

            if (items.Count > 0)
            {
                SqliteCommand take = writer.Command(TakeInboxClaimTokenSql);
                Set(take, 0, token);
                take.ExecuteNonQuery();
            }

            items.Sort(static (a, b) => a.ReceivedAt != b.ReceivedAt ? a.ReceivedAt.CompareTo(b.ReceivedAt) : string.CompareOrdinal(a.Id, b.Id));
            return (IReadOnlyList<SymInboxItem>)items;
        }, "claiming inbox items", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask CompleteInboxItemAsync(SymInboxItem item, DateTimeOffset processedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        await WriteAsync((item, processedAt), static (writer, s) =>
        {
            SqliteCommand command = writer.Command(CompleteInboxItemSql);
            Set(command, 0, s.item.Id);
            Set(command, 1, s.item.ClaimToken);
            Set(command, 2, Ticks(s.processedAt));
            return command.ExecuteNonQuery();
        }, "completing an inbox item", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeInboxAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken = default) =>
        WriteAsync(processedBefore, static (writer, before) =>
        {
            SqliteCommand command = writer.Command(PurgeInboxSql);
            Set(command, 0, Ticks(before));
            return command.ExecuteNonQuery();
        }, "purging the inbox", cancellationToken);

    private static SymInboxItem ReadInboxItem(SqliteDataReader r) => new()
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
