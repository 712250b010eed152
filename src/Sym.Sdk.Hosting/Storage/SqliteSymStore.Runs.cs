using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Storage;

/// <content>
/// Runs: JSON documents with a version column; an update is a compare-and-swap on the version. The columns queries filter
/// and sort on (state, request time, requester key) sit beside the document and are written with it on every create and
/// update, so they never drift from it.
/// </content>
public sealed partial class SqliteSymStore
{
    private static readonly SqliteStatement GetRunSql = new("SELECT id, version, data FROM sym_runs WHERE id = $id;", "$id");

    private static readonly SqliteStatement CreateRunSql = new(
        """
        INSERT INTO sym_runs (id, version, flow, state, requested_at, data, requester_key)
        VALUES ($id, $version, $flow, $state, $requested_at, $data, $requester_key)
        ON CONFLICT (id) DO NOTHING;
        """,
        "$id", "$version", "$flow", "$state", "$requested_at", "$data", "$requester_key");

    // SQLite rewrites an index on UPDATE when its columns are in the SET list, whatever their values. A run's flow,
    // request time and requester never change in the engine, so the usual update sets only what does change (version,
    // state, document) and leaves sym_runs_requested_at and sym_runs_requester alone. A writer that moves them (or a
    // conflict) matches no row there and takes the full update.
    private static readonly SqliteStatement UpdateRunStateSql = new(
        """
        UPDATE sym_runs SET version = $version, state = $state, data = $data
        WHERE id = $id AND version = $expected AND flow = $flow AND requested_at = $requested_at AND requester_key = $requester_key;
        """,
        "$id", "$version", "$flow", "$state", "$requested_at", "$data", "$requester_key", "$expected");

    private static readonly SqliteStatement UpdateRunSql = new(
        """
        UPDATE sym_runs SET version = $version, flow = $flow, state = $state, requested_at = $requested_at, data = $data,
            requester_key = $requester_key
        WHERE id = $id AND version = $expected;
        """,
        "$id", "$version", "$flow", "$state", "$requested_at", "$data", "$requester_key", "$expected");

    private static readonly SqliteStatement RunVersionSql = new("SELECT version FROM sym_runs WHERE id = $id;", "$id");

    private static readonly SqliteStatement ListRunsSql = new("SELECT id, version, data FROM sym_runs ORDER BY requested_at, rowid;");

    private static readonly SqliteStatement ListRunsInStateSql = new(
        "SELECT id, version, data FROM sym_runs WHERE state = $state ORDER BY requested_at, rowid;", "$state");

    /// <summary>The query's statement for each shape: bit 0 by requester, bit 1 by state, bit 2 with a cursor.</summary>
    private static readonly SqliteStatement[] QueryRunsSql = [.. Enumerable.Range(0, 8).Select(QueryRunsStatement)];

    /// <inheritdoc />
    public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return ReadAsync((runId, Path), static (session, state) =>
        {
            SqliteCommand command = session.Command(GetRunSql);
            Set(command, 0, state.runId);
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? ReadRun(reader, state.Path) : null;
        }, "reading a run", cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, CancellationToken cancellationToken = default) =>
        StreamRunsAsync(state is null ? ListRunsSql : ListRunsInStateSql, state, static (command, state) =>
        {
            if (state is { } s)
            {
                Set(command, 0, (int)s);
            }
        }, "listing runs", cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A by-requester query is one index range read (<c>sym_runs_requester</c>, or <c>sym_runs_requester_state</c> with a
    /// state), newest first from the cursor, stopping at the limit: O(log n + limit) however many runs the file holds.
    /// </remarks>
    public IAsyncEnumerable<SymRun> QueryRunsAsync(SymRunQuery query, CancellationToken cancellationToken = default)
    {
        SymRunQuery.ThrowIfInvalid(query);
        return StreamRunsAsync(QueryRunsStatementFor(query), query, static (command, query) =>
        {
            SqliteParameterCollection p = command.Parameters;
            if (query.Requester is { } requester)
            {
                p["$requester"].Value = Key(requester);
            }

            if (query.State is { } state)
            {
                p["$state"].Value = (int)state;
            }

            if (query.RequestedBefore is { } before)
            {
                // (requested_at, id) < (t, '') holds exactly when requested_at < t: no id sorts below the empty string.
                p["$before"].Value = Ticks(before);
                p["$before_id"].Value = query.BeforeRunId ?? string.Empty;
            }

            p["$limit"].Value = query.Limit;
        }, "querying runs", cancellationToken);
    }

    /// <summary>The prepared SELECT that serves <paramref name="query"/> (by which filters it sets).</summary>
    internal static SqliteStatement QueryRunsStatementFor(SymRunQuery query) =>
        QueryRunsSql[(query.Requester is null ? 0 : 1) | (query.State is null ? 0 : 2) | (query.RequestedBefore is null ? 0 : 4)];

    /// <summary>
    /// The SELECT for one query shape. The cursor is a row-value comparison, which SQLite reads as a range on the index's
    /// (requested_at, id) suffix; ids compare as BINARY (UTF-8 bytes), the same order as ordinal for the ids runs have.
    /// </summary>
    private static SqliteStatement QueryRunsStatement(int shape)
    {
        List<string> where = [], parameters = [];
        if ((shape & 1) != 0)
        {
            where.Add("requester_key = $requester");
            parameters.Add("$requester");
        }

        if ((shape & 2) != 0)
        {
            where.Add("state = $state");
            parameters.Add("$state");
        }

        if ((shape & 4) != 0)
        {
            where.Add("(requested_at, id) < ($before, $before_id)");
            parameters.AddRange(["$before", "$before_id"]);
        }

        parameters.Add("$limit");
        string filter = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        return new SqliteStatement(
            $"SELECT id, version, data FROM sym_runs{filter} ORDER BY requested_at DESC, id DESC LIMIT $limit;", [.. parameters]);
    }

    /// <summary>Runs a SELECT of (id, version, data) on a pooled connection and yields its runs as they are read.</summary>
    private async IAsyncEnumerable<SymRun> StreamRunsAsync<TState>(
        SqliteStatement statement, TState state, Action<SqliteCommand, TState> bind, string operation,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        SqliteSession session = RentReader(operation);
        bool healthy = false;
        SqliteDataReader? reader = null;
        try
        {
            try
            {
                SqliteCommand command = session.Command(statement);
                bind(command, state);
                reader = command.ExecuteReader();
            }
            catch (SqliteException ex)
            {
                throw StorageErrors.From(ex, Path, operation);
            }

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SymRun? run;
                try
                {
                    run = reader.Read() ? ReadRun(reader, Path) : null;
                }
                catch (SqliteException ex)
                {
                    throw StorageErrors.From(ex, Path, operation);
                }

                if (run is null)
                {
                    break;
                }

                yield return run;
            }

            healthy = true;
        }
        finally
        {
            reader?.Dispose();
            _readers.Return(session, healthy);
        }
    }

    private static void BindRun(SqliteCommand command, SymRun run, string data)
    {
        Set(command, 0, run.Id);
        Set(command, 1, run.Version);
        Set(command, 2, run.Flow);
        Set(command, 3, (int)run.State);
        Set(command, 4, Ticks(run.RequestedAt));
        Set(command, 5, data);
        Set(command, 6, Key(run.Requester.Username));
    }

    private static SymRun ReadRun(SqliteDataReader reader, string path)
    {
        string id = reader.GetString(0);
        try
        {
            return RunDocuments.Deserialize(reader.GetString(2), version: reader.GetInt64(1));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException or SymException)
        {
            throw StorageErrors.UnreadableRun(path, id, ex);
        }
    }
}
