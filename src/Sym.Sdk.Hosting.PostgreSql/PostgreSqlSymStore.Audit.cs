using System.Collections.Concurrent;
using System.Text;
using Npgsql;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql;

/// <content>
/// The audit log: an append-only table (triggers refuse every <c>UPDATE</c>, <c>DELETE</c> and <c>TRUNCATE</c>), queried
/// by run, user, target and time. Sequences come from an identity column: increasing in the order entries are written,
/// and, within one commit, in the commit's order.
/// </content>
public sealed partial class PostgreSqlSymStore
{
    private const string AuditColumns =
        "sequence, run_id, flow, step, actor, requester, target, timestamp, outcome, message, error_code, reason, duration";

    private const string AppendAuditSql =
        """
        INSERT INTO sym_audit (run_id, flow, step, actor, actor_key, requester, requester_key, target, timestamp, outcome, message, error_code, reason, duration)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14);
        """;

    // One statement per combination of filters in use (at most 256), built once.
    private static readonly ConcurrentDictionary<int, string> AuditQueries = new();

    private static NpgsqlBatchCommand AppendAuditStatement(SymAuditEntry e) => Statement(AppendAuditSql,
        Text(e.RunId), Text(e.Flow), Text(e.Step), Text(e.Actor), Text(Key(e.Actor)), Text(e.Requester), Text(Key(e.Requester)), Text(e.Target),
        P(Ticks(e.Timestamp)), P((short)e.Outcome), Text(e.Message), Text(e.ErrorCode), Text(e.Reason), Long(e.Duration?.Ticks));

    /// <inheritdoc />
    public IAsyncEnumerable<SymAuditEntry> QueryAuditAsync(SymAuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        (string sql, NpgsqlParameter[] parameters) = AuditQueryFor(query);
        return StreamAsync(sql, parameters, static (_, r) => ReadAuditEntry(r), "reading the audit log", cancellationToken);
    }

    /// <summary>The SELECT that serves <paramref name="q"/>, and its parameters.</summary>
    internal static (string Sql, NpgsqlParameter[] Parameters) AuditQueryFor(SymAuditQuery q)
    {
        int mask = (q.RunId is null ? 0 : 1) | (q.User is null ? 0 : 2) | (q.Target is null ? 0 : 4) | (q.Flow is null ? 0 : 8)
            | (q.Step is null ? 0 : 16) | (q.Outcome is null ? 0 : 32) | (q.Since is null ? 0 : 64) | (q.Until is null ? 0 : 128);
        var parameters = new List<NpgsqlParameter>(8);
        if (q.RunId is not null)
        {
            parameters.Add(Text(q.RunId));
        }

        if (q.User is not null)
        {
            parameters.Add(Text(Key(q.User)));
        }

        if (q.Target is not null)
        {
            parameters.Add(Text(q.Target));
        }

        if (q.Flow is not null)
        {
            parameters.Add(Text(q.Flow));
        }

        if (q.Step is not null)
        {
            parameters.Add(Text(q.Step));
        }

        if (q.Outcome is { } outcome)
        {
            parameters.Add(P((short)outcome));
        }

        if (q.Since is { } since)
        {
            parameters.Add(P(Ticks(since)));
        }

        if (q.Until is { } until)
        {
            parameters.Add(P(Ticks(until)));
        }

        return (AuditQueries.GetOrAdd(mask, BuildAuditQuery), [.. parameters]);
    }

    private static string BuildAuditQuery(int mask)
    {
        string[] filters =
        [
            "run_id = {0}",
            "(actor_key = {0} OR requester_key = {0})",
            "target = {0}",
            "flow = {0}",
            "step = {0}",
            "outcome = {0}",
            "timestamp >= {0}",
            "timestamp < {0}",
        ];
        var sql = new StringBuilder("SELECT ").Append(AuditColumns).Append(" FROM sym_audit");
        int n = 0;
        for (int bit = 0; bit < filters.Length; bit++)
        {
            if ((mask & (1 << bit)) != 0)
            {
                sql.Append(n == 0 ? " WHERE " : " AND ").Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, filters[bit], "$" + (++n)));
            }
        }

        return sql.Append(" ORDER BY sequence;").ToString();
    }

    private static SymAuditEntry ReadAuditEntry(NpgsqlDataReader r) => new()
    {
        Sequence = r.GetInt64(0),
        RunId = r.GetString(1),
        Flow = r.GetString(2),
        Step = r.GetString(3),
        Actor = r.GetString(4),
        Requester = r.GetString(5),
        Target = r.IsDBNull(6) ? null : r.GetString(6),
        Timestamp = Time(r.GetInt64(7)),
        Outcome = (SymAuditOutcome)r.GetInt16(8),
        Message = r.IsDBNull(9) ? null : r.GetString(9),
        ErrorCode = r.IsDBNull(10) ? null : r.GetString(10),
        Reason = r.IsDBNull(11) ? null : r.GetString(11),
        Duration = r.IsDBNull(12) ? null : TimeSpan.FromTicks(r.GetInt64(12)),
    };
}
