using Microsoft.Data.Sqlite;

namespace Sym.Sdk.Hosting.Storage.Internal;

/// <summary>
/// The store's one writer connection, with group commit. Every write is queued; whoever holds the gate takes everything
/// queued so far and runs it in one <c>BEGIN IMMEDIATE</c> transaction, each write inside its own savepoint, then commits
/// once. With <c>synchronous=FULL</c> a commit costs an fsync, so concurrent writers (API requests, several scheduler
/// loops) share one instead of queuing for one each. A write's task completes only after its batch is committed, so an
/// acknowledged write is durable; a write that fails is rolled back to its savepoint and fails alone.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    private static readonly SqliteStatement Begin = new("BEGIN IMMEDIATE;");
    private static readonly SqliteStatement Commit = new("COMMIT;");
    private static readonly SqliteStatement Savepoint = new("SAVEPOINT sym_write;");
    private static readonly SqliteStatement Release = new("RELEASE sym_write;");
    private static readonly SqliteStatement RollbackToSavepoint = new("ROLLBACK TO sym_write;");

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _queueLock = new();
    private readonly Func<SqliteException, string, Exception> _translate;
    private List<Operation> _queue = [];
    private List<Operation> _spare = [];
    private SqliteSession? _session;
    private long _commits;

    /// <param name="session">The open, migrated writer connection; owned from now on.</param>
    /// <param name="translate">Maps a SQLite error and the operation's description to the exception callers see.</param>
    public GroupCommitWriter(SqliteSession session, Func<SqliteException, string, Exception> translate)
    {
        _session = session;
        _translate = translate;
    }

    /// <summary>How many transactions committed (for tests and diagnostics).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Runs <paramref name="work"/> in the next batch; completes when the batch is committed.</summary>
    /// <remarks>Once queued a write is not cancelled: the caller could not know whether it happened.</remarks>
    public async ValueTask<T> WriteAsync<TState, T>(TState state, Func<SqliteSession, TState, T> work, string operation)
    {
        var op = new Operation<TState, T>(state, work, operation);
        lock (_queueLock)
        {
            _queue.Add(op);
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!op.Task.IsCompleted)
            {
                Flush();
            }
        }
        finally
        {
            _gate.Release();
        }

        return await op.Task.ConfigureAwait(false);
    }

    /// <summary>Waits for the batch in progress, then closes the connection; later writes fail as disposed.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _session?.Dispose();
            _session = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Flush()
    {
        List<Operation> batch;
        lock (_queueLock)
        {
            batch = _queue;
            _queue = _spare;
            _spare = batch;
        }

        try
        {
            Run(batch);
        }
        finally
        {
            batch.Clear();
        }
    }

    private void Run(List<Operation> batch)
    {
        SqliteSession? session = _session;
        if (session is null)
        {
            FailAll(batch, new ObjectDisposedException(nameof(SqliteSymStore)));
            return;
        }

        try
        {
            session.Execute(Begin);
        }
        catch (SqliteException ex)
        {
            FailAll(batch, ex);
            return;
        }

        bool savepoints = batch.Count > 1;
        foreach (Operation op in batch)
        {
            try
            {
                if (savepoints)
                {
                    session.Execute(Savepoint);
                }

                op.Execute(session);
                if (savepoints)
                {
                    session.Execute(Release);
                }
            }
            catch (Exception ex)
            {
                // Some errors (disk full, I/O) make SQLite roll back the whole transaction: then every write of the batch
                // is lost, including those that ran before, and all of them fail.
                if (!savepoints || !InTransaction(session) || !TryRollbackToSavepoint(session))
                {
                    SqliteSchema.RollbackQuietly(session.Connection);
                    FailAll(batch, ex);
                    return;
                }

                op.Error = ex;
            }
        }

        try
        {
            session.Execute(Commit);
            Interlocked.Increment(ref _commits);
        }
        catch (SqliteException ex)
        {
            SqliteSchema.RollbackQuietly(session.Connection);
            FailAll(batch, ex);
            return;
        }

        foreach (Operation op in batch)
        {
            if (op.Error is { } error)
            {
                op.Fail(Translate(error, op));
            }
            else
            {
                op.Succeed();
            }
        }
    }

    private static bool InTransaction(SqliteSession session) => SQLitePCL.raw.sqlite3_get_autocommit(session.Connection.Handle) == 0;

    private static bool TryRollbackToSavepoint(SqliteSession session)
    {
        try
        {
            session.Execute(RollbackToSavepoint);
            session.Execute(Release);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private void FailAll(List<Operation> batch, Exception error)
    {
        foreach (Operation op in batch)
        {
            op.Fail(Translate(error, op));
        }
    }

    private Exception Translate(Exception error, Operation op) => error is SqliteException sqlite ? _translate(sqlite, op.Description) : error;

    private abstract class Operation(string description)
    {
        public string Description { get; } = description;

        public Exception? Error { get; set; }

        public abstract void Execute(SqliteSession session);

        public abstract void Succeed();

        public abstract void Fail(Exception error);
    }

    private sealed class Operation<TState, T>(TState state, Func<SqliteSession, TState, T> work, string description) : Operation(description)
    {
        // Completed by whichever writer runs the batch: continuations must not run inline on its thread, under the gate.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _completion.Task;

        public override void Execute(SqliteSession session) => _result = work(session, state);

        public override void Succeed() => _completion.TrySetResult(_result);

        public override void Fail(Exception error) => _completion.TrySetException(error);
    }
}
