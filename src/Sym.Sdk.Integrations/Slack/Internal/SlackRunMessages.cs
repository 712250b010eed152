using System.Text.Json;
using Sym.Sdk.Forms;
using Sym.Sdk.Runtime;

using Sym.Sdk.Integrations.Slack.BlockKit;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// Renders a run as Slack messages: the approval request, the same message after each change (its status lines drawn
/// from the run, so the decision stays visible after access is granted and ended), and the requester's DMs.
/// </summary>
internal static class SlackRunMessages
{
    private static readonly HashSet<string> SummaryFields = new(StringComparer.Ordinal) { "reason", "duration", "target_id", "extension", "deescalate_type" };

    public static SlackApprovalRequest Request(SymRun run, SlackFlowView flow) => new()
    {
        RunId = run.Id,
        Requester = Who(run.Requester),
        Target = TargetOf(run, flow),
        Duration = run.Duration > TimeSpan.Zero ? run.Duration : null,
        Reason = run.Fields.Reason,
        FlowLabel = flow.Label,
        Fields = OtherFields(run, flow),
        UserFieldLabels = flow.UserFieldLabels,
    };

    /// <summary>The message asking for a decision.</summary>
    public static SlackMessage Announcement(SymRun run, SlackFlowView flow) => SlackApprovalMessage.Request(Request(run, flow));

    /// <summary>The request message after a change.</summary>
    public static SlackMessage Updated(SymRun run, SymRunUpdate update, SlackFlowView flow)
    {
        SlackApprovalRequest request = Request(run, flow);
        var lines = new List<string>(4);
        List<SlackElement>? actions = null;
        string summary;
        switch (update.Kind)
        {
            case SymRunUpdateKind.ApprovalRecorded or SymRunUpdateKind.DenialRecorded:
                Votes(run, lines);
                AddNote(lines, update.Message);
                actions = [.. SlackApprovalMessage.DecisionButtons(run.Id)];
                summary = "awaiting more decisions";
                break;
            case SymRunUpdateKind.Approved:
                lines.Add(Approved(run, update.Actor));
                if (run.State != SymRunState.Approved)
                {
                    lines.Add(":hourglass_flowing_sand: Granting access…"); // an approval-only flow grants nothing
                }

                summary = "approved";
                break;
            case SymRunUpdateKind.Denied:
                lines.Add(WithNote($":x: Denied by {Who(update.Actor ?? Last(run.Denials))}", update.Message ?? run.DecisionReason));
                summary = "denied";
                break;
            case SymRunUpdateKind.Expired:
                lines.Add(WithNote(":hourglass: Expired without a decision", update.Message));
                summary = "expired";
                break;
            case SymRunUpdateKind.Cancelled:
                lines.Add(WithNote(update.Actor is null ? ":no_entry_sign: Cancelled" : $":no_entry_sign: Cancelled by {Who(update.Actor)}", update.Message));
                summary = "cancelled";
                break;
            case SymRunUpdateKind.Forwarded:
                lines.Add(WithNote(":arrow_right: Forwarded to the next approvers", update.Message));
                summary = "forwarded";
                break;
            case SymRunUpdateKind.Escalated:
                lines.Add(Approved(run, null));
                lines.Add(Granted(run));
                actions = ActiveButtons(run, flow);
                summary = "access granted";
                break;
            case SymRunUpdateKind.ExtensionRequested:
                lines.Add(Approved(run, null));
                lines.Add(Granted(run));
                lines.Add(WithNote(
                    $":arrow_forward: {Who(update.Actor ?? run.Requester)} asks to extend access by {SlackApprovalMessage.Describe(run.PendingExtension ?? TimeSpan.Zero)}",
                    update.Message));
                actions =
                [
                    SlackApprovalMessage.Button(SlackApprovalMessage.ApproveExtensionActionId, "Approve extension", SlackButtonStyle.Primary, run.Id),
                    SlackApprovalMessage.Button(SlackApprovalMessage.DenyExtensionActionId, "Deny extension", SlackButtonStyle.Danger, run.Id),
                ];
                AddRevoke(actions, run, flow);
                summary = "extension requested";
                break;
            case SymRunUpdateKind.Extended:
                lines.Add(Approved(run, null));
                lines.Add(WithNote(
                    run.ExpiresAt is { } until
                        ? $":arrow_forward: Access extended to {SlackApprovalMessage.Date(until)}" + (update.Actor is null ? string.Empty : $" by {Who(update.Actor)}")
                        : ":arrow_forward: Access extended",
                    null));
                actions = ActiveButtons(run, flow);
                summary = "extended";
                break;
            case SymRunUpdateKind.ExtensionDenied:
                lines.Add(Approved(run, null));
                lines.Add(Granted(run));
                lines.Add(WithNote(update.Actor is null ? ":x: Extension denied" : $":x: Extension denied by {Who(update.Actor)}", update.Message));
                actions = ActiveButtons(run, flow);
                summary = "extension denied";
                break;
            case SymRunUpdateKind.AccessExpired:
                lines.Add(Approved(run, null));
                lines.Add(":lock: Access ended as scheduled");
                summary = "access ended";
                break;
            case SymRunUpdateKind.Revoked:
                lines.Add(Approved(run, null));
                lines.Add(WithNote(update.Actor is null ? ":no_entry: Access revoked" : $":no_entry: Access revoked by {Who(update.Actor)}",
                    update.Message ?? run.DecisionReason));
                summary = "revoked";
                break;
            case SymRunUpdateKind.Relinquished:
                lines.Add(Approved(run, null));
                lines.Add($":wave: {Who(update.Actor ?? run.Requester)} gave up access");
                summary = "relinquished";
                break;
            case SymRunUpdateKind.Errored:
                lines.Add(Approved(run, null));
                lines.Add(WithNote(":warning: Access could not be granted", update.Message));
                summary = "failed";
                break;
            case SymRunUpdateKind.Compensated:
                lines.Add(Approved(run, null));
                lines.Add(":warning: Access was revoked after a failed grant");
                summary = "revoked after a failed grant";
                break;
            default:
                lines.Add(WithNote(update.Kind.ToString(), update.Message));
                summary = update.Kind.ToString();
                break;
        }

        return SlackApprovalMessage.Compose(request, lines, actions, $"{request.Requester}'s request for {request.Target}: {summary}.");
    }

