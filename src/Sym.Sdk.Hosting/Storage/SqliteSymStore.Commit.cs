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
    /// Documents are serialized before the write is queued, so the writer's transaction only runs prepared statements.
    /// Each run snapshot is serialized once: the run the step writes, and the snapshot its messages carry (the same one, as
    /// the engine sends them), stored with each message.
    /// </remarks>
    public ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default)
    {
        SymRunTransition.ThrowIfInvalid(transition);
        SymRun? run = transition.Run;
        string? runData = run is not null && run.Version != transition.ExpectedVersion ? RunDocuments.Serialize(run) : null;
        IReadOnlyList<SymOutboxMessage> messages = transition.Messages;
        var messageData = new MessageData[messages.Count];
        for (int i = 0; i < messageData.Length; i++)
        {
            SymOutboxMessage message = messages[i];
            messageData[i] = new MessageData(RunDocuments.SerializeMessage(message), message.Run is { } snapshot ? SnapshotData(snapshot, i) : null);
        }

        return WriteAsync(new CommitState(transition, runData, messageData), static (writer, state) => Commit(writer, state),
            "committing a step", cancellationToken);

        // The JSON of a message's run snapshot: the run's own when it is the same object, else an earlier message's.
        string SnapshotData(SymRun snapshot, int index)
        {
            if (ReferenceEquals(snapshot, run) && runData is not null)
            {
                return runData;
            }

            for (int j = 0; j < index; j++)
            {
                if (ReferenceEquals(messages[j].Run, snapshot))
                {
                    return messageData[j].RunData!;
                }
            }

            return RunDocuments.Serialize(snapshot);
        }
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
            EnqueueMessage(writer, t.Messages[i], state.MessageData[i]);
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

    private sealed record CommitState(SymRunTransition Transition, string? RunData, MessageData[] MessageData);

    /// <summary>A message's serialized document, and its run snapshot's (<see langword="null"/> without one).</summary>
    private readonly record struct MessageData(string Data, string? RunData);
}
