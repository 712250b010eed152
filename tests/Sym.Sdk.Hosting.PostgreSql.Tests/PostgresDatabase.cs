using Npgsql;
using Sym.Sdk.Hosting.PostgreSql;

namespace Sym.Sdk.Hosting.PostgreSql.Tests;

/// <summary>
/// A database of a test class's own: created on first use, dropped (with whatever connections are left) when the class is
/// done. Stores get a schema of their own in it (<see cref="NewSchema"/>), so each check starts empty.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private static int _schemas;
    private readonly string _name = "sym_test_" + Guid.NewGuid().ToString("N")[..16];
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The database is not created yet.");

    public async Task InitializeAsync()
    {
        if (PostgresServer.SkipReason is not null)
        {
            return; // skipped tests never ask for it
        }

        string server = PostgresServer.RequireConnectionString();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_name};", connection);
            await create.ExecuteNonQueryAsync();
        }

        _connectionString = PostgresServer.WithDatabase(_name);
    }

    public async Task DisposeAsync()
    {
        if (_connectionString is null)
        {
            return;
        }

        // Dropping is tidiness, not a check: the cluster is thrown away after the run. On a loaded two-core CI machine
        // DROP DATABASE ... WITH (FORCE) can fail ("being accessed by other users" when a terminated backend takes more
        // than PostgreSQL's 5 s to exit, or a command timeout), so it is retried, and a database that still will not go
        // is reported on stderr rather than failing the class whose tests all passed.
        NpgsqlConnection.ClearAllPools();
        var builder = new NpgsqlConnectionStringBuilder(PostgresServer.RequireConnectionString()) { CommandTimeout = 120, Pooling = false };
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE);", connection);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                if (attempt == 5)
                {
                    await Console.Error.WriteLineAsync($"PostgresDatabase: could not drop {_name} after {attempt} attempts; leaving it to the cluster's removal. {e}");
                    return;
                }

                await Console.Error.WriteLineAsync($"PostgresDatabase: dropping {_name} failed (attempt {attempt}), retrying: {e.Message}");
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt), TimeProvider.System, CancellationToken.None);
            }
        }
    }

    /// <summary>A schema name no store in this database has used.</summary>
    public static string NewSchema(string prefix = "s") => $"{prefix}_{Interlocked.Increment(ref _schemas)}_{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A store over this database, in <paramref name="schema"/> (a new one when not given).</summary>
    public PostgreSqlSymStore Open(string? schema = null, TimeSpan? retryTimeout = null) => new(new PostgreSqlSymStoreOptions
    {
        ConnectionString = ConnectionString,
        Schema = schema ?? NewSchema(),
        TransientRetryTimeout = retryTimeout ?? TimeSpan.FromSeconds(5),
    });

    /// <summary>Runs SQL (in <paramref name="schema"/> when given) behind the store's back, returning the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql, string? schema = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        if (schema is not null)
        {
            builder.SearchPath = schema;
        }

        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
