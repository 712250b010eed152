namespace Sym.Sdk;

/// <summary>What happened in an event: when, to which event spec, by whom, with which field values.</summary>
public sealed record EventPayload
{
    /// <summary>When the event happened (UTC when the wire value has no zone).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The event spec's SRN, for example <c>sym:event-spec:approval:1.0.0:escalate</c>.</summary>
    public Srn? Srn { get; init; }

    /// <summary>The request's field values.</summary>
    public EventFields Fields { get; init; } = EventFields.Empty;

    /// <summary>The user who caused the event.</summary>
    public required User User { get; init; }
}