    /// <summary>The requester's DM about a change, or <see langword="null"/> when the change is not theirs to hear about.</summary>
    public static SlackMessage? ForRequester(SymRun run, SymRunUpdate update, SlackFlowView flow)
    {
        string target = $"*{Mrkdwn.Escape(TargetOf(run, flow))}*";
        string? by = update.Actor is null ? null : $" by {Who(update.Actor)}";
        string text = update.Kind switch
        {
            SymRunUpdateKind.Approved => $":white_check_mark: Your request for {target} was approved{by}.",
            SymRunUpdateKind.Denied => $":x: Your request for {target} was denied{by}.",
            SymRunUpdateKind.Expired => $":hourglass: Your request for {target} expired without a decision.",
            SymRunUpdateKind.Cancelled => $":no_entry_sign: Your request for {target} was cancelled{by}.",
            SymRunUpdateKind.Escalated => run.ExpiresAt is { } until
                ? $":unlock: Your access to {target} is granted until {SlackApprovalMessage.Date(until)}."
                : $":unlock: Your access to {target} is granted.",
            SymRunUpdateKind.AccessExpired => $":lock: Your access to {target} has ended.",
            SymRunUpdateKind.Revoked => $":no_entry: Your access to {target} was revoked{by}.",
            SymRunUpdateKind.Relinquished => $":wave: You gave up your access to {target}.",
            SymRunUpdateKind.Extended => run.ExpiresAt is { } until
                ? $":arrow_forward: Your access to {target} was extended until {SlackApprovalMessage.Date(until)}{by}."
                : $":arrow_forward: Your access to {target} was extended{by}.",
            SymRunUpdateKind.ExtensionDenied => $":x: Your request to extend access to {target} was denied{by}.",
            SymRunUpdateKind.Errored => $":warning: Your access to {target} could not be granted. The flow's admins were told.",
            SymRunUpdateKind.Compensated => $":warning: Your access to {target} was revoked after a failed grant. The flow's admins were told.",
            _ => string.Empty,
        };
        if (text.Length == 0)
        {
            return null;
        }

        if (update.Message is { Length: > 0 } note && update.Kind is not (SymRunUpdateKind.Errored or SymRunUpdateKind.Compensated))
        {
            text += $"\n>{Mrkdwn.Escape(note)}";
        }

        var blocks = new List<SlackBlock> { new SlackSectionBlock(SlackText.Markdown(text)) { BlockId = "sym_requester_update" } };
        if (update.Kind == SymRunUpdateKind.Escalated && run.State == SymRunState.Active)
        {
            var elements = new List<SlackElement> { SlackApprovalMessage.Button(SlackApprovalMessage.RelinquishActionId, "I'm done", SlackButtonStyle.Default, run.Id) };
            if (run.ExpiresAt is not null && flow.ScheduleDeescalation && flow.Extensions.Count > 0)
            {
                var options = new List<SlackOption>(flow.Extensions.Count);
                foreach (TimeSpan d in flow.Extensions)
                {
                    options.Add(new SlackOption($"{run.Id}|{SymDuration.Format(d)}", SlackApprovalMessage.Describe(d)));
                }

                elements.Add(new SlackStaticSelect(SlackApprovalMessage.ExtendActionId, options) { Placeholder = "Extend by…" });
            }

            blocks.Add(new SlackActionsBlock(elements) { BlockId = "sym_requester_actions" });
        }

        return new SlackMessage(text, blocks);
    }

