using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Polly;
using Polly.Retry;
using Sym.Sdk.Hosting.PostgreSql.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql;

/// <summary>
/// The durable store on PostgreSQL, for several identical hosts sharing one database: runs (with optimistic concurrency),
/// the append-only audit log, users' identities, timers, the outbox of notifications and the inbox of acknowledged
/// deliveries. Each engine step is one transaction (<see cref="CommitAsync"/>), all of it or none of it. Due timers,
/// outbox messages and inbox items are claimed with <c>FOR UPDATE SKIP LOCKED</c> and a lease, so each is handled by one
/// host while it lives and taken over by another when its lease ends. Register it with
/// <c>services.AddSym().UsePostgreSqlStore(…)</c>, or choose it by configuration with <c>services.AddSym().UseConfiguredStore(configuration)</c>.
/// </summary>
/// <remarks>
/// <para>The schema is created and migrated on first use (or at host start, by the initializer the registration adds),
/// under an advisory lock, so hosts starting together migrate it once; a schema written by a newer version is refused
/// (<c>Storage:SCHEMA_TOO_NEW</c>).</para>
/// <para>A commit is one round trip: its statements go in one batch, which PostgreSQL runs in one implicit transaction.
/// Failures that pass (a failover, a connection reset, too many connections) are retried for
/// <see cref="PostgreSqlSymStoreOptions.TransientRetryTimeout"/>; a commit whose connection broke after it was sent is
/// told apart by the commit id it wrote on its run. As <see cref="ISymGrantLocks"/>, it serializes the strategy calls of
/// one grant across hosts with a transaction-level advisory lock. Thread-safe; times are stored as UTC ticks.</para>
/// </remarks>
public sealed partial class PostgreSqlSymStore : ISymStore, ISymGrantLocks, IAsyncDisposable, IDisposable
{
    private static readonly Regex SchemaName = new("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retryAny;
    private readonly ResiliencePipeline _retryUnwritten;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <summary>Creates the store over the database in <paramref name="options"/>; nothing is opened until first use.</summary>
    /// <param name="options">The connection string and settings.</param>
    /// <param name="logger">Where migrations and retries are logged (never the connection string).</param>
    /// <param name="timeProvider">The clock retries wait on; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The connection string is missing or invalid, or a setting is out of range.</exception>
    public PostgreSqlSymStore(PostgreSqlSymStoreOptions options, ILogger<PostgreSqlSymStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, nameof(options));
        if (options.Schema is null || !SchemaName.IsMatch(options.Schema))
        {
            throw new ArgumentException(
                "PostgreSqlSymStoreOptions.Schema must be a lower-case identifier: letters, digits and underscores, starting with a letter or underscore, at most 63 characters.",
                nameof(options));
        }

        if (options.TransientRetryTimeout < TimeSpan.Zero || options.CommandTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("PostgreSqlSymStoreOptions.TransientRetryTimeout must not be negative, and CommandTimeout must be positive.", nameof(options));
        }

        NpgsqlConnectionStringBuilder connection;
        try
        {
            connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            // Npgsql's message may quote the string, password included: say only that it is invalid.
            throw new ArgumentException("PostgreSqlSymStoreOptions.ConnectionString is not a valid Npgsql connection string.", nameof(options));
        }

        Schema = options.Schema;
        Server = $"{connection.Host}:{connection.Port}/{connection.Database ?? connection.Username}";
        connection.SearchPath = Schema;
        connection.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        if (connection.MaxAutoPrepare == 0)
        {
            // Every statement the store runs is one of a few dozen: let Npgsql prepare them once per connection.
            connection.MaxAutoPrepare = 64;
        }

        connection.ApplicationName ??= "Sym.Sdk";
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _dataSource = new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
        TimeProvider time = timeProvider ?? TimeProvider.System;
        _retryAny = BuildRetry(options.TransientRetryTimeout, time, PostgreSqlErrors.Transient);
        _retryUnwritten = BuildRetry(options.TransientRetryTimeout, time, PostgreSqlErrors.NothingWritten);
    }

    /// <summary>The schema version this version of the store creates and migrates databases to.</summary>
    public static int CurrentSchemaVersion => PostgreSqlSchema.CurrentVersion;

    /// <summary>The schema the store's tables live in.</summary>
    public string Schema { get; }

    /// <summary>The server as host, port and database, for messages (never the connection string).</summary>
    public string Server { get; }

