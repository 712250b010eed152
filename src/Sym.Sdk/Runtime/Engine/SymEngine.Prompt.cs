using System.Text.Json;
using Sym.Sdk.Forms;
using Sym.Sdk.Flows.Internal;
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
                    IReadOnlyList<FieldOption>? options = await definition.PrefetchAsync(field, evt, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Refuses a request whose prefetch field holds a value its reducer does not offer this requester: the options are
    /// computed again, for the requester, as <see cref="PromptAsync"/> computed them (one reducer call per prefetch field
    /// the request fills), so a value forged past a form, or sent straight to the API, is a field error. A reducer that
    /// fails is reported and refuses the value (it cannot be checked), never accepts it. A reducer answering
    /// <see langword="null"/> keeps the field's configured values, which the request validation already checked.
    /// </summary>
    /// <exception cref="SymRequestValidationException">A value was never offered, or could not be checked; nothing was created.</exception>
    private async ValueTask CheckPrefetchedValuesAsync(Flows.Internal.FlowDefinition flow, AccessRequest request, CancellationToken cancellationToken)
    {
        if (request.Fields is not { Count: > 0 } given)
        {
            return;
        }

        List<SymFieldError>? errors = null;
        RunContext? ctx = null;
        Event? evt = null;
        foreach (PromptField field in flow.Form.Fields)
        {
            if (!field.Prefetch || !given.TryGetValue(field.Name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (ctx is null)
            {
                var draft = new SymRun
                {
                    Id = Guid.NewGuid().ToString("N"), Flow = flow.Name, Requester = request.Requester, SourceChannel = request.SourceChannel,
                    RequestedAt = _time.GetUtcNow(),
                };
                ctx = new RunContext(flow, draft, null, cancellationToken) { WithoutRun = true };
                evt = await BuildEventAsync(ctx, ApprovalTemplateStep.Prompt, request.Requester).ConfigureAwait(false);
            }

            IReadOnlyList<FieldOption>? options;
            try
            {
                options = await flow.PrefetchAsync(field, evt!, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
            {
                Report(ctx, "request", "reducer", ex);
                RequestValidator.Add(ref errors, field.Name,
                    $"The options of {Label(field)} could not be computed, so the value cannot be checked; try again.");
                continue;
            }

            if (options is not null && NotOffered(value, options) is { } refused)
            {
                RequestValidator.Add(ref errors, field.Name,
                    $"'{RequestValidator.Shown(refused)}' is not one of the options offered for {Label(field)}.");
            }
        }

        if (ctx is not null)
        {
            await CommitReportsAsync(ctx).ConfigureAwait(false);
        }

        if (errors is not null)
        {
            throw new SymRequestValidationException(flow.Name, errors);
        }
    }

    private static string Label(PromptField field) => string.IsNullOrWhiteSpace(field.Label) ? field.Name : field.Label;

    /// <summary>The first value (or list item) that is not among the options, as text; <see langword="null"/> when all are.</summary>
    private static string? NotOffered(JsonElement value, IReadOnlyList<FieldOption> options)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (NotOffered(item, options) is { } refused)
                {
                    return refused;
                }
            }

            return null;
        }

        string text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.GetRawText(),
        };
        foreach (FieldOption option in options)
        {
            if (string.Equals(option.Value, text, StringComparison.Ordinal))
            {
                return null;
            }
        }

        return text;
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
