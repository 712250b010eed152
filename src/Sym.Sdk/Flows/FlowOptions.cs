using System.ComponentModel.DataAnnotations;

namespace Sym.Sdk.Flows;

/// <summary>
/// A flow's definition: the counterpart of Sym's Terraform <c>sym_flow</c> with its <c>sym_strategy</c>,
/// <c>sym_target</c>s and <c>sym_integration</c>. Build it in code with <c>flow.Configure(o =&gt; …)</c> or bind it from
/// configuration (for example <c>Sym:Flows:custom_access</c> in appsettings.json); it is validated at startup and every
/// message names the offending setting, for example <c>Sym:Flows:custom_access:Targets:0:Name is required</c>.
/// </summary>
/// <remarks>Durations are Sym's duration text: <c>30s</c>, <c>10m</c>, <c>1h</c>, <c>1d</c>, <c>1mo</c> (30 days).</remarks>
public sealed class FlowOptions
{
    /// <summary>The default error channel.</summary>
    public const string DefaultErrorChannel = "#sym-errors";

    /// <summary>The default request channel, used when neither <see cref="RequestChannel"/> nor the <c>request_channel</c> var is set.</summary>
    public const string DefaultRequestChannel = "#sym-requests";

    /// <summary>The label people see, for example "Production access". The default value is the flow's name.</summary>
    public string? Label { get; set; }

    /// <summary>The flow's variables (Sym's <c>flow_vars</c>), read by hooks through <c>evt.Flow.Vars</c>.</summary>
    public IDictionary<string, string> Vars { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The prompt fields of the request form, in display order. <c>reason</c> and <c>duration</c> may be among them.</summary>
    public IList<PromptFieldOptions> Fields { get; } = new List<PromptFieldOptions>();

    /// <summary>The durations a requester may choose, for example <c>30m</c>, <c>1h</c>. Empty allows any duration up to <see cref="MaxDuration"/>.</summary>
    public IList<string> AllowedDurations { get; } = new List<string>();

    /// <summary>The longest grant (and extension) anyone may request, for example <c>1d</c>. The default value is <see langword="null"/>: no limit beyond <see cref="AllowedDurations"/>.</summary>
    public string? MaxDuration { get; set; }

    /// <summary>How long a pending request waits for a decision before it expires, separate from the grant's duration. The default value is <c>1d</c>.</summary>
    [Required]
    public string RequestLifetime { get; set; } = "1d";

    /// <summary>
    /// The most characters of the reason given with an approval, denial, revocation or extension (the request's own reason
    /// is a field: see <see cref="PromptFieldOptions.MaxLength"/>). Such a reason may span lines, but may hold no other
    /// control character. The default value is 1,000.
    /// </summary>
    [Range(1, Internal.FlowOptionsValidation.MaxTextLength)]
    public int MaxActionReasonLength { get; set; } = 1000;

    /// <summary>
    /// The environment the flow runs in (Sym's <c>sym_environment</c>), whose integrations hooks and strategies read on
    /// <c>evt.Flow.Environment</c>. It must be <c>default</c> or an environment added with <c>AddEnvironment</c> (or bound
    /// from <c>Sym:Environments:&lt;name&gt;</c> by the host). The default value is <c>default</c>.
    /// </summary>
    public string Environment { get; set; } = EnvironmentOptions.DefaultName;

    /// <summary>The strategy that grants and revokes access, with its integration.</summary>
    public FlowStrategyOptions Strategy { get; } = new();

    /// <summary>The targets a requester may choose (Sym's <c>sym_target</c>).</summary>
    public IList<AccessTargetOptions> Targets { get; } = new List<AccessTargetOptions>();

    /// <summary>Whether the requester, an approver or an admin may revoke an active grant early. The default value is <see langword="true"/>.</summary>
    public bool AllowRevoke { get; set; } = true;

    /// <summary>Whether access is revoked automatically when the grant's duration ends. The default value is <see langword="true"/>.</summary>
    public bool ScheduleDeescalation { get; set; } = true;

    /// <summary>Where requests may come from, for example <c>slack</c> and <c>api</c>. Empty allows every source.</summary>
    public IList<string> AllowedSources { get; } = new List<string>();

    /// <summary>Whether guests (for example Slack Connect users) may request, approve or deny. The default value is <see langword="false"/>.</summary>
    public bool AllowGuestInteraction { get; set; }

    /// <summary>Where errors from hooks, reducers, strategies and integrations are reported. The default value is <c>#sym-errors</c>.</summary>
    [Required]
    public string ErrorChannel { get; set; } = DefaultErrorChannel;

    /// <summary>
    /// Where requests go when the flow implementation names no approvers. The default value is <see langword="null"/>: the
    /// <c>request_channel</c> var, else <c>#sym-requests</c>.
    /// </summary>
    public string? RequestChannel { get; set; }

    /// <summary>How many distinct approvals a request needs (a quorum). The default value is 1.</summary>
    [Range(1, 100)]
    public int RequiredApprovals { get; set; } = 1;

    /// <summary>
    /// Whether only someone who may approve may deny. The run's permission (from <c>GetPermissionsAsync</c>, or the
    /// destination of <c>GetApproversAsync</c>) always governs both; with this on, a denial must also pass the flow's
    /// <c>OnApproveAsync</c>: the engine calls it as if the actor were approving, and refuses the denial ("You are not
    /// allowed to deny this request.") when the hook would ignore them. So a flow that keeps people from approving in
    /// <c>OnApproveAsync</c> keeps them from denying too. Set it to <see langword="false"/> when <c>OnDenyAsync</c> holds
    /// the flow's own rule for denials. The default value is <see langword="true"/>.
    /// </summary>
    /// <remarks>With it on, <c>OnApproveAsync</c> also runs before denials, so keep side effects in <c>AfterApproveAsync</c>.</remarks>
    public bool DenyRequiresApprover { get; set; } = true;

    /// <summary>
    /// Whether one authorized denial denies the request even when approvals are partly collected. When
    /// <see langword="false"/>, a request is denied only after <see cref="RequiredApprovals"/> denials. The default
    /// value is <see langword="true"/>.
    /// </summary>
    public bool DenyWins { get; set; } = true;
}
