using Npgsql;
using Sym.Sdk.Hosting.PostgreSql.Internal;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql;

/// <content>
/// One engine step, one transaction, one round trip: the run's compare-and-swap (which raises <c>SY001</c> when the
/// version moved, so the rest of the batch never runs), the fired, cancelled and scheduled timers, the audit entries,
/// identities, the delivered message and the new ones go to the server as one batch, which PostgreSQL runs in one implicit
/// transaction: all of it is committed, or none of it.
/// </content>
public sealed partial class PostgreSqlSymStore
{
    private const string CreateRunSql =
        """
        WITH w AS (
            INSERT INTO sym_runs (id, version, flow, state, requested_at, requester_key, data, commit_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING 1)
        SELECT sym_require(EXISTS (SELECT 1 FROM w));
        """;

    private const string UpdateRunSql =
        """
        WITH w AS (
            UPDATE sym_runs SET version = $2, flow = $3, state = $4, requested_at = $5, requester_key = $6, data = $7, commit_id = $8
            WHERE id = $1 AND version = $9 RETURNING 1)
        SELECT sym_require(EXISTS (SELECT 1 FROM w));
        """;

    // A check-only commit writes its commit id on the run: it locks the row against concurrent steps like an update does,
    // and a commit whose answer was lost can tell whether it happened.
    private const string CheckRunSql =
        """
        WITH w AS (UPDATE sym_runs SET commit_id = $2 WHERE id = $1 AND version = $3 RETURNING 1)
        SELECT sym_require(EXISTS (SELECT 1 FROM w));
        """;

    private const string CommitIdSql = "SELECT commit_id FROM sym_runs WHERE id = $1;";

