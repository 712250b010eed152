using Sym.Sdk.Testing.Harness.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing;

/// <summary>
/// One line of a harness's timeline: what happened, when (time since the harness started), to which run, by whom. The
/// typed record behind the line is in <see cref="Audit"/>, <see cref="StrategyCall"/> or <see cref="Notification"/>.
/// </summary>
public sealed class TimelineEntry
{
    private string? _text;

    internal TimelineEntry(TimelineEntryKind kind, TimeSpan elapsed, string? runId, string? run, string? actor, object? source, string? text)
    {
        Kind = kind;
        Elapsed = elapsed;
        RunId = runId;
        Run = run;
        Actor = actor;
        Source = source;
        _text = text;
    }

    /// <summary>What the entry records.</summary>
    public TimelineEntryKind Kind { get; }

    /// <summary>The virtual time since the harness started (or was reset).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The run's id, if the entry belongs to one.</summary>
    public string? RunId { get; private set; }

    /// <summary>The run's name in the harness (<c>run-1</c>, <c>run-2</c>, …), if the entry belongs to a run the harness saw created.</summary>
    public string? Run { get; private set; }

    /// <summary>Who acted (a username, or <c>sym</c> for the engine), if anyone.</summary>
    public string? Actor { get; }

    /// <summary>The audit entry, for <see cref="TimelineEntryKind.Step"/>.</summary>
    public SymAuditEntry? Audit => Source as SymAuditEntry;

    /// <summary>The strategy call, for <see cref="TimelineEntryKind.StrategyCall"/>.</summary>
    public StrategyCall? StrategyCall => Source as StrategyCall;

    /// <summary>The notifier call, for <see cref="TimelineEntryKind.Message"/> and <see cref="TimelineEntryKind.Error"/>.</summary>
    public SymNotificationRecord? Notification => Source as SymNotificationRecord;

    /// <summary>The readable text of the entry, as the transcript shows it (without time and run).</summary>
    public string Text => _text ??= Transcripts.Describe(this);

    internal object? Source { get; }

    internal void AssignRun(string runId, string? run)
    {
        RunId = runId;
        Run = run;
    }

    /// <inheritdoc />
    public override string ToString() => Transcripts.Line(this);
}
