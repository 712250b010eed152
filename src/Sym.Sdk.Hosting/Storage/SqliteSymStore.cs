using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Storage;

/// <summary>
/// The durable store on SQLite: runs (with optimistic concurrency), the append-only audit log, users' identities,
/// timers, the outbox of notifications and the inbox of acknowledged deliveries, in one database file. Each engine step
/// is written in one transaction (<see cref="CommitAsync"/>), all of it or none of it. Several processes may share the
/// file: each run's version makes concurrent updates take effect once, and timers, outbox messages and inbox items are
/// leased, so two schedulers never fire one timer twice while a lease held by a process that died expires and the work is
/// taken over. Register it with <c>services.AddSym().UseSqliteStore(…)</c>.
/// </summary>
/// <remarks>
/// <para>The file is created and migrated to the current schema on first use (or at host start, by the initializer
/// <c>UseSqliteStore</c> registers). It runs in WAL mode with <c>synchronous=FULL</c>: a write the engine was told
/// succeeded is on disk, so access granted is never forgotten, even after a power loss.</para>
/// <para>Thread-safe. In one process, writes go through one connection (SQLite allows one writer at a time anyway;
/// queuing in process avoids SQLite's sleep-and-retry on lock contention), and writes that arrive while a commit is under
/// way are committed together, sharing one fsync; a write returns only once it is committed. Reads run in parallel on
/// pooled connections. Times are stored and returned in UTC.</para>
/// </remarks>
public sealed partial class SqliteSymStore : ISymStore, IDisposable
{
    private readonly ILogger _logger;
    private readonly int _busyTimeoutMilliseconds;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private readonly SqliteSessionPool _readers;
    private GroupCommitWriter? _writer;
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <summary>Creates the store over the file in <paramref name="options"/>; nothing is opened until first use.</summary>
    /// <param name="options">The file and settings.</param>
    /// <param name="logger">Where migrations are logged.</param>
    /// <exception cref="ArgumentException"><see cref="SqliteSymStoreOptions.Path"/> is missing, or the busy timeout is not positive.</exception>
    public SqliteSymStore(SqliteSymStoreOptions options, ILogger<SqliteSymStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path, nameof(options));
        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException("SqliteSymStoreOptions.BusyTimeout must be positive.", nameof(options));
        }

        Path = System.IO.Path.GetFullPath(options.Path);
        _busyTimeoutMilliseconds = (int)options.BusyTimeout.TotalMilliseconds;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        string connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,

            // The store keeps its own open connections with their prepared statements; ADO.NET pooling would only add a
            // second layer (and keep the file open after Dispose).
            Pooling = false,

            // SQLite's busy_timeout does the waiting; Microsoft.Data.Sqlite's own retry loop (150 ms sleeps) gives up
            // right after it.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
        _readers = new SqliteSessionPool(connectionString, _busyTimeoutMilliseconds, Math.Max(4, Environment.ProcessorCount * 2));
    }

    /// <summary>The schema version this version of the store creates and migrates files to.</summary>
    public static int CurrentSchemaVersion => SqliteSchema.CurrentVersion;

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens the file, creating it when missing, and migrates it to <see cref="CurrentSchemaVersion"/>. Every operation
    /// does this on first use; call it at startup to fail fast. Safe to call concurrently and again.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for another caller's initialization.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    /// <exception cref="SymException">
    /// <c>Storage:SCHEMA_TOO_NEW</c> (written by a newer version), <c>Storage:NOT_A_SYM_STORE</c> (another application's
    /// database), <c>Storage:CORRUPT</c> (not a database, or tables missing), <c>Storage:CANNOT_OPEN</c>,
    /// <c>Storage:WAL_UNAVAILABLE</c>, <c>Storage:BUSY</c>.
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

            ObjectDisposedException.ThrowIf(_disposed, this);
            SqliteSession writer = _readers.Open();
            try
            {
                int from = SqliteSchema.Migrate(writer.Connection, Path);
                if (from == CurrentSchemaVersion)
                {
                    StorageLog.Opened(_logger, Path, from);
                }
                else
                {
                    StorageLog.Migrated(_logger, Path, from, CurrentSchemaVersion);
                }
            }
            catch
            {
                writer.Dispose();
                throw;
            }

            _writer = new GroupCommitWriter(writer, (ex, operation) => StorageErrors.From(ex, Path, operation));
            _initialized = true;
        }
        catch (SqliteException ex)
        {
            throw StorageErrors.From(ex, Path, "opening the store");
        }
        finally
        {
            _initGate.Release();
        }
    }

    /// <summary>Closes the store's connections. Operations still running finish first.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _readers.Dispose();
        _writer?.Dispose();
    }

    /// <summary>Runs a read on a pooled connection.</summary>
    private async ValueTask<T> ReadAsync<TState, T>(TState state, Func<SqliteSession, TState, T> read, string operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        SqliteSession session = RentReader(operation);
        bool healthy = false;
        try
        {
            T result = read(session, state);
            healthy = true;
            return result;
        }
        catch (SqliteException ex)
        {
            throw StorageErrors.From(ex, Path, operation);
        }
        finally
        {
            _readers.Return(session, healthy);
        }
    }

    /// <summary>Runs a write on the writer connection, committed with whatever other writes are queued (group commit).</summary>
    internal async ValueTask<T> WriteAsync<TState, T>(TState state, Func<SqliteSession, TState, T> write, string operation, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return await _writer!.WriteAsync(state, write, operation).ConfigureAwait(false);
    }

    /// <summary>How many write transactions this store committed; fewer than writes when concurrent writes were grouped.</summary>
    internal long Commits => _writer?.Commits ?? 0;

    private SqliteSession RentReader(string operation)
    {
        try
        {
            return _readers.Rent();
        }
        catch (SqliteException ex)
        {
            throw StorageErrors.From(ex, Path, operation);
        }
    }

    private static void Set(SqliteCommand command, int index, object? value) => command.Parameters[index].Value = value ?? DBNull.Value;

    private static long Ticks(DateTimeOffset value) => value.UtcTicks;

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    private static string Key(string value) => value.ToUpperInvariant();

}
