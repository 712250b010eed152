using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Requests;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// One action on one run while the engine holds the run's lock: the working snapshot and everything the current step has
/// decided but not yet committed (timers, audit entries, identities, messages). <see cref="SymEngine"/> turns it into one
/// <see cref="SymRunTransition"/> at each commit point; nothing here touches the store.
/// </summary>
internal sealed class RunContext(FlowDefinition flow, SymRun run, SymRun? stored, CancellationToken cancellationToken)
{
    private List<SymTimer>? _schedule;
    private List<SymTimerKind>? _cancel;
    private List<SymAuditEntry>? _audit;
    private List<SymIdentitySave>? _identities;
    private List<PendingMessage>? _messages;

    public FlowDefinition Flow { get; } = flow;

    /// <summary>
    /// The run as this action has it: the stored snapshot, or a newer one the next commit writes. A step changes it
    /// through <see cref="Update"/> only.
    /// </summary>
    public SymRun Run { get; private set; } = run;

    /// <summary>The snapshot last read or committed; <see langword="null"/> while a request's run does not exist yet.</summary>
    public SymRun? Stored { get; private set; } = stored;

    public bool IsStored => Stored is not null;

    /// <summary>The version the next commit writes.</summary>
    public long NextVersion => (Stored?.Version ?? 0) + 1;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>
    /// Makes <paramref name="changed"/>, this step's change of <see cref="Run"/>, the working run, as the version the next
    /// commit writes (<see cref="NextVersion"/>): the one way a step changes the run, so none can forget its version. A
    /// run already at that version (a second change in the same step, or a <c>with</c> that sets
    /// <c>Version = ctx.NextVersion</c> itself, as the engine's steps do to save a copy of the run) is kept as it is.
    /// </summary>
    /// <param name="changed">The run as the step leaves it, typically <c>ctx.Run with { … }</c>.</param>
    public void Update(SymRun changed)
    {
        long version = NextVersion;
        Run = changed.Version == version ? changed : changed with { Version = version };
    }

    /// <summary>The claimed timer this action handles (a timer firing): completed by the next commit.</summary>
    public SymTimer? Fired { get; set; }

    /// <summary>The claimed outbox message whose delivery this action records: completed by the next commit.</summary>
    public SymOutboxMessage? Delivered { get; set; }

    private List<string>? _chain;

    /// <summary>Whether the current chain of hook-fired steps (and the step whose hook started it) already took <paramref name="step"/>.</summary>
    public bool HasFired(Templates.ApprovalTemplateStep step) => _chain is not null && _chain.Contains(step.Name);

    /// <summary>Records a step of a chain of hook-fired steps (the one whose hook started it, then each fired one).</summary>
    public void RecordFired(Templates.ApprovalTemplateStep step)
    {
        if (!HasFired(step))
        {
            (_chain ??= []).Add(step.Name);
        }
    }

    /// <summary>Whether the next commit writes no run (a request refused before its run existed).</summary>
    public bool WithoutRun { get; set; }

    public List<SymAuditEntry>? AuditEntries => _audit;

    public int MessageCount => _messages?.Count ?? 0;

    /// <summary>Whether a commit would write anything.</summary>
    public bool HasChanges =>
        !ReferenceEquals(Run, Stored) || _schedule is { Count: > 0 } || _cancel is { Count: > 0 } || _audit is { Count: > 0 }
        || _identities is { Count: > 0 } || _messages is { Count: > 0 } || Fired is not null || Delivered is not null;

    public void Schedule(SymTimer timer)
    {
        _cancel?.Remove(timer.Kind);
        (_schedule ??= []).RemoveAll(t => t.Kind == timer.Kind);
        _schedule.Add(timer);
    }

    public void Cancel(SymTimerKind kind)
    {
        _schedule?.RemoveAll(t => t.Kind == kind);
        if (_cancel is null || !_cancel.Contains(kind))
        {
            (_cancel ??= []).Add(kind);
        }
    }

