namespace Sym.Sdk.Templates;

/// <summary>
/// What an <c>On…Async</c> hook returns instead of <see langword="null"/>: fire another step in place of the default
/// one (<see cref="ApprovalTemplate.Approve"/>, …), or ignore the incoming event (<see cref="Template.Ignore"/>).
/// </summary>
public sealed record TemplateStep
{
    internal TemplateStep(ApprovalTemplateStep? step, string? reason, string? ignoreMessage)
    {
        Step = step;
        Reason = reason;
        IgnoreMessage = ignoreMessage;
    }

    /// <summary>The step to fire, or <see langword="null"/> when the event is ignored.</summary>
    public ApprovalTemplateStep? Step { get; }

    /// <summary>Why the step was fired, recorded in the audit log and shown to people.</summary>
    public string? Reason { get; }

    /// <summary>Whether the incoming event is cancelled.</summary>
    public bool IsIgnore => Step is null;

    /// <summary>The message sent to the actor whose event was ignored.</summary>
    public string? IgnoreMessage { get; }

    /// <inheritdoc />
    public override string ToString() => IsIgnore ? $"ignore: {IgnoreMessage}" : $"{Step}{(Reason is null ? string.Empty : $": {Reason}")}";
}
