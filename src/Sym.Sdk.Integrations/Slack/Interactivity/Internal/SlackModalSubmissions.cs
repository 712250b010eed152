using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Forms;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// A submitted request modal: checked against the flow before answering Slack (invalid input keeps the modal open with
/// <c>response_action: errors</c> keyed by block), and made into a request after the answer.
/// </summary>
internal sealed class SlackModalSubmissions(
    SymEngine engine, SlackInteractionOptions options, SlackUserMapper users, SlackReplies replies, ILogger logger)
{
    /// <summary>
    /// Checks a submitted request modal and builds its request: the answer is an empty 200 with the request, or the
    /// modal's errors (or a rejection) without one. <paramref name="acknowledging"/> (the quick part) never calls Slack:
    /// a submitter users.info has not cached is checked as a member, and the request it builds is only for the check.
    /// </summary>
    public async Task<(SlackInteractionResult Answer, AccessRequest? Request)> CheckAsync(SlackViewSubmission submission, bool acknowledging,
        CancellationToken cancellationToken)
    {
        if (submission.CallbackId != new SlackRequestModalOptions().CallbackId)
        {
            return (SlackInteractionResult.Ack(), null); // not ours: acknowledged, nothing to do
        }

        if (!SlackModalMetadata.TryParse(submission.PrivateMetadata, out string flowName, out IReadOnlyDictionary<string, string> shown)
            || engine.FindFlow(flowName) is not { } flow)
        {
            return (SlackInteractionResult.Rejected(
                SlackErrors.InvalidPayload($"the request modal names no registered flow in 'view.private_metadata' ('{submission.PrivateMetadata}')")), null);
        }

        var offered = new Dictionary<string, string>(StringComparer.Ordinal);
        (IReadOnlyList<PromptField> fields, SlackRequestModalOptions modal) = SlackFlowModal.For(flow, Prefetched(flow.Fields, submission.StateValues, shown, offered));
        if (offered.Count > 0)
        {
            SlackLog.InteractionRejected(logger, $"a submitted choice of {string.Join(", ", offered.Keys)} was not among the options shown");
            return (Errors(offered), null);
        }

        SlackFormResult form = SlackRequestModal.Parse(submission, fields, modal);
        if (!form.IsValid)
        {
            return (SlackInteractionResult.Json(form.ToErrorResponse()), null);
        }

        string firstBlock = modal.Targets.Count > 0 ? SlackRequestModal.TargetBlockId : fields.FirstOrDefault(static f => f.Visible)?.Name ?? "duration";
        User user;
        if (acknowledging && !users.IsCached(submission.User.Id))
        {
            // The answer has 3 seconds and never waits on Slack's Web API: unless users.info is cached (opening the modal
            // looked them up), the request is checked as a member's now and again, as the person, after the answer.
            user = SlackUserMapper.Unidentified(submission.User);
        }
        else
        {
            try
            {
                user = await users.MapAsync(submission.User.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (SymException ex) when (acknowledging || SlackErrors.IsPermanent(ex))
            {
                // After the answer, a lookup that may pass (Slack unreachable, throttled) is thrown instead: the delivery is
                // kept and processed again, rather than telling the person their request failed.
                SlackLog.InteractionFailed(logger, "request", submission.User.Id, SlackErrorText.For(ex));
                return (Errors(new Dictionary<string, string>(StringComparer.Ordinal) { [firstBlock] = $"Sym could not identify you: {ex.Message}" }), null);
            }
        }

        var request = new AccessRequest
        {
            Flow = flow.Name, Requester = user, Target = form.Target?.Name, Fields = form.Values, SourceChannel = SlackInteractionHandler.SourceChannel,
        };
        RequestValidationResult validation = engine.ValidateRequest(request);
        if (!validation.IsValid)
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            var blocks = new HashSet<string>(fields.Where(f => f.Visible).Select(f => f.Name), StringComparer.Ordinal);
            if (modal.Targets.Count > 0)
            {
                blocks.Add(SlackRequestModal.TargetBlockId);
            }

            foreach (SymFieldError error in validation.Errors)
            {
                string block = blocks.Contains(error.Field) ? error.Field : firstBlock;
                errors[block] = errors.TryGetValue(block, out string? earlier) ? $"{earlier} {error.Message}" : error.Message;
            }

            return (Errors(errors), null);
        }

        return (SlackInteractionResult.Ack(), request);
    }

    /// <summary>
    /// Makes the request of a submission acknowledged earlier, as the person: checked again, with its request id from the
    /// delivery (so a submission processed twice makes one request); tells them when it is refused or fails.
    /// </summary>
    public async Task SubmitAsync(SlackViewSubmission submission, SlackDelivery delivery, CancellationToken cancellationToken)
    {
        string userId = submission.User.Id;
        try
        {
            (SlackInteractionResult answer, AccessRequest? built) = await CheckAsync(submission, acknowledging: false, cancellationToken).ConfigureAwait(false);
            if (built is null)
            {
                // Valid when acknowledged, refused now (the flow changed, or the person could not be looked up): say so.
                string? why = answer.Error?.Message ?? (answer.Body is { } body ? ErrorsText(body) : null);
                if (why is not null)
                {
                    await replies.TellAsync(userId, null, $"Your request could not be submitted: {why}", cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            AccessRequest request = built with { RequestId = SlackInteractionHandler.GetDeliveryId(delivery.Body)[..32] };
            SymActionResult result = await engine.RequestAsync(request, cancellationToken).ConfigureAwait(false);
            if (result.Status == SymActionStatus.Ignored && result.Run?.Id == request.RequestId)
            {
                return; // processed before (the same delivery again): the request stands, and its requester was told then
            }

            if (!result.IsApplied)
            {
                await replies.TellAsync(userId, null, result.Message ?? "Your request was not submitted.", cancellationToken).ConfigureAwait(false);
            }
            else if (options.ConfirmSubmissions && result.Run is { State: SymRunState.Pending } run)
            {
                // SlackNotifier posts the "submitted" DM with the announcement; under another notifier the handler does.
                await replies.TellAsync(userId, null, SlackRunMessages.Submitted(run), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (SlackRetryableDelivery.ShouldRetry(ex, delivery, cancellationToken))
        {
            SlackLog.InteractionRetryable(logger, "request", userId, SlackErrorText.For(ex));
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InteractionFailed(logger, "request", userId, SlackErrorText.For(ex));
            await replies.TellAsync(userId, null, $"Your request could not be submitted: {SlackErrorText.For(ex)}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The prefetched fields with their submitted choices as allowed values, once each choice is checked against the
    /// options the modal showed (their fingerprints travel in <c>private_metadata</c>, see
    /// <see cref="SlackModalMetadata"/>); a choice that was not shown adds an error for its block to
    /// <paramref name="errors"/>.
    /// </summary>
    /// <remarks>
    /// A field whose options did not fit in <c>private_metadata</c> (or a modal opened by an older version) has no
    /// fingerprints: its choice is taken as offered and only the engine's own validation applies.
    /// </remarks>
    private static List<PromptField> Prefetched(IReadOnlyList<PromptField> fields, JsonElement state, IReadOnlyDictionary<string, string> shown,
        Dictionary<string, string> errors)
    {
        var list = new List<PromptField>(fields.Count);
        foreach (PromptField field in fields)
        {
            if (field.Prefetch && state.ValueKind == JsonValueKind.Object && state.TryGetProperty(field.Name, out JsonElement block)
                && block.ValueKind == JsonValueKind.Object && block.TryGetProperty(field.Name, out JsonElement action) && action.ValueKind == JsonValueKind.Object)
            {
                var chosen = new List<FieldOption>();
                if (action.TryGetProperty("selected_option", out JsonElement one) && one.ValueKind == JsonValueKind.Object
                    && one.TryGetProperty("value", out JsonElement v) && v.ValueKind == JsonValueKind.String)
                {
                    chosen.Add(new FieldOption(v.GetString()!));
                }
                else if (action.TryGetProperty("selected_options", out JsonElement many) && many.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement o in many.EnumerateArray())
                    {
                        if (o.ValueKind == JsonValueKind.Object && o.TryGetProperty("value", out JsonElement mv) && mv.ValueKind == JsonValueKind.String
                            && !chosen.Exists(c => mv.ValueEquals(c.Value)))
                        {
                            chosen.Add(new FieldOption(mv.GetString()!));
                        }
                    }
                }

                if (chosen.Count > 0)
                {
                    if (shown.TryGetValue(field.Name, out string? fingerprints) && !chosen.TrueForAll(o => SlackModalMetadata.WasShown(fingerprints, o.Value)))
                    {
                        errors[field.Name] = "Choose one of the listed options.";
                    }

                    list.Add(field with { AllowedValues = chosen });
                    continue;
                }
            }

            list.Add(field);
        }

        return list;
    }

    /// <summary>A <c>response_action: errors</c> answer: the modal stays open with each message under its block.</summary>
    private static SlackInteractionResult Errors(Dictionary<string, string> errors)
    {
        var body = new JsonObject();
        foreach ((string block, string message) in errors)
        {
            body[block] = message;
        }

        return SlackInteractionResult.Json(new JsonObject { ["response_action"] = "errors", ["errors"] = body });
    }

    /// <summary>The messages of a <c>response_action: errors</c> answer, for a DM.</summary>
    private static string ErrorsText(string body)
    {
        JsonNode? errors = JsonNode.Parse(body)?["errors"];
        return errors is JsonObject o ? string.Join(" ", o.Select(static kv => kv.Value?.GetValue<string>())) : body;
    }
}
