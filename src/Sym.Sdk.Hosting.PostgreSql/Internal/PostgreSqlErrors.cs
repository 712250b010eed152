using Npgsql;
using Sym.Sdk.Hosting.Storage;

namespace Sym.Sdk.Hosting.PostgreSql.Internal;

/// <summary>
/// Maps Npgsql's and PostgreSQL's errors to <see cref="SymException"/>s with a <c>Storage:</c> code and a hint, and tells
/// which failures pass (and so may be retried). Messages name the server as host, port and database, never the
/// connection string (its password).
/// </summary>
internal static class PostgreSqlErrors
{
    public static SymException From(Exception exception, string where, string operation) => exception switch
    {
        PostgresException pg => pg.SqlState switch
        {
            PostgresErrorCodes.ReadOnlySqlTransaction => new SymException(SymStorageErrorCodes.ReadOnly,
                $"The PostgreSQL server at {where} accepts no writes ({operation}): it is a standby, or the database is read-only.",
                "Point Sym:Storage:ConnectionString at the primary (with several hosts, add 'Target Session Attributes=primary').", pg),
            PostgresErrorCodes.DiskFull => new SymException(SymStorageErrorCodes.DiskFull, $"The disk of the PostgreSQL server at {where} is full ({operation}).",
                "Free space on the server; nothing was written.", pg),
            PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.QueryCanceled => new SymException(SymStorageErrorCodes.Busy,
                $"The PostgreSQL server at {where} was too busy while {operation} ({pg.SqlState}: {pg.MessageText}).",
                "Raise the server's max_connections or lower the hosts' pool sizes (Maximum Pool Size), or look for long-running statements.", pg),
            PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => new SymException(SymStorageErrorCodes.AuthenticationFailed,
                $"The PostgreSQL server at {where} refused the store's credentials ({operation}).",
                "Check the user and password in Sym:Storage:ConnectionString.", pg),
            PostgresErrorCodes.InsufficientPrivilege => new SymException(SymStorageErrorCodes.PermissionDenied,
                $"The PostgreSQL user has no permission for what the store does while {operation} at {where}: {pg.MessageText}",
                "Grant the store's user the privileges of the store's schema (and CREATE on the database for the first migration).", pg),
            _ when pg.IsTransient => Unavailable(pg, where, operation),
            _ => new SymException(SymStorageErrorCodes.Failed, $"The PostgreSQL store at {where} failed while {operation}: {pg.SqlState}: {pg.MessageText}", null, pg),
        },
        NpgsqlException or TimeoutException or IOException or System.Net.Sockets.SocketException => Unavailable(exception, where, operation),
        _ => new SymException(SymStorageErrorCodes.Failed, $"The PostgreSQL store at {where} failed while {operation}: {exception.Message}", null, exception),
    };

    public static SymException Unavailable(Exception exception, string where, string operation) =>
        new(SymStorageErrorCodes.Unavailable, $"The PostgreSQL server at {where} could not be reached or went away while {operation}.",
            "The server may be restarting or failing over; the store retried for Sym:Storage:TransientRetryTimeout. Check the server and the network.",
            exception);

    public static SymException CommitUnknown(Exception exception, string where) =>
        new(SymStorageErrorCodes.CommitUnknown,
            $"The connection to the PostgreSQL server at {where} broke while a step was being committed, and whether it was committed could not be told.",
            "Read the run again: the step is either wholly there or wholly absent.", exception);

    public static SymException UnreadableRun(string where, string runId, Exception exception) =>
        new(SymStorageErrorCodes.UnreadableRun, $"Run '{runId}' in the Sym store at {where} cannot be read: {exception.Message}",
            "The stored document is damaged or was written by an incompatible version.", exception);

    public static SymException UnreadableMessage(string where, string messageId, Exception exception) =>
        new(SymStorageErrorCodes.UnreadableMessage, $"Outbox message '{messageId}' in the Sym store at {where} cannot be read: {exception.Message}",
            "The stored document is damaged or was written by an incompatible version.", exception);

    /// <summary>
    /// Whether the failure passes and the server, or the failure to reach it, guarantees nothing was written: the
    /// connection could not be opened, or the server refused the statements with a transient error (a batch's implicit
    /// transaction is rolled back whole). Any operation may be tried again after it.
    /// </summary>
    public static bool NothingWritten(Exception exception) =>
        exception is ConnectionFailedException || (exception is PostgresException pg && pg.IsTransient);

    /// <summary>Whether the failure passes (the connection broke mid-statement included): an idempotent operation may be tried again.</summary>
    public static bool Transient(Exception exception) =>
        NothingWritten(exception) || (exception is NpgsqlException { IsTransient: true } and not PostgresException);
}

/// <summary>Opening a connection failed: nothing was sent, so any operation may be tried again.</summary>
internal sealed class ConnectionFailedException(Exception inner) : Exception(inner.Message, inner);

/// <summary>The connection broke after a commit was sent: it may or may not have been committed.</summary>
internal sealed class AmbiguousCommitException(Exception inner) : Exception(inner.Message, inner);
