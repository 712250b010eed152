using Sym.Sdk.Forms;
using Sym.Sdk.Requests;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Flows;

/// <summary>
/// A flow's custom logic (Sym's <c>impl.py</c>): reducers that decide who approves and where requests go, and hooks
/// around every step. Derive from it and override what you need; every member has Sym's default.
/// </summary>
/// <remarks>
/// <para><b>Reducers</b> compute a value: <see cref="GetPermissionsAsync"/>, <see cref="GetRequestNotificationsAsync"/>,
/// <see cref="GetApproversAsync"/> (legacy but common), <see cref="GetIdentityAsync"/>,
/// <see cref="PrefetchFieldOptionsAsync"/> and <see cref="OnFieldChangeAsync"/>.</para>
/// <para><b>On… hooks</b> run before a step: return <see langword="null"/> to continue with the default step, a
/// <see cref="TemplateStep"/> from <see cref="ApprovalTemplate"/> to fire that step instead (for example
/// <c>ApprovalTemplate.Approve()</c> from <see cref="OnRequestAsync"/> auto-approves), or
/// <see cref="Template.Ignore"/> to cancel the incoming event and tell the actor why. Steps only move forward.</para>
/// <para><b>After… hooks</b> run after a step is recorded, for side effects. A failure there is reported to the flow's
/// error channel and does not undo the step.</para>
/// </remarks>
public abstract class FlowImplementation
{
    private readonly List<KeyValuePair<string, Func<Event, CancellationToken, ValueTask<IReadOnlyList<FieldOption>>>>> _prefetchers = [];

    /// <summary>
    /// Registers the reducer that computes the options of one prefetch field (Sym's
    /// <c>@prefetch(field_name="repo_name") def get_repos(event)</c>): call it in the flow's constructor,
    /// <c>PrefetchField("repo_name", GetReposAsync)</c>. It is called when the form opens (<c>SymEngine.PromptAsync</c>) and
    /// again when a request is submitted, to refuse a value it does not offer. A field's own reducer wins over
    /// <see cref="PrefetchFieldOptionsAsync"/>, which stays for flows that compute every field in one method.
    /// </summary>
    /// <param name="fieldName">The name of a prompt field marked <c>Prefetch</c>.</param>
    /// <param name="reducer">Computes the options for the event's requester.</param>
    /// <remarks>
    /// Checked when the flow is registered (code <c>SymSDK:INVALID_FLOW</c>, naming the flow and the field): a reducer for
    /// a field the flow does not have or that is not marked <c>Prefetch</c>; two reducers for one field; and, once a flow
    /// registers any, a field marked <c>Prefetch</c> without one. A delegate, not an attribute found by reflection, so the
    /// signature is checked by the compiler and trimming keeps what it calls.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="fieldName"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="reducer"/> is <see langword="null"/>.</exception>
    protected void PrefetchField(string fieldName, Func<Event, CancellationToken, ValueTask<IReadOnlyList<FieldOption>>> reducer)
    {
        ArgumentException.ThrowIfNullOrEmpty(fieldName);
        ArgumentNullException.ThrowIfNull(reducer);
        _prefetchers.Add(new(fieldName, reducer));
    }

    /// <summary>The per-field prefetch reducers, in registration order (duplicates kept, for validation to name them).</summary>
    internal IReadOnlyList<KeyValuePair<string, Func<Event, CancellationToken, ValueTask<IReadOnlyList<FieldOption>>>>> Prefetchers => _prefetchers;

