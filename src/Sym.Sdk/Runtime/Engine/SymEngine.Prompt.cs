using System.Text.Json;
using Sym.Sdk.Forms;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime;

/// <content>The prompt step: opening the request form, and recomputing it when a field changes.</content>
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
        var ctx = new RunContext(definition, draft, null, cancellationToken) { WithoutRun = true };
        if (user.Role == UserRole.Guest && !definition.Options.AllowGuestInteraction)
        {
            return new SymPromptResult { Status = SymActionStatus.Ignored, Message = "Guests may not request access in this flow." };
        }

        Event evt = await BuildEventAsync(ctx, ApprovalTemplateStep.Prompt, user).ConfigureAwait(false);
        HookDecision decision = await OnHookAsync(ctx, ApprovalTemplateStep.Prompt, evt).ConfigureAwait(false);
        if (decision.Kind == HookDecisionKind.Failed)
        {
            await CommitReportsAsync(ctx).ConfigureAwait(false);
            return new SymPromptResult
            {
                Status = SymActionStatus.Failed, Message = "The request form could not be opened because the flow failed. Its admins were told.",
            };
        }

        if (decision.Kind == HookDecisionKind.Ignore)
        {
            await CommitReportsAsync(ctx).ConfigureAwait(false);
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
                    Report(ctx, "prompt", "reducer", ex);
                }
            }

            fields[i] = field;
        }

        await AfterHookAsync(ctx, ApprovalTemplateStep.Prompt, evt).ConfigureAwait(false);
        await CommitReportsAsync(ctx).ConfigureAwait(false);
        return new SymPromptResult { Status = SymActionStatus.Applied, Form = new PromptForm { Fields = fields } };
    }

    /// <summary>Commits the error reports a step without a run queued (opening a form records nothing else).</summary>
    private async ValueTask CommitReportsAsync(RunContext ctx)
    {
        if (ctx.HasChanges)
        {
            ctx.WithoutRun = true;
            await CommitAsync(ctx, recordsFact: true).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Recomputes an open request form after the user changed a field marked <see cref="PromptField.OnChange"/>: calls
    /// <c>FlowImplementation.OnFieldChangeAsync</c> with the values entered so far (for example to show a conditional
    /// field) and returns the form to show. Nothing is recorded. A field not marked <see cref="PromptField.OnChange"/>
    /// leaves the form as it is without calling the hook.
    /// </summary>
    /// <param name="flow">The flow's name.</param>
    /// <param name="user">Who is filling in the form.</param>
    /// <param name="field">The name of the field that changed; a field of <paramref name="form"/>.</param>
    /// <param name="form">The form as currently shown (from <see cref="PromptAsync"/> or a previous change).</param>
    /// <param name="values">The values entered so far, by field name (as in <see cref="AccessRequest.Fields"/>); <c>target</c> names the target.</param>
    /// <param name="sourceChannel">Where the form is open, for example <c>slack</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The form to show (the hook's, or <paramref name="form"/> unchanged), or why it may not be shown.</returns>
    /// <exception cref="SymNotFoundException">Code <c>SymSDK:FLOW_NOT_FOUND</c>: no such flow.</exception>
    /// <exception cref="SymException">Code <c>SymSDK:INVALID_FIELD</c>: <paramref name="field"/> is not a field of the form.</exception>
    public async Task<SymPromptResult> ChangePromptFieldAsync(string flow, User user, string field, PromptForm form,
        IReadOnlyDictionary<string, JsonElement>? values = null, string sourceChannel = "api", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(field);
        ArgumentNullException.ThrowIfNull(form);
        Flows.Internal.FlowDefinition definition = GetFlow(flow);
        PromptField changed = form.Find(field) ?? throw new SymException(SymErrorCodes.InvalidField,
            $"'{field}' is not a field of the form of flow '{definition.Name}'.", "Pass the name of a field of the form being shown.");
        if (user.Role == UserRole.Guest && !definition.Options.AllowGuestInteraction)
        {
            return new SymPromptResult { Status = SymActionStatus.Ignored, Message = "Guests may not request access in this flow." };
        }

        if (!changed.OnChange)
        {
            return new SymPromptResult { Status = SymActionStatus.Applied, Form = form };
        }

        IReadOnlyDictionary<string, JsonElement> entered = values ?? EventFields.Empty;
        AccessTarget? target = entered.TryGetValue("target", out JsonElement t) && t.ValueKind == JsonValueKind.String
            && definition.Targets.TryGetValue(t.GetString()!, out AccessTarget? known) ? known : null;
        var draft = new SymRun
        {
            Id = Guid.NewGuid().ToString("N"), Flow = definition.Name, Requester = user, SourceChannel = sourceChannel,
            RequestedAt = _time.GetUtcNow(), Fields = new EventFields(Runtime.Internal.SmallMap<JsonElement>.From(entered), target),
        };
        var ctx = new RunContext(definition, draft, null, cancellationToken) { WithoutRun = true };
        Event evt = await BuildEventAsync(ctx, ApprovalTemplateStep.Prompt, user).ConfigureAwait(false);
        try
        {
            PromptForm? next = await definition.Implementation.OnFieldChangeAsync(changed, form, evt, cancellationToken).ConfigureAwait(false);
            return new SymPromptResult { Status = SymActionStatus.Applied, Form = next ?? form };
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            Report(ctx, "prompt", "reducer", ex);
            await CommitReportsAsync(ctx).ConfigureAwait(false);
            return new SymPromptResult
            {
                Status = SymActionStatus.Failed, Message = "The request form could not be updated because the flow failed. Its admins were told.",
            };
        }
    }
}
