using System.Globalization;
using Sym.Sdk.Forms;
using Sym.Sdk.Integrations.Slack.BlockKit;
using Sym.Sdk.Integrations.Slack.Internal;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// Builds the approval request message (with Approve, Deny and Cancel buttons carrying the run id) and the same message in
/// its decided states (approved, denied, expired, cancelled, revoked, extended), with the buttons removed.
/// </summary>
public static class SlackApprovalMessage
{
    /// <summary>The action id of the Approve button.</summary>
    public const string ApproveActionId = "sym_approve";

    /// <summary>The action id of the Deny button.</summary>
    public const string DenyActionId = "sym_deny";

    /// <summary>
    /// The action id of the Cancel button of a pending request, which withdraws it. Only the requester (or a Sym admin)
    /// may use it; Slack asks for confirmation first.
    /// </summary>
    public const string CancelActionId = "sym_cancel";

    /// <summary>The action id of the Revoke button on the message of an active grant.</summary>
    public const string RevokeActionId = "sym_revoke";

    /// <summary>The action id of the "I'm done" button in the requester's DM (relinquish).</summary>
    public const string RelinquishActionId = "sym_relinquish";

    /// <summary>The action id of the "Extend by…" select in the requester's DM; each option's value is <c>runId|duration</c>.</summary>
    public const string ExtendActionId = "sym_extend";

    /// <summary>The action id of the button that approves a pending extension.</summary>
    public const string ApproveExtensionActionId = "sym_extend_approve";

    /// <summary>The action id of the button that denies a pending extension.</summary>
    public const string DenyExtensionActionId = "sym_extend_deny";

    /// <summary>The block id of the buttons.</summary>
    public const string ActionsBlockId = "sym_request_actions";

    /// <summary>The message asking for a decision.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The message.</returns>
    public static SlackMessage Request(SlackApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<SlackBlock> blocks = Body(request);
        blocks.Add(new SlackActionsBlock(DecisionButtons(request.RunId)) { BlockId = ActionsBlockId });
        return new SlackMessage($"{request.Requester} requests access to {request.Target}.", blocks);
    }

    /// <summary>The message once decided: the request's details, what happened and who did it, and no buttons.</summary>
    /// <param name="request">The request.</param>
    /// <param name="outcome">What happened.</param>
    /// <returns>The message, to pass to <see cref="ISlackClient.UpdateMessageAsync"/>.</returns>
    public static SlackMessage Decided(SlackApprovalRequest request, SlackApprovalOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        string status = outcome.State switch
        {
            SlackApprovalState.Approved => $":white_check_mark: Approved by {outcome.Actor}",
            SlackApprovalState.Denied => $":x: Denied by {outcome.Actor}",
            SlackApprovalState.Expired => ":hourglass: Expired without a decision",
            SlackApprovalState.Revoked => $":no_entry: Access revoked by {outcome.Actor}",
            SlackApprovalState.Cancelled => $":no_entry_sign: Cancelled by {outcome.Actor}",
            SlackApprovalState.Extended => $":arrow_forward: Access extended to {Date(outcome.Until!.Value)}"
                                           + (outcome.Actor is null ? string.Empty : $" by {outcome.Actor}"),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.State, "Unknown approval state."),
        };
        if (outcome.Note is { Length: > 0 } note)
        {
            status += $": {Mrkdwn.Escape(note)}";
        }