    public void Audit(SymAuditEntry entry) => (_audit ??= []).Add(entry);

    /// <summary>Event users with their stored identities, by username, so a step reads each user's identities once.</summary>
    public Dictionary<string, User> UsersWithIdentities { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void SaveIdentity(User user, UserIdentity identity) => (_identities ??= []).Add(new SymIdentitySave(user, identity));

    /// <summary>The identity this step saved for a user and service, if any (read back by the strategy before the commit).</summary>
    public UserIdentity? SavedIdentity(User user, string service)
    {
        if (_identities is null)
        {
            return null;
        }

        for (int i = _identities.Count - 1; i >= 0; i--)
        {
            SymIdentitySave save = _identities[i];
            if (save.User == user && string.Equals(save.Identity.Service, service, StringComparison.OrdinalIgnoreCase))
            {
                return save.Identity;
            }
        }

        return null;
    }

    public void Send(SymNotificationKind kind, SymRunUpdate? update = null, RequestDestination? destination = null, int notificationIndex = 0,
        string? channel = null, SymErrorReport? error = null) =>
        (_messages ??= []).Add(new PendingMessage(kind, update, destination, notificationIndex, channel, error));

    /// <summary>
    /// Builds the transition of everything pending; <paramref name="run"/> is what the commit writes. A message's id is its
    /// run, the version the commit writes and its place in the commit: unique, since only a commit that writes a new
    /// version sends messages, and the same whichever process commits it.
    /// </summary>
    public SymRunTransition ToTransition(SymRun? run, DateTimeOffset now)
    {
        SymOutboxMessage[] messages = _messages is { Count: > 0 } pending ? new SymOutboxMessage[pending.Count] : [];
        string? runId = run?.Id;
        for (int i = 0; i < messages.Length; i++)
        {
            PendingMessage m = _messages![i];
            messages[i] = new SymOutboxMessage
            {
                Id = runId is null ? Guid.NewGuid().ToString("N") : $"{runId}/{run!.Version}/{i}",
                Kind = m.Kind,
                RunId = runId,
                Run = run,
                Destination = m.Destination,
                NotificationIndex = m.NotificationIndex,
                Update = m.Update,
                Channel = m.Channel,
                Error = m.Error,
                CreatedAt = now,
                DueAt = now,
            };
        }

        return new SymRunTransition
        {
            Run = run,
            ExpectedVersion = Stored?.Version ?? 0,
            ScheduleTimers = (IReadOnlyList<SymTimer>?)_schedule ?? [],
            CancelTimers = (IReadOnlyList<SymTimerKind>?)_cancel ?? [],
            Fired = Fired,
            Audit = (IReadOnlyList<SymAuditEntry>?)_audit ?? [],
            Identities = (IReadOnlyList<SymIdentitySave>?)_identities ?? [],
            Messages = messages,
            Delivered = Delivered,
        };
    }

    /// <summary>The commit succeeded: <paramref name="run"/> is stored; nothing is pending.</summary>
    public void Committed(SymRun? run)
    {
        if (run is not null)
        {
            Run = run;
            Stored = run;
        }

        Fired = null;
        Delivered = null;
        WithoutRun = false;
        _schedule?.Clear();
        _cancel?.Clear();
        _audit?.Clear();
        _identities?.Clear();
        _messages?.Clear();
    }

    /// <summary>
    /// Forgets the decisions pending and goes back to <paramref name="stored"/> (a conflict: the step applies again to what
    /// is stored now). Identities the step learned from the world are kept.
    /// </summary>
    public void Reset(SymRun stored)
    {
        List<SymIdentitySave>? identities = _identities;
        _identities = null;
        Committed(null);
        _identities = identities;
        Run = stored;
        Stored = stored;
    }

    private readonly record struct PendingMessage(
        SymNotificationKind Kind, SymRunUpdate? Update, RequestDestination? Destination, int NotificationIndex, string? Channel, SymErrorReport? Error);
}
