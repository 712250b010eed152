using Microsoft.Extensions.Logging;
using Sym.Sdk.Forms;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// The buttons of the request message and the requester's DM (approve, deny, cancel, revoke, "I'm done", extend, approve
/// or deny an extension): checked before answering Slack, applied after it as the Slack user. A click processed twice is
/// harmless: the engine ignores the second.
/// </summary>
internal sealed class SlackButtonActions(SymEngine engine, ISlackClient client, SlackUserMapper users, SlackReplies replies, ILogger logger)
{
    /// <summary>
    /// Checks a click on one of Sym's buttons: an empty 200 with the action to take; an empty 200 without one for
    /// someone else's button; or a rejection.
    /// </summary>
    public static SlackInteractionResult Check(SlackBlockActions payload, out SlackClickedAction? clicked)
    {
        clicked = null;
        SlackAction? action = payload.Actions.FirstOrDefault(static a => a.ActionId.StartsWith("sym_", StringComparison.Ordinal));
        if (action is null || !SlackClickedAction.IsKnown(action.ActionId))
        {
            return SlackInteractionResult.Ack();
        }

        string? value = action.Value;
        if (string.IsNullOrWhiteSpace(value))
        {
            return SlackInteractionResult.Rejected(SlackErrors.InvalidPayload($"the action '{action.ActionId}' carries no run id"));
        }

        TimeSpan extension = default;
        string runId = value;
        if (action.ActionId == SlackApprovalMessage.ExtendActionId)
        {
            int bar = value.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || !SymDuration.TryParse(value[(bar + 1)..], out extension))
            {
                return SlackInteractionResult.Rejected(SlackErrors.InvalidPayload($"the extend option '{value}' is not 'runId|duration'"));
            }

            runId = value[..bar];
        }

        clicked = new SlackClickedAction(action.ActionId, runId, extension, payload.User.Id, payload.ChannelId, payload.Message);
        return SlackInteractionResult.Ack();
    }

    /// <summary>
    /// Applies a click as the Slack user, and tells them when the engine ignored or failed it (unless, on a later attempt,
    /// their earlier attempt applied it), or applied it but a step it started failed (an approval whose grant failed:
    /// <see cref="SymActionResult.Error"/>), so an approver never reads a silent click as access granted.
    /// </summary>
    public async Task ApplyAsync(SlackClickedAction action, SlackDelivery delivery, CancellationToken cancellationToken)
    {
        string userId = action.UserId;
        try
        {
            User user = await users.MapAsync(userId, cancellationToken).ConfigureAwait(false);
            SymActionResult result = await CallAsync(action, user, cancellationToken).ConfigureAwait(false);
            if (result.HasError || (!result.IsApplied && !await ActedBeforeAsync(result.Run, user, delivery, cancellationToken).ConfigureAwait(false)))
            {
                await replies.TellAsync(userId, action.ChannelId, result.Message ?? "Your action was not applied.", cancellationToken).ConfigureAwait(false);
            }

            // A Cancel click that ended the request, or came too late (a DM the run keeps no reference to, so nothing
            // retired its button when the request was decided): either way that DM's button goes.
            if (action.ActionId == SlackApprovalMessage.CancelActionId && action.Clicked is { } clicked && result.Run is { State: not SymRunState.Pending } run)
            {
                await RetireSubmittedAsync(run, userId, clicked, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SymNotFoundException ex) when (ex.ErrorCode == SymErrorCodes.RunNotFound)
        {
            await replies.TellAsync(userId, action.ChannelId, "This request no longer exists.", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SlackRetryableDelivery.ShouldRetry(ex, delivery, cancellationToken))
        {
            SlackLog.InteractionRetryable(logger, action.ActionId, userId, SlackErrorText.For(ex));
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InteractionFailed(logger, action.ActionId, userId, SlackErrorText.For(ex));
            string text = ex is SymRequestValidationException invalid
                ? string.Join(" ", invalid.Errors.Select(static e => e.Message))
                : $"Your action could not be processed: {SlackErrorText.For(ex)}";
            await replies.TellAsync(userId, action.ChannelId, text, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<SymActionResult> CallAsync(SlackClickedAction action, User user, CancellationToken cancellationToken) => action.ActionId switch
    {
        SlackApprovalMessage.ApproveActionId => engine.ApproveAsync(action.RunId, user, null, cancellationToken),
        SlackApprovalMessage.DenyActionId => engine.DenyAsync(action.RunId, user, null, cancellationToken),
        SlackApprovalMessage.CancelActionId => engine.CancelAsync(action.RunId, user, cancellationToken),
        SlackApprovalMessage.RevokeActionId => engine.RevokeAsync(action.RunId, user, null, cancellationToken),
        SlackApprovalMessage.RelinquishActionId => engine.RelinquishAsync(action.RunId, user, cancellationToken),
        SlackApprovalMessage.ExtendActionId => engine.ExtendAsync(action.RunId, user, action.Extension, null, cancellationToken),
        SlackApprovalMessage.ApproveExtensionActionId => engine.ApproveExtensionAsync(action.RunId, user, cancellationToken),
        SlackApprovalMessage.DenyExtensionActionId => engine.DenyExtensionAsync(action.RunId, user, null, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionId, "Not one of Sym's actions."),
    };

    /// <summary>
    /// Whether, on an attempt after the first, the engine's audit log shows an action of this person on the run that took
    /// effect since the delivery was received: the earlier attempt applied the click before it died, so the "already
    /// decided" answer to this one is not news to them.
    /// </summary>
    private async Task<bool> ActedBeforeAsync(SymRun? run, User user, SlackDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Attempt <= 1 || run is null || delivery.ReceivedAt is not { } receivedAt)
        {
            return false;
        }

        var query = new SymAuditQuery { RunId = run.Id, Since = receivedAt, Outcome = SymAuditOutcome.Applied };
        await foreach (SymAuditEntry entry in engine.GetAuditAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(entry.Actor, user.Username, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// After a Cancel click on the requester's "submitted" DM once the request has left Pending (cancelled by the click
    /// or decided before it), replaces that DM with the outcome so its Cancel button goes; the request message itself is
    /// updated by the notifier, like any engine-driven change.
    /// </summary>
    private async Task RetireSubmittedAsync(SymRun run, string userId, SlackMessageRef clicked, CancellationToken cancellationToken)
    {
        // The clicked message is the requester's DM when it is not the run's request message: known from the run's
        // reference, or, where the run keeps none (another notifier, or its post failed), from the channel (Slack's DM
        // ids start with D). A DM whose reference the run keeps is the notifier's to retire.
        bool isDm = SlackMessageReference.TryParse(run.MessageReference, out SlackMessageRef request)
            ? request != clicked
            : clicked.ChannelId.StartsWith('D');
        if (!isDm
            || (SlackMessageReference.TryParseSubmitted(run.MessageReference, out SlackMessageRef submitted) && submitted == clicked)
            || SlackRunMessages.SubmittedSettled(run) is not { } settled)
        {
            return;
        }

        try
        {
            await client.UpdateMessageAsync(clicked, settled, cancellationToken).ConfigureAwait(false);
        }
        catch (SymException ex)
        {
            SlackLog.InteractionFailed(logger, "update-submitted", userId, SlackErrorText.For(ex));
        }
    }
}
