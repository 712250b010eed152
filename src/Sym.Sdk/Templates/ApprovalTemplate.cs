namespace Sym.Sdk.Templates;

/// <summary>
/// Step results an <c>On…Async</c> hook returns to fire a step in place of the default one. For example, returning
/// <c>ApprovalTemplate.Approve("on-call")</c> from <c>OnRequestAsync</c> auto-approves the request.
/// </summary>
public static class ApprovalTemplate
{
    /// <summary>
    /// Cancel the incoming event and tell the actor <paramref name="message"/>: Sym's <c>ApprovalTemplate.ignore(message=…)</c>,
    /// the same as <see cref="Template.Ignore"/>. For example, from <c>OnApproveAsync</c>, to reject an approver.
    /// </summary>
    /// <param name="message">What to tell the actor.</param>
    /// <returns>The step result.</returns>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty.</exception>
    public static TemplateStep Ignore(string message) => Template.Ignore(message);

    /// <summary>Approve the request.</summary>
    /// <param name="reason">Why, for the audit log and the approval message.</param>
    /// <returns>The step result.</returns>
    public static TemplateStep Approve(string? reason = null) => new(ApprovalTemplateStep.Approve, reason, null);

    /// <summary>Deny the request.</summary>
    /// <param name="reason">Why, for the audit log and the requester.</param>
    /// <returns>The step result.</returns>
    public static TemplateStep Deny(string? reason = null) => new(ApprovalTemplateStep.Deny, reason, null);

    /// <summary>Grant access now.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The step result.</returns>
    public static TemplateStep Escalate(string? reason = null) => new(ApprovalTemplateStep.Escalate, reason, null);

    /// <summary>Revoke access now.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The step result.</returns>
    public static TemplateStep Deescalate(string? reason = null) => new(ApprovalTemplateStep.Deescalate, reason, null);

    /// <summary>Expire the pending request.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The step result.</returns>
    public static TemplateStep RequestExpire(string? reason = null) => new(ApprovalTemplateStep.RequestExpire, reason, null);

    /// <summary>Forward the request to the next destination.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The step result.</returns>
    public static TemplateStep RequestForward(string? reason = null) => new(ApprovalTemplateStep.RequestForward, reason, null);

    /// <summary>Fire a step by name (for steps of other templates, or names read from configuration).</summary>
    /// <param name="step">The step.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The step result.</returns>
    public static TemplateStep Step(ApprovalTemplateStep step, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(step.Name, nameof(step));
        return new(step, reason, null);
    }
}
