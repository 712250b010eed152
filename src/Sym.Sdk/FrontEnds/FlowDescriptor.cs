using Sym.Sdk.Forms;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.FrontEnds;

/// <summary>
/// A registered flow as a front end shows it: what a request form (a Slack modal, a web page, a CLI prompt) needs to ask
/// for a request the engine will accept. Get them from <see cref="SymEngine.FlowCatalog"/> or
/// <see cref="SymEngine.FindFlow"/>; the engine builds each once, when it is created.
/// </summary>
/// <remarks>
/// <see cref="Fields"/> are the flow's declared prompt fields. Hooks may change them for one requester
/// (<c>OnPromptAsync</c>, prefetched options): to render the form a given person sees, call
/// <see cref="SymEngine.PromptAsync"/>. Whatever the form, <see cref="SymEngine.ValidateRequest"/> checks the request
/// exactly as <see cref="SymEngine.RequestAsync"/> will.
/// </remarks>
public sealed record FlowDescriptor
{
    /// <summary>The flow's name, as requests name it (<see cref="AccessRequest.Flow"/>).</summary>
    public required string Name { get; init; }

    /// <summary>The flow's label for people; its name when it has none.</summary>
    public required string Label { get; init; }

    /// <summary>The flow's prompt fields, in the order the form shows them.</summary>
    public IReadOnlyList<PromptField> Fields { get; init; } = [];

    /// <summary>
    /// The targets a request chooses from (<see cref="AccessRequest.Target"/> names one by <see cref="AccessTarget.Name"/>).
    /// When there are any, a request must name one; when there are none, it must name none.
    /// </summary>
    public IReadOnlyList<AccessTarget> Targets { get; init; } = [];

    /// <summary>The durations a request may ask for; empty when any positive duration up to <see cref="MaxDuration"/> is allowed.</summary>
    public IReadOnlyList<TimeSpan> AllowedDurations { get; init; } = [];

    /// <summary>The longest duration a request (or an extension) may ask for, or <see langword="null"/> for no limit.</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>How long a request waits for a decision before it expires.</summary>
    public TimeSpan RequestLifetime { get; init; }

    /// <summary>Whether access may be revoked before it expires (<see cref="SymEngine.RevokeAsync"/>).</summary>
    public bool AllowRevoke { get; init; }

    /// <summary>Whether guests may request, decide and act in this flow.</summary>
    public bool AllowGuestInteraction { get; init; }

    /// <summary>The source channels requests may come from (<see cref="AccessRequest.SourceChannel"/>); empty for any.</summary>
    public IReadOnlyList<string> AllowedSources { get; init; } = [];

    /// <summary>How many approvals grant a request.</summary>
    public int RequiredApprovals { get; init; } = 1;

    /// <summary>The most characters a reason given with a decision, revoke or extension may have.</summary>
    public int MaxActionReasonLength { get; init; }

    /// <summary>
    /// Whether the flow is approval-only (it has no strategy, <see cref="Flows.FlowStrategyOptions.NoStrategy"/>): a
    /// request takes no duration (one sent is refused), so a form asks for none; approving it ends the run
    /// <see cref="SymRunState.Approved"/>, and it cannot be revoked or extended.
    /// </summary>
    public bool IsApprovalOnly { get; init; }

    /// <summary>Whether a request form asks for a duration of its own: the flow grants access (<see cref="IsApprovalOnly"/> is false) and declares no <c>duration</c> field.</summary>
    public bool AsksForDuration => !IsApprovalOnly && !HasDurationField;

    /// <summary>Whether the flow declares a prompt field named <c>duration</c>; a form without one asks for the duration itself.</summary>
    public bool HasDurationField
    {
        get
        {
            foreach (PromptField f in Fields)
            {
                if (f.Name == "duration")
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Whether a request (or an extension) may ask for <paramref name="duration"/>.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>Whether it is positive, one of <see cref="AllowedDurations"/> (when there are any) and no longer than <see cref="MaxDuration"/>.</returns>
    public bool IsAllowedDuration(TimeSpan duration) =>
        duration > TimeSpan.Zero
        && (AllowedDurations.Count == 0 || AllowedDurations.Contains(duration))
        && (MaxDuration is not { } max || duration <= max);

    /// <summary>
    /// The durations a form offers: <see cref="AllowedDurations"/> when the flow names them; else those of
    /// <paramref name="defaults"/> the flow allows; else (none of them fits under <see cref="MaxDuration"/>) the maximum alone.
    /// </summary>
    /// <param name="defaults">What the front end offers when the flow leaves it open (Slack's modal: 30 minutes to a day).</param>
    /// <returns>The durations to offer, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="defaults"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<TimeSpan> GetDurationChoices(IEnumerable<TimeSpan> defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if (AllowedDurations.Count > 0)
        {
            return AllowedDurations;
        }

        List<TimeSpan> choices = [.. defaults.Where(IsAllowedDuration)];
        if (choices.Count == 0 && MaxDuration is { } max)
        {
            choices.Add(max);
        }

        return choices.AsReadOnly();
    }
}