        return Compose(request, [status], null,
            $"{request.Requester}'s request for {request.Target}: {outcome.State.ToString().ToLowerInvariant()}.");
    }

    /// <summary>The request's details, one context line per status, and optional buttons (the elements of an actions block).</summary>
    internal static SlackMessage Compose(SlackApprovalRequest request, IReadOnlyList<string> status, IReadOnlyList<SlackElement>? actions, string text)
    {
        List<SlackBlock> blocks = Body(request);
        if (status.Count > 0)
        {
            blocks.Add(new SlackContextBlock([.. status.Select(SlackText.Markdown)]) { BlockId = "sym_request_status" });
        }

        if (actions is { Count: > 0 })
        {
            blocks.Add(new SlackActionsBlock(actions) { BlockId = ActionsBlockId });
        }

        return new SlackMessage(text, blocks);
    }

    /// <summary>The Approve, Deny and Cancel buttons, carrying the run id.</summary>
    internal static SlackElement[] DecisionButtons(string runId) =>
        [Button(ApproveActionId, "Approve", SlackButtonStyle.Primary, runId), Button(DenyActionId, "Deny", SlackButtonStyle.Danger, runId), CancelButton(runId)];

    /// <summary>The requester's Cancel button, with Slack's confirmation dialog (a stray click by an approver changes nothing anyway).</summary>
    internal static SlackButton CancelButton(string runId) => new(CancelActionId, "Cancel request", runId)
    {
        Confirm = new SlackConfirmDialog(
            "Cancel this request?",
            "The request is withdrawn and approvers can no longer act on it. Only the requester (or an admin) may cancel.",
            "Cancel request",
            "Keep it"),
    };

    private static List<SlackBlock> Body(SlackApprovalRequest request)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.RunId, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Requester, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Target, nameof(request));
        var fields = new List<SlackText> { Field("Target", Mrkdwn.Escape(request.Target)) };
        if (request.Duration is { } duration)
        {
            fields.Add(Field("Duration", Describe(duration)));
        }

        foreach ((string label, string value) in request.Fields)
        {
            // Slack allows 10 fields in a section.
            if (fields.Count == 10)
            {
                break;
            }

            fields.Add(Field(Mrkdwn.Escape(label), request.UserFieldLabels.Contains(label) ? Mentions(value) : Mrkdwn.Escape(value)));
        }

        var blocks = new List<SlackBlock>
        {
            new SlackHeaderBlock(request.FlowLabel is null ? "Access request" : $"Access request: {request.FlowLabel}"),
            new SlackSectionBlock(SlackText.Markdown($"{request.Requester} requests access to *{Mrkdwn.Escape(request.Target)}*."))
            {
                BlockId = "sym_request_summary",
                Fields = fields,
            },
        };
        if (request.Reason is { Length: > 0 } reason)
        {
            blocks.Add(new SlackSectionBlock(SlackText.Markdown($"*Reason*\n{Mrkdwn.Escape(reason)}")) { BlockId = "sym_request_reason" });
        }

        return blocks;
    }

    /// <summary>
    /// Comma-separated Slack user ids as mentions (<c>&lt;@U0123&gt;</c>). Each id is checked for the shape of a user id
    /// (<c>U</c> or <c>W</c>, then upper-case letters and digits), so a crafted value cannot smuggle in other mrkdwn (a
    /// <c>&lt;!channel&gt;</c> or a link); what does not pass is shown as escaped text.
    /// </summary>
    internal static string Mentions(string value)
    {
        var text = new System.Text.StringBuilder(value.Length + 8);
        foreach (string part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append(SlackIds.IsUserId(part) ? $"<@{part}>" : Mrkdwn.Escape(part));
        }

        return text.Length > 0 ? text.ToString() : "–";
    }

    private static SlackText Field(string label, string value) => SlackText.Markdown($"*{label}*\n{value}");

    internal static SlackButton Button(string actionId, string text, SlackButtonStyle style, string value) =>
        new(actionId, text, value) { Style = style };


    /// <summary>A duration as people say it: <c>1 hour</c>, <c>30 minutes</c>, <c>2 days</c>.</summary>
    internal static string Describe(TimeSpan duration)
    {
        string text = SymDuration.Format(duration);
        int i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        string n = text[..i];
        string unit = text[i..] switch
        {
            "mo" => "month",
            "d" => "day",
            "h" => "hour",
            "m" => "minute",
            _ => "second",
        };
        return n == "1" ? $"1 {unit}" : $"{n} {unit}s";
    }

    /// <summary>A date Slack shows in each reader's time zone, with a UTC fallback.</summary>
    internal static string Date(DateTimeOffset when)
    {
        long epoch = when.ToUnixTimeSeconds();
        string fallback = when.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"<!date^{epoch}^{{date_short_pretty}} at {{time}}|{fallback}>");
    }
}