    /// <summary>
    /// The requester's confirmation that a request made from Slack was submitted; while it is pending, with a Cancel button.
    /// </summary>
    public static SlackMessage Submitted(SymRun? run)
    {
        string text = $":inbox_tray: Your request{For(run)} was submitted.";
        var blocks = new List<SlackBlock> { new SlackSectionBlock(SlackText.Markdown(text)) { BlockId = "sym_requester_update" } };
        if (run is { State: SymRunState.Pending })
        {
            blocks.Add(new SlackActionsBlock([SlackApprovalMessage.CancelButton(run.Id)]) { BlockId = "sym_requester_actions" });
        }

        return new SlackMessage(text, blocks);
    }

    /// <summary>The "submitted" confirmation once the requester cancelled from it: no buttons left.</summary>
    public static SlackMessage SubmittedThenCancelled(SymRun run)
    {
        string text = $":no_entry_sign: You cancelled your request{For(run)}.";
        return new SlackMessage(text, [new SlackSectionBlock(SlackText.Markdown(text)) { BlockId = "sym_requester_update" }]);
    }

    /// <summary>
    /// The "submitted" confirmation once the request left Pending (approved, denied, expired or cancelled, however it
    /// was decided): the outcome, no buttons left; or <see langword="null"/> for a change that does not end the pending
    /// request. The same run and update always render the same message, so replacing the DM twice is harmless, and a
    /// cancel by the requester reads as <see cref="SubmittedThenCancelled"/> does.
    /// </summary>
    public static SlackMessage? SubmittedThenDecided(SymRun run, SymRunUpdate update)
    {
        if (run.State == SymRunState.Pending)
        {
            return null;
        }

        string request = $"Your request{For(run)}";
        string text;
        switch (update.Kind)
        {
            case SymRunUpdateKind.Approved:
                text = $":white_check_mark: {request} was approved{By(update.Actor ?? run.Actors.GetValueOrDefault("approve"))}.";
                break;
            case SymRunUpdateKind.Denied:
                text = $":x: {request} was denied{By(update.Actor ?? Last(run.Denials))}.";
                break;
            case SymRunUpdateKind.Expired:
                text = $":hourglass: {request} expired without a decision.";
                break;
            case SymRunUpdateKind.Cancelled when update.Actor is not null && update.Actor.Equals(run.Requester):
                return SubmittedThenCancelled(run);
            case SymRunUpdateKind.Cancelled:
                text = $":no_entry_sign: {request} was cancelled{By(update.Actor)}.";
                break;
            default:
                return null;
        }

        return new SlackMessage(text, [new SlackSectionBlock(SlackText.Markdown(text)) { BlockId = "sym_requester_update" }]);
    }

    /// <summary>
    /// The "submitted" confirmation rebuilt from the run alone, for a DM whose reference the run does not keep (the
    /// handler posts its own when the notifier could not): how the run left Pending, as <see cref="SubmittedThenDecided"/>
    /// words it; or <see langword="null"/> while it is still pending.
    /// </summary>
    public static SlackMessage? SubmittedSettled(SymRun run) => run.State switch
    {
        SymRunState.Pending => null,
        SymRunState.Denied => SubmittedThenDecided(run, new SymRunUpdate(SymRunUpdateKind.Denied)),
        SymRunState.Expired => SubmittedThenDecided(run, new SymRunUpdate(SymRunUpdateKind.Expired)),
        SymRunState.Cancelled => SubmittedThenDecided(run, new SymRunUpdate(SymRunUpdateKind.Cancelled, run.Actors.GetValueOrDefault("cancel"))),
        _ when run.Actors.ContainsKey("approve") => SubmittedThenDecided(run, new SymRunUpdate(SymRunUpdateKind.Approved)),
        _ => Settled(run),
    };

    private static SlackMessage Settled(SymRun run)
    {
        string text = $":information_source: Your request{For(run)} is no longer pending.";
        return new SlackMessage(text, [new SlackSectionBlock(SlackText.Markdown(text)) { BlockId = "sym_requester_update" }]);
    }

    private static string By(User? user) => user is null ? string.Empty : $" by {Who(user)}";

    private static string For(SymRun? run) => run?.Target is { } t ? $" for *{Mrkdwn.Escape(t.Label ?? t.Name)}*" : string.Empty;

