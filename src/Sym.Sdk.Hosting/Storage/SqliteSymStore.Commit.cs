using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Storage;

/// <content>
/// One engine step, one write: the run's compare-and-swap, its timers, audit entries, identities and outbox messages are
/// one operation of the group-commit writer, so they share its transaction (each operation in its own savepoint when
/// several are batched) and are on disk together, or not at all, when <see cref="CommitAsync"/> returns.
/// </content>
public sealed partial class SqliteSymStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Documents are serialized before the write is queued (the run once: its outbox messages store the same JSON), so the
    /// writer's transaction only runs prepared statements.
    /// </remarks>
    public ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default)
    {
        SymRunTransition.ThrowIfInvalid(transition);
        string? runData = transition.Run is { } run && run.Version != transition.ExpectedVersion ? RunDocuments.Serialize(run) : null;
        string[] messageData = transition.Messages.Count == 0 ? [] : new string[transition.Messages.Count];
        string? messageRunData = null;
        for (int i = 0; i < messageData.Length; i++)
        {
            SymOutboxMessage message = transition.Messages[i];
            messageData[i] = RunDocuments.SerializeMessage(message);
            if (message.Run is { } snapshot && messageRunData is null)
            {
                messageRunData = ReferenceEquals(snapshot, transition.Run) && runData is not null ? runData : RunDocuments.Serialize(snapshot);
            }
        }

        return WriteAsync(new CommitState(transition, runData, messageData, messageRunData), static (writer, state) => Commit(writer, state),
            "committing a step", cancellationToken);
    }

    private static bool Commit(SqliteSession writer, CommitState state)
    {
        SymRunTransition t = state.Transition;
        if (t.Run is { } run)
        {
            if (!WriteRun(writer, run, t.ExpectedVersion, state.RunData))
            {
                return false;
            }

            if (t.Fired is { } fired)
            {
                CompleteTimer(writer, fired);
            }

            foreach (SymTimerKind kind in t.CancelTimers)
            {
                CancelTimer(writer, run.Id, kind);
            }

            foreach (SymTimer timer in t.ScheduleTimers)
            {
                ScheduleTimer(writer, timer);
            }
        }

        foreach (SymAuditEntry entry in t.Audit)
        {
            AppendAudit(writer, entry);
        }

        foreach (SymIdentitySave save in t.Identities)
        {
            SaveIdentity(writer, save.User, save.Identity);
        }

        if (t.Delivered is { } delivered)
        {
            CompleteMessage(writer, delivered);
        }

        for (int i = 0; i < t.Messages.Count; i++)
        {
            SymOutboxMessage message = t.Messages[i];
            EnqueueMessage(writer, message, message.Run is null ? null : state.MessageRunData, state.MessageData[i]);
        }

        return true;
    }

    /// <summary>Creates, replaces (compare-and-swap) or only checks the run; <see langword="false"/> on a conflict, having written nothing.</summary>
    private static bool WriteRun(SqliteSession writer, SymRun run, long expectedVersion, string? data)
    {
        if (expectedVersion == 0)
        {
            SqliteCommand create = writer.Command(CreateRunSql);
            BindRun(create, run, data!);
            return create.ExecuteNonQuery() == 1;
        }

        if (data is null)
        {
            SqliteCommand check = writer.Command(RunVersionSql);
            Set(check, 0, run.Id);
            return check.ExecuteScalar() is long version && version == expectedVersion;
        }

        foreach (SqliteStatement statement in (ReadOnlySpan<SqliteStatement>)[UpdateRunStateSql, UpdateRunSql])
        {
            SqliteCommand command = writer.Command(statement);
            BindRun(command, run, data);
            Set(command, 7, expectedVersion);
            if (command.ExecuteNonQuery() == 1)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record CommitState(SymRunTransition Transition, string? RunData, string[] MessageData, string? MessageRunData);
}
