using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Storage;

/// <content>The audit log: an append-only table (triggers reject updates and deletes), queried by run, user, target and time.</content>
public sealed partial class SqliteSymStore
{
    private const string AuditColumns =
        "sequence, run_id, flow, step, actor, requester, target, timestamp, outcome, message, error_code, reason, duration";

    private static readonly SqliteStatement AppendAuditSql = new(
        """
        INSERT INTO sym_audit (run_id, flow, step, actor, actor_key, requester, requester_key, target, timestamp, outcome, message, error_code, reason, duration)
        VALUES ($run_id, $flow, $step, $actor, $actor_key, $requester, $requester_key, $target, $timestamp, $outcome, $message, $error_code, $reason, $duration);
        """,
        "$run_id", "$flow", "$step", "$actor", "$actor_key", "$requester", "$requester_key", "$target", "$timestamp", "$outcome", "$message",
        "$error_code", "$reason", "$duration");

    // One statement per combination of filters in use (at most 256), built once and prepared per connection.
    private static readonly ConcurrentDictionary<int, SqliteStatement> AuditQueries = new();

    private static void AppendAudit(SqliteSession writer, SymAuditEntry e)
    {
        SqliteCommand command = writer.Command(AppendAuditSql);
        Set(command, 0, e.RunId);
        Set(command, 1, e.Flow);
        Set(command, 2, e.Step);
        Set(command, 3, e.Actor);
        Set(command, 4, Key(e.Actor));
        Set(command, 5, e.Requester);
        Set(command, 6, Key(e.Requester));
        Set(command, 7, e.Target);
        Set(command, 8, Ticks(e.Timestamp));
        Set(command, 9, (int)e.Outcome);
        Set(command, 10, e.Message);
        Set(command, 11, e.ErrorCode);
        Set(command, 12, e.Reason);
        Set(command, 13, e.Duration?.Ticks);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        const string operation = "reading the audit log";
        SqliteSession session = RentReader(operation);
        bool healthy = false;
        SqliteDataReader? reader = null;
        try
        {
            try
            {
                reader = PrepareAuditQuery(session, query).ExecuteReader();
            }
            catch (SqliteException ex)
            {
                throw StorageErrors.From(ex, Path, operation);
            }

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SymAuditEntry? entry;
                try
                {
                    entry = reader.Read() ? ReadAuditEntry(reader) : null;
                }
                catch (SqliteException ex)
                {
                    throw StorageErrors.From(ex, Path, operation);
                }

                if (entry is null)
                {
                    break;
                }

                yield return entry;
            }

            healthy = true;
        }
        finally
        {
            reader?.Dispose();
            _readers.Return(session, healthy);
        }
    }

    private static SqliteCommand PrepareAuditQuery(SqliteSession session, SymAuditQuery q)
    {
        int mask = (q.RunId is null ? 0 : 1) | (q.User is null ? 0 : 2) | (q.Target is null ? 0 : 4) | (q.Flow is null ? 0 : 8)
            | (q.Step is null ? 0 : 16) | (q.Outcome is null ? 0 : 32) | (q.Since is null ? 0 : 64) | (q.Until is null ? 0 : 128);
        SqliteCommand command = session.Command(AuditQueries.GetOrAdd(mask, BuildAuditQuery));
        int i = 0;
        if (q.RunId is not null)
        {
            Set(command, i++, q.RunId);
        }

        if (q.User is not null)
        {
            Set(command, i++, Key(q.User));
        }

        if (q.Target is not null)
        {
            Set(command, i++, q.Target);
        }

        if (q.Flow is not null)
        {
            Set(command, i++, q.Flow);
        }

        if (q.Step is not null)
        {
            Set(command, i++, q.Step);
        }

        if (q.Outcome is { } outcome)
        {
            Set(command, i++, (int)outcome);
        }

        if (q.Since is { } since)
        {
            Set(command, i++, Ticks(since));
        }

        if (q.Until is { } until)
        {
            Set(command, i, Ticks(until));
        }

        return command;
    }

    private static SqliteStatement BuildAuditQuery(int mask)
    {
        (string Condition, string Parameter)[] filters =
        [
            ("run_id = $run_id", "$run_id"),
            ("(actor_key = $user OR requester_key = $user)", "$user"),
            ("target = $target", "$target"),
            ("flow = $flow", "$flow"),
            ("step = $step", "$step"),
            ("outcome = $outcome", "$outcome"),
            ("timestamp >= $since", "$since"),
            ("timestamp < $until", "$until"),
        ];
        var sql = new StringBuilder("SELECT ").Append(AuditColumns).Append(" FROM sym_audit");
        var parameters = new List<string>(filters.Length);
        for (int bit = 0; bit < filters.Length; bit++)
        {
            if ((mask & (1 << bit)) != 0)
            {
                sql.Append(parameters.Count == 0 ? " WHERE " : " AND ").Append(filters[bit].Condition);
                parameters.Add(filters[bit].Parameter);
            }
        }

        sql.Append(" ORDER BY sequence;");
        return new SqliteStatement(sql.ToString(), [.. parameters]);
    }

    private static SymAuditEntry ReadAuditEntry(SqliteDataReader r) => new()
    {
        Sequence = r.GetInt64(0),
        RunId = r.GetString(1),
        Flow = r.GetString(2),
        Step = r.GetString(3),
        Actor = r.GetString(4),
        Requester = r.GetString(5),
        Target = r.IsDBNull(6) ? null : r.GetString(6),
        Timestamp = Time(r.GetInt64(7)),
        Outcome = (SymAuditOutcome)r.GetInt32(8),
        Message = r.IsDBNull(9) ? null : r.GetString(9),
        ErrorCode = r.IsDBNull(10) ? null : r.GetString(10),
        Reason = r.IsDBNull(11) ? null : r.GetString(11),
        Duration = r.IsDBNull(12) ? null : TimeSpan.FromTicks(r.GetInt64(12)),
    };
}
