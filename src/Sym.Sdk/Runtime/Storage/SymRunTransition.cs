namespace Sym.Sdk.Runtime;

/// <summary>
/// Everything one engine step decided, written by <see cref="ISymRunStore.CommitAsync"/> as one atomic commit: the run's
/// new snapshot (a compare-and-swap on its version), the timers the step schedules and cancels, the claimed timer it
/// handled, its audit entries, identities it saved, and the notifications it sends (the outbox). A store applies all of
/// it or none of it, so a process that dies at any instant leaves either the state before the step or the state after.
/// </summary>
/// <remarks>
/// <para>Rules a store checks (<see cref="ArgumentException"/> when broken):</para>
/// <list type="bullet">
/// <item><description><see cref="ExpectedVersion"/> 0 creates <see cref="Run"/>, whose <see cref="SymRun.Version"/> is 1;
/// it fails (returns <see langword="false"/>) when a run with that id exists.</description></item>
/// <item><description>Otherwise <see cref="Run"/>'s version is <see cref="ExpectedVersion"/> + 1 (the run is replaced) or
/// equal to it (the run is only checked: the step recorded something about a run it did not change); either way the
/// commit fails when the stored version is not <see cref="ExpectedVersion"/>.</description></item>
/// <item><description>Without a <see cref="Run"/> (a request refused before a run existed) no timer may be scheduled,
/// cancelled or fired, and <see cref="ExpectedVersion"/> is 0: the transition records only <see cref="Audit"/>,
/// <see cref="Identities"/>, <see cref="Messages"/> (and <see cref="Delivered"/>).</description></item>
/// <item><description>Timers are applied in this order: <see cref="Fired"/> is removed if it still carries its claim,
/// then <see cref="CancelTimers"/> are removed, then <see cref="ScheduleTimers"/> are added (replacing the run's timer
/// of the same kind, claimed or not). All belong to <see cref="Run"/>.</description></item>
/// <item><description><see cref="Delivered"/>, a claimed outbox message, is removed if it still carries its claim.</description></item>
/// </list>
/// <para>The store must not keep the lists after <see cref="ISymRunStore.CommitAsync"/> returns (the engine reuses them).</para>
/// </remarks>
public sealed record SymRunTransition
{
    /// <summary>The run as the step leaves it, or <see langword="null"/> when the step recorded only audit entries and messages.</summary>
    public SymRun? Run { get; init; }

    /// <summary>The version the step read: 0 to create <see cref="Run"/>.</summary>
    public long ExpectedVersion { get; init; }

    /// <summary>Timers to add, each replacing the run's timer of the same kind.</summary>
    public IReadOnlyList<SymTimer> ScheduleTimers { get; init; } = [];

    /// <summary>Kinds of the run's timers to remove.</summary>
    public IReadOnlyList<SymTimerKind> CancelTimers { get; init; } = [];

    /// <summary>The claimed timer whose firing this step handled: removed unless it was replaced since it was claimed.</summary>
    public SymTimer? Fired { get; init; }

    /// <summary>Audit entries to append, in order; the store assigns each <see cref="SymAuditEntry.Sequence"/>.</summary>
    public IReadOnlyList<SymAuditEntry> Audit { get; init; } = [];

    /// <summary>Users' identities to store, each replacing the user's identity in the same service.</summary>
    public IReadOnlyList<SymIdentitySave> Identities { get; init; } = [];

    /// <summary>Notifications to send, in order: added to the outbox, delivered after the commit (see <see cref="ISymOutbox"/>).</summary>
    public IReadOnlyList<SymOutboxMessage> Messages { get; init; } = [];

    /// <summary>A claimed outbox message whose delivery this step recorded: removed unless its claim was lost.</summary>
    public SymOutboxMessage? Delivered { get; init; }

    /// <summary>Checks the rules in the remarks; a store calls it before writing anything.</summary>
    /// <param name="transition">The transition.</param>
    /// <exception cref="ArgumentNullException"><paramref name="transition"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A rule is broken; the message says which.</exception>
    public static void ThrowIfInvalid(SymRunTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(transition.ScheduleTimers, nameof(ScheduleTimers));
        ArgumentNullException.ThrowIfNull(transition.CancelTimers, nameof(CancelTimers));
        ArgumentNullException.ThrowIfNull(transition.Audit, nameof(Audit));
        ArgumentNullException.ThrowIfNull(transition.Identities, nameof(Identities));
        ArgumentNullException.ThrowIfNull(transition.Messages, nameof(Messages));
        SymRun? run = transition.Run;
        if (run is null)
        {
            if (transition.ExpectedVersion != 0 || transition.ScheduleTimers.Count > 0 || transition.CancelTimers.Count > 0
                || transition.Fired is not null)
            {
                throw new ArgumentException("A transition without a run records only audit entries, identities and messages.", nameof(transition));
            }

            return;
        }

        if (transition.ExpectedVersion < 0)
        {
            throw new ArgumentException("ExpectedVersion is 0 (create) or the stored version.", nameof(transition));
        }

        if (transition.ExpectedVersion == 0 ? run.Version != 1 : run.Version != transition.ExpectedVersion && run.Version != transition.ExpectedVersion + 1)
        {
            throw new ArgumentException(
                $"Run {run.Id} has version {run.Version}; a transition from version {transition.ExpectedVersion} writes version "
                + (transition.ExpectedVersion == 0 ? "1." : $"{transition.ExpectedVersion + 1} (or {transition.ExpectedVersion} to check only)."),
                nameof(transition));
        }

        foreach (SymTimer timer in transition.ScheduleTimers)
        {
            if (!string.Equals(timer.RunId, run.Id, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Timer {timer.Id} belongs to another run than {run.Id}.", nameof(transition));
            }
        }

        if (transition.Fired is { } fired && !string.Equals(fired.RunId, run.Id, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The fired timer {fired.Id} belongs to another run than {run.Id}.", nameof(transition));
        }
    }
}