    /// <summary>
    /// Connects, creates the schema when missing, and migrates it to <see cref="CurrentSchemaVersion"/> under an advisory
    /// lock. Every operation does this on first use; call it at startup to fail fast. Safe to call concurrently, from
    /// several hosts, and again.
    /// </summary>
    /// <param name="cancellationToken">Cancels the initialization.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    /// <exception cref="SymException">
    /// <c>Storage:SCHEMA_TOO_NEW</c> (migrated by a newer version), <c>Storage:NOT_A_SYM_STORE</c> (another application's
    /// tables), <c>Storage:UNSUPPORTED_SERVER</c> (PostgreSQL before 13), <c>Storage:UNAVAILABLE</c>,
    /// <c>Storage:AUTHENTICATION_FAILED</c>, <c>Storage:PERMISSION_DENIED</c>.
    /// </exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_initialized)
        {
            return;
        }

        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            int from = await ExecuteAsync(this, static async (connection, store, ct) =>
                await PostgreSqlSchema.MigrateAsync(connection, store.Schema, store.Server, ct).ConfigureAwait(false),
                _retryUnwritten, "opening the store", cancellationToken).ConfigureAwait(false);
            if (from == CurrentSchemaVersion)
            {
                PostgreSqlLog.Opened(_logger, Server, Schema, from);
            }
            else
            {
                PostgreSqlLog.Migrated(_logger, Server, Schema, from, CurrentSchemaVersion);
            }

            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }

    /// <summary>Closes the store's pooled connections. Operations still running finish first.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _initGate.Dispose();
    }

    /// <summary>Closes the store's pooled connections.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _dataSource.Dispose();
        _initGate.Dispose();
    }

    /// <summary>Runs an operation on a pooled connection, retried after any passing failure when <paramref name="idempotent"/>, else only when nothing was written; failures become <see cref="SymException"/>s.</summary>
    private async ValueTask<T> RunAsync<TState, T>(
        TState state, Func<NpgsqlConnection, TState, CancellationToken, ValueTask<T>> operation, bool idempotent, string name, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return await ExecuteAsync(state, operation, idempotent ? _retryAny : _retryUnwritten, name, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<T> ExecuteAsync<TState, T>(
        TState state, Func<NpgsqlConnection, TState, CancellationToken, ValueTask<T>> operation, ResiliencePipeline retry, string name,
        CancellationToken cancellationToken)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(name, cancellationToken);
        try
        {
            return await retry.ExecuteAsync(static async (ctx, s) =>
            {
                NpgsqlConnection connection = await s.store.OpenAsync(ctx.CancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    return await s.operation(connection, s.state, ctx.CancellationToken).ConfigureAwait(false);
                }
            }, context, (store: this, state, operation)).ConfigureAwait(false);
        }
        catch (ConnectionFailedException ex)
        {
            throw PostgreSqlErrors.From(ex.InnerException!, Server, name);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw PostgreSqlErrors.From(ex, Server, name);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Opens a pooled connection for the caller to keep, retried like any operation.</summary>
    private async ValueTask<NpgsqlConnection> ExecuteOpenAsync(string name, CancellationToken cancellationToken)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(name, cancellationToken);
        try
        {
            return await _retryUnwritten.ExecuteAsync(static (ctx, store) => store.OpenAsync(ctx.CancellationToken), context, this).ConfigureAwait(false);
        }
        catch (ConnectionFailedException ex)
        {
            throw PostgreSqlErrors.From(ex.InnerException!, Server, name);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw PostgreSqlErrors.From(ex, Server, name);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Opens a pooled connection; a failure to open it (nothing was sent) is a <see cref="ConnectionFailedException"/>.</summary>
    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException or System.Net.Sockets.SocketException && !cancellationToken.IsCancellationRequested)
        {
            if (ex is PostgresException { IsTransient: false })
            {
                throw; // refused for good (credentials, no such database): not retried
            }

            throw new ConnectionFailedException(ex);
        }
    }

    private ResiliencePipeline BuildRetry(TimeSpan timeout, TimeProvider time, Func<Exception, bool> handles)
    {
        // Exponential from 100 ms, at most 2 s apart, with jitter, for about the timeout in all.
        int attempts = 0;
        TimeSpan total = TimeSpan.Zero;
        for (TimeSpan delay = TimeSpan.FromMilliseconds(100); total < timeout; attempts++)
        {
            total += delay;
            delay = delay * 2 > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : delay * 2;
        }

        if (attempts == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is { } ex && handles(ex)),
            MaxRetryAttempts = attempts,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(2),
            UseJitter = true,
            OnRetry = args =>
            {
                Exception ex = args.Outcome.Exception!;
                PostgreSqlLog.Retrying(_logger, Server, args.Context.OperationKey ?? "an operation", Describe(ex), args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private static string Describe(Exception ex) => ex switch
    {
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
        ConnectionFailedException c => $"cannot connect: {c.InnerException!.GetType().Name}",
        _ => ex.GetType().Name,
    };

    private static NpgsqlParameter P<T>(T value) => new NpgsqlParameter<T> { TypedValue = value };

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static NpgsqlParameter Long(long? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint };

    private static NpgsqlBatchCommand Statement(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static long Ticks(DateTimeOffset value) => value.UtcTicks;

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    private static string Key(string value) => value.ToUpperInvariant();
}
