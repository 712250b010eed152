using Npgsql;
using Sym.Sdk.Hosting.PostgreSql.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql;

/// <content>
/// Grant locks across hosts (<see cref="ISymGrantLocks"/>): a transaction-level advisory lock on the grant's key, held by a
/// pooled connection in an open transaction for the length of one grant's critical section (the look for a run still holding the access, the strategy call and
/// the commit recording it; the commit uses another connection). Ending the transaction releases it; so
/// does the server when the holder's connection dies (a host killed mid-call never blocks the grant). The transaction
/// only takes the lock: it writes nothing and holds no snapshot.
/// </content>
public sealed partial class PostgreSqlSymStore
{
    private static readonly string LockGrantSql = FormattableString.Invariant($"SELECT pg_advisory_xact_lock({PostgreSqlSchema.LockClassGrant}, hashtext($1));");

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> LockGrantAsync(string grantKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grantKey);
        return await RunLeasedAsync(grantKey, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<GrantLock> RunLeasedAsync(string grantKey, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        // Opening is retried like any operation; the lock itself is taken once (a wait that failed holds nothing).
        NpgsqlConnection connection = await ExecuteOpenAsync("locking a grant", cancellationToken).ConfigureAwait(false);
        try
        {
            NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using NpgsqlCommand command = Command(connection, LockGrantSql, Text(grantKey));
            command.Transaction = transaction;
            command.CommandTimeout = 0; // waiting for another host's strategy call is not a slow statement
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new GrantLock(this, connection, transaction);
        }
        catch (Exception ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                throw PostgreSqlErrors.From(ex, Server, "locking a grant");
            }

            throw;
        }
    }

    /// <summary>A held grant lock: its connection and the transaction whose end releases it.</summary>
    private sealed class GrantLock(PostgreSqlSymStore store, NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The connection broke: the server ended the transaction, and its lock with it.
                PostgreSqlLog.GrantUnlockFailed(store._logger, store.Server, ex.GetType().Name);
            }
            finally
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
