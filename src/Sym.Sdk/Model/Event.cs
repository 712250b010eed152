using System.Text.Json;
using Sym.Sdk.Serialization;
using Sym.Sdk.Serialization.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk;

/// <summary>
/// An event in a run (<c>request</c>, <c>approve</c>, <c>escalate</c>, …) as hooks, reducers and strategies receive it.
/// Read and write Sym's wire format with <see cref="SymEventJson"/>.
/// </summary>
public sealed record Event
{
    /// <summary>The event's id (opaque).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The event's name: the step it belongs to, for example <c>escalate</c>.</summary>
    public required string Name { get; init; }

    /// <summary>When, by whom and with which fields.</summary>
    public required EventPayload Payload { get; init; }

    /// <summary>Metadata about the event document.</summary>
    public EventMeta Meta { get; init; } = new();

    /// <summary>The template the flow runs.</summary>
    public EventTemplate Template { get; init; } = EventTemplate.Approval;

    /// <summary>The flow the event belongs to.</summary>
    public required Flow Flow { get; init; }

    /// <summary>The run the event belongs to.</summary>
    public required Run Run { get; init; }

    /// <summary>
    /// The <see cref="Channel"/> of an event of a step a hook fired (<c>internal</c>), as Sym's <c>event.channel.type</c>:
    /// an <c>OnApproveAsync</c> that sees it knows the approval came from a hook (say <c>OnRequestAsync</c> returning
    /// <c>ApprovalTemplate.Approve()</c>), not from a person; the event's <see cref="User"/> is then <see cref="Sdk.User.Sym"/>.
    /// </summary>
    public const string InternalChannel = "internal";

    /// <summary>
    /// The channel the event came through, for example <c>slack</c> or <c>api</c> (the request's source), or
    /// <see cref="InternalChannel"/> for a step a hook fired.
    /// </summary>
    public string? Channel { get; init; }

    /// <summary>Whether a hook fired the event's step (<see cref="Channel"/> is <see cref="InternalChannel"/>), rather than a person or a timer.</summary>
    public bool IsInternal => string.Equals(Channel, InternalChannel, StringComparison.Ordinal);

    /// <summary>The user who caused the event (same as <see cref="EventPayload.User"/>).</summary>
    public User User => Payload.User;

    /// <summary>The event's fields (same as <see cref="EventPayload.Fields"/>).</summary>
    public EventFields Fields => Payload.Fields;

    /// <summary>The step this event belongs to.</summary>
    public ApprovalTemplateStep Step => new(Name);

    /// <summary>The user who acted at an earlier step of the run, for example who requested or approved.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The actor, or <see langword="null"/> when the step has not happened.</returns>
    public User? GetActor(ApprovalTemplateStep step) => step.Name is null ? null : Run.Actors.GetValueOrDefault(step.Name);

    /// <summary>The context recorded for an earlier step of the run.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The context, or <see langword="null"/> when none was recorded.</returns>
    public JsonElement? GetContext(ApprovalTemplateStep step) =>
        step.Name is not null && Run.Contexts.TryGetValue(step.Name, out JsonElement context) ? context : null;

    /// <summary>
    /// The context recorded for an earlier step, read by property (Sym's <c>get_context</c>): for example
    /// <c>evt.GetContext("request")?.GetString("diff")</c> reads what the requester attached to the request.
    /// </summary>
    /// <param name="stepName">The step's name, for example <c>request</c>.</param>
    /// <returns>The context, or <see langword="null"/> when none was recorded or it is not a JSON object.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stepName"/> is <see langword="null"/>.</exception>
    public SymContext? GetContext(string stepName)
    {
        ArgumentNullException.ThrowIfNull(stepName);
        return Run.Contexts.TryGetValue(stepName, out JsonElement context) && context.ValueKind == JsonValueKind.Object ? new SymContext(context) : null;
    }

    /// <summary>What the parsed document's root held that the model does not (see <see cref="SymEventJson"/>).</summary>
    internal WireMembers? WireDocument { get; init; }

    /// <summary>What the parsed document's <c>event</c> object held that the model does not.</summary>
    internal WireMembers? WireEventSection { get; init; }
}