    /// <inheritdoc />
    /// <remarks>
    /// A commit that lost a race returns <see langword="false"/> having written nothing. One whose connection broke after it
    /// was sent is sent again on a new connection: if the run's version then conflicts, the commit id stored on the run says
    /// whether it was this commit that moved it. A step without a run whose connection broke this way throws
    /// <c>Storage:COMMIT_UNKNOWN</c>.
    /// </remarks>
    public async ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default)
    {
        SymRunTransition.ThrowIfInvalid(transition);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        var commit = new CommitBatch(transition, Guid.NewGuid());
        try
        {
            // Once sent, a commit is not cancelled.
            return await ExecuteAsync(commit, static (connection, c, _) => SendAsync(connection, c), _retryUnwritten, "committing a step", CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (AmbiguousCommitException ex)
        {
            if (transition.Run is not { } run)
            {
                throw PostgreSqlErrors.CommitUnknown(ex.InnerException!, Server);
            }

            return await ResolveAsync(commit, run.Id, ex).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends a commit again after its connection broke: it applies now (the first never reached the server's commit), or it
    /// conflicts, and the run's commit id tells whether the first attempt is what moved the run. The second attempt's
    /// compare-and-swap waits for the row lock of a first attempt the server has not yet ended, so the answer is final.
    /// </summary>
    private async ValueTask<bool> ResolveAsync(CommitBatch commit, string runId, AmbiguousCommitException first)
    {
        try
        {
            bool applied = await ExecuteAsync(commit, static (connection, c, _) => SendAsync(connection, c), _retryUnwritten, "committing a step again",
                CancellationToken.None).ConfigureAwait(false);
            if (applied)
            {
                PostgreSqlLog.CommitResolved(_logger, Server, runId, "not applied the first time; applied now");
                return true;
            }

            Guid? stored = await ExecuteAsync(runId, static async (connection, id, ct) =>
            {
                using NpgsqlCommand command = Command(connection, CommitIdSql, Text(id));
                return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as Guid?;
            }, _retryAny, "reading a run's commit id", CancellationToken.None).ConfigureAwait(false);
            bool ours = stored == commit.CommitId;
            PostgreSqlLog.CommitResolved(_logger, Server, runId, ours ? "applied" : "not applied (another step moved the run)");
            return ours;
        }
        catch (AmbiguousCommitException again)
        {
            throw PostgreSqlErrors.CommitUnknown(again.InnerException ?? first.InnerException!, Server);
        }
    }

    private static async ValueTask<bool> SendAsync(NpgsqlConnection connection, CommitBatch commit)
    {
        using NpgsqlBatch batch = commit.Build(connection);
        try
        {
            await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgreSqlSchema.ConflictState)
        {
            return false;
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            throw new AmbiguousCommitException(ex);
        }
    }

    /// <summary>A transition's statements, serialized once and bound to a fresh batch for each attempt.</summary>
    private sealed class CommitBatch
    {
        private readonly SymRunTransition _t;
        private readonly string? _runData;
        private readonly (string Data, string? RunData)[] _messages;

        public CommitBatch(SymRunTransition transition, Guid commitId)
        {
            _t = transition;
            CommitId = commitId;
            SymRun? run = transition.Run;
            _runData = run is not null && run.Version != transition.ExpectedVersion ? RunDocuments.Serialize(run) : null;
            IReadOnlyList<SymOutboxMessage> messages = transition.Messages;
            _messages = new (string, string?)[messages.Count];
            for (int i = 0; i < _messages.Length; i++)
            {
                SymOutboxMessage message = messages[i];
                _messages[i] = (RunDocuments.SerializeMessage(message), message.Run is { } snapshot ? SnapshotData(snapshot, i) : null);
            }
        }

        public Guid CommitId { get; }

        public NpgsqlBatch Build(NpgsqlConnection connection)
        {
            var batch = new NpgsqlBatch(connection);
            NpgsqlBatchCommandCollection statements = batch.BatchCommands;
            SymRunTransition t = _t;
            if (t.Run is { } run)
            {
                if (t.ExpectedVersion == 0)
                {
                    statements.Add(Statement(CreateRunSql, Text(run.Id), P(run.Version), Text(run.Flow), P((short)run.State), P(Ticks(run.RequestedAt)),
                        Text(Key(run.Requester.Username)), Text(_runData), P(CommitId)));
                }
                else if (_runData is null)
                {
                    statements.Add(Statement(CheckRunSql, Text(run.Id), P(CommitId), P(t.ExpectedVersion)));
                }
                else
                {
                    statements.Add(Statement(UpdateRunSql, Text(run.Id), P(run.Version), Text(run.Flow), P((short)run.State), P(Ticks(run.RequestedAt)),
                        Text(Key(run.Requester.Username)), Text(_runData), P(CommitId), P(t.ExpectedVersion)));
                }

                if (t.Fired is { } fired)
                {
                    statements.Add(CompleteTimerStatement(fired));
                }

                foreach (SymTimerKind kind in t.CancelTimers)
                {
                    statements.Add(Statement(CancelTimerSql, Text(run.Id), P((short)kind)));
                }

                foreach (SymTimer timer in t.ScheduleTimers)
                {
                    statements.Add(Statement(ScheduleTimerSql, Text(timer.RunId), P((short)timer.Kind), P(Ticks(timer.DueAt)), P(timer.Argument)));
                }
            }

            foreach (SymAuditEntry entry in t.Audit)
            {
                statements.Add(AppendAuditStatement(entry));
            }

            foreach (SymIdentitySave save in t.Identities)
            {
                statements.Add(SaveIdentityStatement(save.User, save.Identity));
            }

            // Outbox order keys are locked in one order (sorted) by every transaction that adds or removes messages.
            SortedSet<string>? keys = null;
            if (t.Delivered is not null || t.Messages.Count > 0)
            {
                keys = new SortedSet<string>(StringComparer.Ordinal);
                if (t.Delivered is { } delivered)
                {
                    keys.Add(delivered.OrderKey);
                }

                foreach (SymOutboxMessage message in t.Messages)
                {
                    keys.Add(message.OrderKey);
                }

                foreach (string key in keys)
                {
                    statements.Add(LockOrderKeyStatement(key));
                }
            }

            if (t.Delivered is { } done)
            {
                statements.Add(Statement(CompleteMessageSql, Text(done.Id), P(done.ClaimToken)));
                statements.Add(Statement(PromoteHeadSql, Text(done.OrderKey)));
            }

            for (int i = 0; i < t.Messages.Count; i++)
            {
                statements.Add(EnqueueMessageStatement(t.Messages[i], _messages[i].Data, _messages[i].RunData));
            }

            return batch;
        }

        // The JSON of a message's run snapshot: the run's own when it is the same object, else an earlier message's.
        private string SnapshotData(SymRun snapshot, int index)
        {
            if (ReferenceEquals(snapshot, _t.Run) && _runData is not null)
            {
                return _runData;
            }

            for (int j = 0; j < index; j++)
            {
                if (ReferenceEquals(_t.Messages[j].Run, snapshot))
                {
                    return _messages[j].RunData!;
                }
            }

            return RunDocuments.Serialize(snapshot);
        }
    }
}