    /// <summary>An error for the flow's error channel; the message is redacted again, in case a caller forgot.</summary>
    public static SlackMessage Error(SymErrorReport report)
    {
        SymRunError error = report.Error;
        string message = Runtime.Internal.SecretRedactor.Redact(error.Message);
        string run = report.RunId is null ? string.Empty : $" (run `{report.RunId}`)";
        string requester = report.Requester is null ? string.Empty : $" · *Requester* {Who(report.Requester)}";
        string header = $":rotating_light: *Sym error* in flow `{Mrkdwn.Escape(report.Flow)}`{run}";
        string details = $"*Step* `{Mrkdwn.Escape(error.Step)}` · *Source* {Mrkdwn.Escape(error.Source)} · *Code* `{Mrkdwn.Escape(error.Code)}`{requester}";
        SlackBlock[] blocks =
        [
            new SlackSectionBlock(SlackText.Markdown($"{header}\n{details}")) { BlockId = "sym_error" },
            new SlackSectionBlock(SlackText.Markdown($"```{Mrkdwn.Escape(message).Replace("```", "'''", StringComparison.Ordinal)}```"))
            {
                BlockId = "sym_error_message",
            },
            new SlackContextBlock([SlackText.Markdown(SlackApprovalMessage.Date(error.Timestamp))]),
        ];
        return new SlackMessage($"Sym error in flow {report.Flow}{run}: {error.Code}: {message}", blocks);
    }

    /// <summary>A user as mrkdwn: their Slack mention, else their name or email (escaped).</summary>
    public static string Who(User? user) => user is null
        ? "Sym"
        : Slack.SlackUserIdOf(user) is { } id ? $"<@{id}>" : Mrkdwn.Escape(user.Name ?? user.Email);

    private static string TargetOf(SymRun run, SlackFlowView flow) =>
        run.Target is { } t ? t.Label ?? t.Name : flow.Label;

    private static List<SlackElement>? ActiveButtons(SymRun run, SlackFlowView flow)
    {
        var actions = new List<SlackElement>();
        AddRevoke(actions, run, flow);
        return actions;
    }

    private static void AddRevoke(List<SlackElement> actions, SymRun run, SlackFlowView flow)
    {
        if (flow.AllowRevoke && run.State == SymRunState.Active)
        {
            actions.Add(SlackApprovalMessage.Button(SlackApprovalMessage.RevokeActionId, "Revoke", SlackButtonStyle.Danger, run.Id));
        }
    }

    private static string Approved(SymRun run, User? actor)
    {
        IReadOnlyList<User> approvals = run.Approvals;
        string who = approvals.Count > 0
            ? string.Join(", ", approvals.Select(Who))
            : Who(actor ?? run.Actors.GetValueOrDefault("approve"));
        // Once access is being revoked, DecisionReason holds the revoke's reason, not the approval's.
        return WithNote($":white_check_mark: Approved by {who}", run.DeescalateType is null ? run.DecisionReason : null);
    }

    private static string Granted(SymRun run) => run.ExpiresAt is { } until
        ? $":unlock: Access granted until {SlackApprovalMessage.Date(until)}"
        : ":unlock: Access granted";

    private static void Votes(SymRun run, List<string> lines)
    {
        if (run.Approvals.Count > 0)
        {
            lines.Add($":ballot_box_with_check: Approved by {string.Join(", ", run.Approvals.Select(Who))}");
        }

        if (run.Denials.Count > 0)
        {
            lines.Add($":x: Denied by {string.Join(", ", run.Denials.Select(Who))}");
        }
    }

    private static void AddNote(List<string> lines, string? note)
    {
        if (note is { Length: > 0 })
        {
            lines.Add(Mrkdwn.Escape(note));
        }
    }

    private static string WithNote(string line, string? note) => note is { Length: > 0 } ? $"{line}: {Mrkdwn.Escape(note)}" : line;

    private static User? Last(IReadOnlyList<User> users) => users.Count > 0 ? users[^1] : null;

    private static List<KeyValuePair<string, string>> OtherFields(SymRun run, SlackFlowView flow)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (string name in flow.FieldOrder)
        {
            if (!SummaryFields.Contains(name) && run.Fields.TryGetValue(name, out JsonElement value))
            {
                result.Add(new(flow.FieldLabels[name], Format(value)));
            }
        }

        foreach (KeyValuePair<string, JsonElement> kv in run.Fields.OrderBy(static kv => kv.Key, StringComparer.Ordinal))
        {
            if (!SummaryFields.Contains(kv.Key) && !flow.FieldLabels.ContainsKey(kv.Key))
            {
                result.Add(new(kv.Key, Format(kv.Value)));
            }
        }

        return result;
    }

    private static string Format(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.True => "Yes",
        JsonValueKind.False => "No",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Format)),
        JsonValueKind.Null or JsonValueKind.Undefined => "–",
        _ => value.GetRawText(),
    };
}