    /// <summary>Who may approve or deny the request. The default (<see langword="null"/>) admits members, without self-approval.</summary>
    /// <param name="evt">The request event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The permission, or <see langword="null"/> for the default.</returns>
    public virtual ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default) => new((RequestPermission?)null);

    /// <summary>
    /// Where the request is announced, in order: when one times out or fails delivery, the next is tried. The default
    /// (<see langword="null"/>) derives one notification from <see cref="GetApproversAsync"/>.
    /// </summary>
    /// <param name="evt">The request event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The notifications, or <see langword="null"/> for the default.</returns>
    public virtual ValueTask<IReadOnlyList<Notification>?> GetRequestNotificationsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new((IReadOnlyList<Notification>?)null);

    /// <summary>
    /// Where the request goes for approval (Sym's legacy <c>get_approvers</c>). The default (<see langword="null"/>)
    /// sends it to the flow's request channel. The destination's <see cref="RequestDestination.AllowSelf"/> allows
    /// self-approval.
    /// </summary>
    /// <param name="evt">The request event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The destination, or <see langword="null"/> for the default.</returns>
    public virtual ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default) =>
        new((RequestDestination?)null);

    /// <summary>
    /// The requester's identity for the strategy's service, when the flow knows better than the strategy's own lookup
    /// (Sym's <c>get_identity</c>). The default (<see langword="null"/>) leaves it to the strategy.
    /// </summary>
    /// <param name="evt">The escalate event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The identity, or <see langword="null"/>.</returns>
    public virtual ValueTask<UserIdentity?> GetIdentityAsync(Event evt, CancellationToken cancellationToken = default) =>
        new((UserIdentity?)null);

    /// <summary>
    /// Computes the allowed values of a field marked <see cref="PromptField.Prefetch"/> when the form opens and when a
    /// request is submitted, for flows that compute every field in one method. A reducer registered for the field with
    /// <see cref="PrefetchField"/> wins: this method is not called for that field.
    /// </summary>
    /// <param name="field">The field.</param>
    /// <param name="evt">The prompt event (the user opening the form).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The options, or <see langword="null"/> to keep the field's configured values.</returns>
    public virtual ValueTask<IReadOnlyList<FieldOption>?> PrefetchFieldOptionsAsync(PromptField field, Event evt, CancellationToken cancellationToken = default) =>
        new((IReadOnlyList<FieldOption>?)null);

    /// <summary>
    /// Recomputes the form when a field marked <see cref="PromptField.OnChange"/> changes, for example to show a
    /// conditional field. <c>evt.Fields</c> holds the values entered so far.
    /// </summary>
    /// <param name="field">The field that changed.</param>
    /// <param name="form">The form as currently shown.</param>
    /// <param name="evt">The prompt event with the values entered so far.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new form, or <see langword="null"/> to leave it as it is.</returns>
    public virtual ValueTask<PromptForm?> OnFieldChangeAsync(PromptField field, PromptForm form, Event evt, CancellationToken cancellationToken = default) =>
        new((PromptForm?)null);

    /// <summary>Before the request form opens.</summary>
    /// <param name="evt">The prompt event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> to continue, or a step result.</returns>
    public virtual ValueTask<TemplateStep?> OnPromptAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>Before a submitted request is sent to approvers. Return <c>ApprovalTemplate.Approve()</c> to auto-approve.</summary>
    /// <param name="evt">The request event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> to continue, or a step result.</returns>
    public virtual ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>Before the request moves to the next destination.</summary>
    /// <param name="evt">The request_forward event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> to continue, or a step result.</returns>
    public virtual ValueTask<TemplateStep?> OnRequestForwardAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>Before a pending request expires.</summary>
    /// <param name="evt">The request_expire event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> to continue, or a step result.</returns>
    public virtual ValueTask<TemplateStep?> OnRequestExpireAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>Before an approval takes effect. Return <see cref="Template.Ignore"/> to reject the approver.</summary>
    /// <param name="evt">The approve event; <c>evt.User</c> is the approver.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> to continue, or a step result.</returns>
    public virtual ValueTask<TemplateStep?> OnApproveAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>Before a denial takes effect.</summary>
    /// <param name="evt">The deny event; <c>evt.User</c> is the approver who denied.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> to continue, or a step result.</returns>
    public virtual ValueTask<TemplateStep?> OnDenyAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>Before the strategy grants access.</summary>
    /// <param name="evt">The escalate event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> to continue, or a step result.</returns>
    public virtual ValueTask<TemplateStep?> OnEscalateAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>Before the strategy revokes access.</summary>
    /// <param name="evt">The deescalate event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> to continue, or a step result.</returns>
    public virtual ValueTask<TemplateStep?> OnDeescalateAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>After the prompt step.</summary>
    /// <param name="evt">The prompt event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the side effects are done.</returns>
    public virtual ValueTask AfterPromptAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>After the request is recorded and announced.</summary>
    /// <param name="evt">The request event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the side effects are done.</returns>
    public virtual ValueTask AfterRequestAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>After the request moved to the next destination.</summary>
    /// <param name="evt">The request_forward event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the side effects are done.</returns>
    public virtual ValueTask AfterRequestForwardAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>After the request expired.</summary>
    /// <param name="evt">The request_expire event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the side effects are done.</returns>
    public virtual ValueTask AfterRequestExpireAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>After an approval is recorded.</summary>
    /// <param name="evt">The approve event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the side effects are done.</returns>
    public virtual ValueTask AfterApproveAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>After a denial is recorded.</summary>
    /// <param name="evt">The deny event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the side effects are done.</returns>
    public virtual ValueTask AfterDenyAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>After access was granted and recorded.</summary>
    /// <param name="evt">The escalate event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the side effects are done.</returns>
    public virtual ValueTask AfterEscalateAsync(Event evt, CancellationToken cancellationToken = default) => default;

    /// <summary>After access was revoked and recorded.</summary>
    /// <param name="evt">The deescalate event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the side effects are done.</returns>
    public virtual ValueTask AfterDeescalateAsync(Event evt, CancellationToken cancellationToken = default) => default;
}
