using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Storage;

/// <content>Runs: JSON documents with a version column; an update is a compare-and-swap on the version.</content>
public sealed partial class SqliteSymStore
{
    private static readonly SqliteStatement GetRunSql = new("SELECT id, version, data FROM sym_runs WHERE id = $id;", "$id");

    private static readonly SqliteStatement CreateRunSql = new(
        """
        INSERT INTO sym_runs (id, version, flow, state, requested_at, data) VALUES ($id, $version, $flow, $state, $requested_at, $data)
        ON CONFLICT (id) DO NOTHING;
        """,
        "$id", "$version", "$flow", "$state", "$requested_at", "$data");

    private static readonly SqliteStatement UpdateRunSql = new(
        """
        UPDATE sym_runs SET version = $version, flow = $flow, state = $state, requested_at = $requested_at, data = $data
        WHERE id = $id AND version = $expected;
        """,
        "$id", "$version", "$flow", "$state", "$requested_at", "$data", "$expected");

    private static readonly SqliteStatement ListRunsSql = new("SELECT id, version, data FROM sym_runs ORDER BY requested_at, rowid;");

    private static readonly SqliteStatement ListRunsInStateSql = new(
        "SELECT id, version, data FROM sym_runs WHERE state = $state ORDER BY requested_at, rowid;", "$state");

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
    public ValueTask<bool> TryCreateRunAsync(SymRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Version != 1)
        {
            throw new ArgumentException("A new run has version 1.", nameof(run));
        }

        string data = RunDocuments.Serialize(run);
        return WriteAsync((run, data), static (writer, state) =>
        {
            SqliteCommand command = writer.Command(CreateRunSql);
            BindRun(command, state.run, state.data);
            return command.ExecuteNonQuery() == 1;
        }, "creating a run", cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateRunAsync(SymRun run, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Version != expectedVersion + 1)
        {
            throw new ArgumentException("An updated run's version is the expected version plus one.", nameof(run));
        }

        string data = RunDocuments.Serialize(run);
        return WriteAsync((run, data, expectedVersion), static (writer, state) =>
        {
            SqliteCommand command = writer.Command(UpdateRunSql);
            BindRun(command, state.run, state.data);
            Set(command, 6, state.expectedVersion);
            return command.ExecuteNonQuery() == 1;
        }, "updating a run", cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SymRun> ListRunsAsync(SymRunState? state = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        const string operation = "listing runs";
        SqliteSession session = RentReader(operation);
        bool healthy = false;
        SqliteDataReader? reader = null;
        try
        {
            try
            {
                SqliteCommand command = session.Command(state is null ? ListRunsSql : ListRunsInStateSql);
                if (state is { } s)
                {
                    Set(command, 0, (int)s);
                }

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
