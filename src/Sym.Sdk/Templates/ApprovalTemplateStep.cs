namespace Sym.Sdk.Templates;

/// <summary>
/// A step of Sym's approval template. Runs move forward through
/// <see cref="Prompt"/> → <see cref="Request"/> → <see cref="RequestForward"/>* → <see cref="Approve"/> |
/// <see cref="Deny"/> | <see cref="RequestExpire"/>, and <see cref="Approve"/> → <see cref="Escalate"/> →
/// <see cref="Deescalate"/>.
/// </summary>
/// <param name="Name">The step's wire name, for example <c>request_forward</c>.</param>
public readonly record struct ApprovalTemplateStep(string Name)
{
    /// <summary>The requester opens the request form.</summary>
    public static ApprovalTemplateStep Prompt { get; } = new("prompt");

    /// <summary>The request is submitted and sent to approvers.</summary>
    public static ApprovalTemplateStep Request { get; } = new("request");

    /// <summary>The request moves on to the next destination.</summary>
    public static ApprovalTemplateStep RequestForward { get; } = new("request_forward");

    /// <summary>The request expired without a decision.</summary>
    public static ApprovalTemplateStep RequestExpire { get; } = new("request_expire");

    /// <summary>An approver approved.</summary>
    public static ApprovalTemplateStep Approve { get; } = new("approve");

    /// <summary>An approver denied.</summary>
    public static ApprovalTemplateStep Deny { get; } = new("deny");

    /// <summary>The strategy grants access.</summary>
    public static ApprovalTemplateStep Escalate { get; } = new("escalate");

    /// <summary>The strategy revokes access.</summary>
    public static ApprovalTemplateStep Deescalate { get; } = new("deescalate");

    /// <summary>All steps, in lifecycle order.</summary>
    public static IReadOnlyList<ApprovalTemplateStep> All { get; } =
        [Prompt, Request, RequestForward, Approve, Deny, RequestExpire, Escalate, Deescalate];

    /// <summary>Whether the name is one of the template's steps.</summary>
    public bool IsKnown => Rank >= 0;

    /// <summary>
    /// The step's position in the lifecycle: prompt 0, request 1, request_forward 2, approve / deny / request_expire 3,
    /// escalate 4, deescalate 5; -1 for an unknown name.
    /// </summary>
    public int Rank => Name switch
    {
        "prompt" => 0,
        "request" => 1,
        "request_forward" => 2,
        "approve" or "deny" or "request_expire" => 3,
        "escalate" => 4,
        "deescalate" => 5,
        _ => -1,
    };

    /// <inheritdoc />
    public override string ToString() => Name ?? string.Empty;
}
