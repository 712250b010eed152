using System.Globalization;
using System.Text;
using Sym.Sdk.Forms;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing.Harness.Internal;

/// <summary>Formats timeline entries as transcript lines: deterministic, culture-invariant, one line per entry.</summary>
internal static class Transcripts
{
    public static string Write(IEnumerable<TimelineEntry> entries)
    {
        var text = new StringBuilder();
        foreach (TimelineEntry entry in entries)
        {
            text.Append(Line(entry)).Append('\n');
        }

        return text.ToString();
    }

    public static string Line(TimelineEntry entry)
    {
        string indent = entry.Kind == TimelineEntryKind.Action ? string.Empty : "  ";
        return $"{Elapsed(entry.Elapsed)} {entry.Run ?? "-",-6} {indent}{entry.Text}";
    }

    public static string Elapsed(TimeSpan elapsed)
    {
        string sign = elapsed < TimeSpan.Zero ? "-" : "+";
        TimeSpan e = elapsed.Duration();
        string text = string.Create(CultureInfo.InvariantCulture, $"{sign}{(long)e.TotalHours:00}:{e.Minutes:00}:{e.Seconds:00}");
        return e.Milliseconds == 0 ? text : string.Create(CultureInfo.InvariantCulture, $"{text}.{e.Milliseconds:000}");
    }

    public static string Duration(TimeSpan duration) => SymDuration.Format(duration);

    public static string Describe(TimelineEntry entry) => entry.Source switch
    {
        SymAuditEntry audit => Describe(audit),
        StrategyCall call => Describe(call),
        SymNotificationRecord record => Describe(record),
        _ => string.Empty,
    };

    public static string Describe(SymAuditEntry e)
    {
        var text = new StringBuilder();
        text.Append("step ").Append(e.Step).Append(" by ").Append(e.Actor).Append(": ").Append(Outcome(e.Outcome));
        if (!string.IsNullOrEmpty(e.Message))
        {
            text.Append(" (").Append(e.Message).Append(')');
        }

        if (e.ErrorCode is not null)
        {
            text.Append(" [").Append(e.ErrorCode).Append(']');
        }

        return text.ToString();
    }

    public static string Describe(StrategyCall call)
    {
        var text = new StringBuilder();
        text.Append("strategy ").Append(call.Step).Append(' ').Append(call.TargetId).Append(" for ").Append(call.Event.GetActor(Templates.ApprovalTemplateStep.Request) ?? call.Event.User);
        if (call.DeescalateType is { } type)
        {
            text.Append(" (").Append(type).Append(')');
        }

        text.Append(" -> ");
        if (!call.IsCompleted)
        {
            text.Append("running");
        }
        else if (call.Error is { } error)
        {
            text.Append("threw ").Append(error is SymException sym ? sym.ErrorCode : error.GetType().Name).Append(": ").Append(error.Message);
        }
        else if (call.Output is { IsNoOp: true } noOp)
        {
            text.Append("no-op: ").Append(noOp.Message);
        }
        else
        {
            text.Append("applied");
            if (call.Output?.Message is { Length: > 0 } message)
            {
                text.Append(": ").Append(message);
            }
        }

        return text.ToString();
    }

    public static string Describe(SymNotificationRecord r)
    {
        string failed = r.Delivered ? string.Empty : " [not delivered]";
        return r.Kind switch
        {
            SymNotificationKind.Announce => $"announce to {Destination(r.Destination)}{failed}" + (r.Delivered || r.Message is null ? string.Empty : $" ({r.Message})"),
            SymNotificationKind.Update => $"update request message: {Update(r.Update)}{failed}",
            SymNotificationKind.Requester => $"DM {r.Recipient}: {Update(r.Update)}{failed}",
            SymNotificationKind.Ignored => $"tell {r.Recipient}: {r.Message}{failed}",
            SymNotificationKind.HookMessage => $"hook message to {r.Channel}: {r.Message}{failed}",
            SymNotificationKind.Error => $"error to {r.Channel}: {r.Error?.Error.Code} at {r.Error?.Error.Step} ({r.Error?.Error.Source}): {r.Error?.Error.Message}{failed}",
            _ => r.Kind.ToString(),
        };
    }

    /// <summary>The name a destination goes by in transcripts and <see cref="SymFlowHarness.MessagesTo(string)"/>.</summary>
    public static string Destination(RequestDestination? destination) => destination switch
    {
        null => "(none)",
        SlackChannelName n => "#" + n.ChannelName,
        SlackChannelId c => c.ChannelId,
        SlackUser u => u.UserId,
        SlackUserGroup g => "group(" + string.Join(",", g.Users.Select(static u => u.UserId)) + ")",
        _ => destination.ToString(),
    };

    private static string Update(SymRunUpdate? update)
    {
        if (update is null)
        {
            return "(none)";
        }

        string text = Kind(update.Kind);
        if (update.Actor is { } actor)
        {
            text += " by " + actor;
        }

        return update.Message is { Length: > 0 } message ? text + " (" + message + ")" : text;
    }

    private static string Kind(SymRunUpdateKind kind) => kind switch
    {
        SymRunUpdateKind.ApprovalRecorded => "approval recorded",
        SymRunUpdateKind.Approved => "approved",
        SymRunUpdateKind.DenialRecorded => "denial recorded",
        SymRunUpdateKind.Denied => "denied",
        SymRunUpdateKind.Expired => "request expired",
        SymRunUpdateKind.Cancelled => "cancelled",
        SymRunUpdateKind.Forwarded => "forwarded",
        SymRunUpdateKind.Escalated => "access granted",
        SymRunUpdateKind.AccessExpired => "access expired",
        SymRunUpdateKind.Revoked => "access revoked",
        SymRunUpdateKind.Relinquished => "access relinquished",
        SymRunUpdateKind.ExtensionRequested => "extension requested",
        SymRunUpdateKind.Extended => "access extended",
        SymRunUpdateKind.ExtensionDenied => "extension denied",
        SymRunUpdateKind.Errored => "errored",
        SymRunUpdateKind.Compensated => "access revoked after a failed grant",
        _ => kind.ToString(),
    };

    private static string Outcome(SymAuditOutcome outcome) => outcome switch
    {
        SymAuditOutcome.Applied => "applied",
        SymAuditOutcome.Ignored => "ignored",
        SymAuditOutcome.NoOp => "no-op",
        SymAuditOutcome.Failed => "failed",
        _ => outcome.ToString(),
    };
}
