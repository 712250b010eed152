using Sym.Sdk.Forms;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>The prompt step: opening the request form.</content>
public sealed partial class SymEngine
{
    /// <summary>
    /// Opens a flow's request form for a user: runs <c>OnPromptAsync</c> (which may refuse with
    /// <c>Template.Ignore</c>), fills in the options of fields marked for prefetch, and runs <c>AfterPromptAsync</c>.
    /// Nothing is recorded; the run starts with <see cref="RequestAsync"/>.
    /// </summary>
    /// <param name="flow">The flow's name.</param>
    /// <param name="user">Who opens the form.</param>
    /// <param name="sourceChannel">Where the form is opened, for example <c>slack</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The form, or why it may not be opened.</returns>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:FLOW_NOT_FOUND</c>: no such flow.</exception>
    public async Task<SymPromptResult> PromptAsync(string flow, User user, string sourceChannel = "api", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        Flows.Internal.FlowDefinition definition = GetFlow(flow);
        var draft = new SymRun
        {
            Id = Guid.NewGuid().ToString("N"), Flow = definition.Name, Requester = user, SourceChannel = sourceChannel,
            RequestedAt = _time.GetUtcNow(),
        };
        var ctx = new RunContext(definition, draft, stored: false, cancellationToken);
        if (user.Role == UserRole.Guest && !definition.Options.AllowGuestInteraction)
        {
            const string guests = "Guests may not request access in this flow.";
            await NotifyIgnoredAsync(null, user, guests).ConfigureAwait(false);
            return new SymPromptResult { Status = SymActionStatus.Ignored, Message = guests };
        }

        Event evt = BuildEvent(ctx, ApprovalTemplateStep.Prompt, user);
        HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.Prompt, evt).ConfigureAwait(false);
        if (decision.Kind == HookDecisionKind.Failed)
        {
            const string failed = "The request form could not be opened because the flow failed. Its admins were told.";
            await NotifyIgnoredAsync(null, user, failed).ConfigureAwait(false);
            return new SymPromptResult { Status = SymActionStatus.Failed, Message = failed };
        }

        if (decision.Kind == HookDecisionKind.Ignore)
        {
            await NotifyIgnoredAsync(null, user, decision.Message!).ConfigureAwait(false);
            return new SymPromptResult { Status = SymActionStatus.Ignored, Message = decision.Message };
        }

        IReadOnlyList<PromptField> configured = definition.Form.Fields;
        var fields = new PromptField[configured.Count];
        for (int i = 0; i < fields.Length; i++)
        {
            PromptField field = configured[i];
            if (field.Prefetch)
            {
                try
                {
                    IReadOnlyList<FieldOption>? options = await definition.Implementation.PrefetchFieldOptionsAsync(field, evt, cancellationToken)
                        .ConfigureAwait(false);
                    if (options is not null)
                    {
                        field = field with { AllowedValues = options };
                    }
                }
                catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
                {
                    await ReportAsync(ctx, "prompt", "reducer", ex).ConfigureAwait(false);
                }
            }

            fields[i] = field;
        }

        await AfterHookAsync(ctx, ApprovalTemplateStep.Prompt, evt).ConfigureAwait(false);
        return new SymPromptResult { Status = SymActionStatus.Applied, Form = new PromptForm { Fields = fields } };
    }
}
