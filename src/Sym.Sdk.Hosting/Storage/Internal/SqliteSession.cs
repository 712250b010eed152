using Microsoft.Data.Sqlite;

namespace Sym.Sdk.Hosting.Storage.Internal;

/// <summary>
/// One open connection with its per-connection settings applied and its statements prepared on first use. Not
/// thread-safe: a session is used by one operation at a time (rented from <see cref="SqliteSessionPool"/>, or the
/// store's single writer under its gate).
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private SqliteCommand?[] _commands = [];

    public SqliteSession(string connectionString, int busyTimeoutMilliseconds)
    {
        Connection = new SqliteConnection(connectionString);
        try
        {
            Connection.Open();

            // busy_timeout makes SQLite itself wait for another process's lock (with short sleeps), instead of failing
            // at once. synchronous=FULL: in WAL mode every commit is fsynced before it returns, so a run the engine
            // recorded (say, "escalating", with its deescalate timer) survives a power loss, not only a process crash.
            using SqliteCommand pragmas = Connection.CreateCommand();
            pragmas.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF;";
            pragmas.ExecuteNonQuery();
        }
        catch
        {
            Connection.Dispose();
            throw;
        }
    }

    public SqliteConnection Connection { get; }

    /// <summary>The statement's command on this connection, created (and prepared by SQLite on first run) once.</summary>
    public SqliteCommand Command(SqliteStatement statement)
    {
        if (statement.Index >= _commands.Length)
        {
            Array.Resize(ref _commands, SqliteStatement.Count);
        }

        SqliteCommand? command = _commands[statement.Index];
        if (command is null)
        {
            command = Connection.CreateCommand();
            command.CommandText = statement.Sql;
            foreach (string name in statement.Parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _commands[statement.Index] = command;
        }

        return command;
    }

    /// <summary>Runs statements that return nothing, such as <c>BEGIN IMMEDIATE</c>.</summary>
    public void Execute(SqliteStatement statement) => Command(statement).ExecuteNonQuery();

    public void Dispose()
    {
        foreach (SqliteCommand? command in _commands)
        {
            command?.Dispose();
        }

        Connection.Dispose();
    }
}
