using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using Polly;
using Sym.Sdk.Hosting.PostgreSql.Internal;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql;

/// <content>
/// Runs: JSON documents with a version column; an update is a compare-and-swap on the version. The columns queries filter
/// and sort on (state, request time, requester key) sit beside the document and are written with it on every create and
/// update, so they never drift from it.
/// </content>
public sealed partial class PostgreSqlSymStore
{
    internal const string GetRunSql = "SELECT id, version, data FROM sym_runs WHERE id = $1;";

    private const string ListRunsSql = "SELECT id, version, data FROM sym_runs ORDER BY requested_at, id;";

    internal const string ListRunsInStateSql = "SELECT id, version, data FROM sym_runs WHERE state = $1 ORDER BY requested_at, id;";

    /// <summary>The query's statement for each shape: bit 0 by requester, bit 1 by state, bit 2 with a cursor.</summary>
    private static readonly string[] QueryRunsSql = [.. Enumerable.Range(0, 8).Select(QueryRunsStatement)];

    /// <inheritdoc />
    public ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return RunAsync((runId, store: this), static async (connection, s, ct) =>
        {
            using NpgsqlCommand command = Command(connection, GetRunSql, Text(s.runId));
            NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerDisposal = reader.ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false) ? s.store.ReadRun(reader) : null;
        }, idempotent: true, "reading a run", cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, CancellationToken cancellationToken = default) => state is { } s
        ? StreamAsync(ListRunsInStateSql, [P((short)s)], static (store, r) => store.ReadRun(r), "listing runs", cancellationToken)
        : StreamAsync(ListRunsSql, [], static (store, r) => store.ReadRun(r), "listing runs", cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A by-requester query is one backward range read of <c>sym_runs_requester</c> (or <c>sym_runs_requester_state</c> with
    /// a state), a by-state one of <c>sym_runs_state</c>, from the cursor, stopping at the limit: O(log n + limit) however
    /// many runs the database holds.
    /// </remarks>
    public IAsyncEnumerable<SymRun> QueryRunsAsync(SymRunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.BeforeRunId is not null && query.RequestedBefore is null)
        {
            throw new ArgumentException("SymRunQuery.BeforeRunId is a tie-break for RequestedBefore; set both, or neither.", nameof(query));
        }

        var parameters = new List<NpgsqlParameter>(5);
        if (query.Requester is { } requester)
        {
            parameters.Add(Text(Key(requester)));
        }

        if (query.State is { } state)
        {
            parameters.Add(P((short)state));
        }

        if (query.RequestedBefore is { } before)
        {
            // (requested_at, id) < (t, '') holds exactly when requested_at < t: no id sorts below the empty string.
            parameters.Add(P(Ticks(before)));
            parameters.Add(Text(query.BeforeRunId ?? string.Empty));
        }

        parameters.Add(P((long)query.Limit));
        return StreamAsync(QueryRunsStatementFor(query), [.. parameters], static (store, r) => store.ReadRun(r), "querying runs", cancellationToken);
    }

    /// <summary>The SELECT that serves <paramref name="query"/> (by which filters it sets).</summary>
    internal static string QueryRunsStatementFor(SymRunQuery query) =>
        QueryRunsSql[(query.Requester is null ? 0 : 1) | (query.State is null ? 0 : 2) | (query.RequestedBefore is null ? 0 : 4)];

    /// <summary>The SELECT for one query shape; the cursor is a row comparison, which PostgreSQL reads as a range of the index.</summary>
    private static string QueryRunsStatement(int shape)
    {
        List<string> where = [];
        int n = 0;
        if ((shape & 1) != 0)
        {
            where.Add($"requester_key = ${++n}");
        }

        if ((shape & 2) != 0)
        {
            where.Add($"state = ${++n}");
        }

        if ((shape & 4) != 0)
        {
            where.Add($"(requested_at, id) < (${++n}, ${++n})");
        }

        string filter = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        return $"SELECT id, version, data FROM sym_runs{filter} ORDER BY requested_at DESC, id DESC LIMIT ${++n};";
    }

    /// <summary>
    /// Runs a SELECT on a pooled connection and yields its rows as they are read. Opening and the first read are retried
    /// (reads write nothing); a failure after rows were yielded is thrown.
    /// </summary>
    private async IAsyncEnumerable<T> StreamAsync<T>(
        string sql, NpgsqlParameter[] parameters, Func<PostgreSqlSymStore, NpgsqlDataReader, T> read, string operation,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        (NpgsqlConnection connection, NpgsqlCommand command, NpgsqlDataReader reader) opened;
        ResilienceContext context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            opened = await _retryAny.ExecuteAsync(static async (ctx, s) =>
            {
                NpgsqlConnection connection = await s.store.OpenAsync(ctx.CancellationToken).ConfigureAwait(false);
                NpgsqlCommand? command = null;
                try
                {
                    command = Command(connection, s.sql, [.. s.parameters.Select(static p => p.Clone())]);
                    NpgsqlDataReader reader = await command.ExecuteReaderAsync(ctx.CancellationToken).ConfigureAwait(false);
                    return (connection, command, reader);
                }
                catch
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync().ConfigureAwait(false);
                    }

                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }, context, (store: this, sql, parameters)).ConfigureAwait(false);
        }
        catch (ConnectionFailedException ex)
        {
            throw PostgreSqlErrors.From(ex.InnerException!, Server, operation);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw PostgreSqlErrors.From(ex, Server, operation);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        try
        {
            while (true)
            {
                T item;
                try
                {
                    if (!await opened.reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    item = read(this, opened.reader);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
                {
                    throw PostgreSqlErrors.From(ex, Server, operation);
                }

                yield return item;
            }
        }
        finally
        {
            await opened.reader.DisposeAsync().ConfigureAwait(false);
            await opened.command.DisposeAsync().ConfigureAwait(false);
            await opened.connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private SymRun ReadRun(NpgsqlDataReader reader)
    {
        string id = reader.GetString(0);
        try
        {
            return RunDocuments.Deserialize(reader.GetString(2), version: reader.GetInt64(1));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException or SymException)
        {
            throw PostgreSqlErrors.UnreadableRun(Server, id, ex);
        }
    }
}
