using System.Collections.Concurrent;

namespace Sym.Sdk.Hosting.Storage.Internal;

/// <summary>
/// Reader sessions, kept open between operations so their prepared statements are reused. WAL mode lets any number of
/// readers run beside the writer; the pool keeps at most a few idle sessions and closes the rest.
/// </summary>
internal sealed class SqliteSessionPool : IDisposable
{
    private readonly ConcurrentQueue<SqliteSession> _idle = new();
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly int _maxIdle;
    private int _idleCount;
    private volatile bool _disposed;

    public SqliteSessionPool(string connectionString, int busyTimeoutMilliseconds, int maxIdle)
    {
        _connectionString = connectionString;
        _busyTimeoutMilliseconds = busyTimeoutMilliseconds;
        _maxIdle = maxIdle;
    }

    public SqliteSession Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryDequeue(out SqliteSession? session))
        {
            Interlocked.Decrement(ref _idleCount);
            return session;
        }

        return Open();
    }

    public SqliteSession Open() => new(_connectionString, _busyTimeoutMilliseconds);

    /// <summary>Returns a session; a broken one (<paramref name="healthy"/> false) is closed instead of reused.</summary>
    public void Return(SqliteSession session, bool healthy = true)
    {
        if (healthy && !_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= _maxIdle)
            {
                _idle.Enqueue(session);
                if (_disposed)
                {
                    Dispose();
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        session.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out SqliteSession? session))
        {
            session.Dispose();
        }
    }
}
