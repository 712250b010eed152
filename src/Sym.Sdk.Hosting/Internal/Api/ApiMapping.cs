using System.Text.Json;
using System.Security.Claims;
using Sym.Sdk.Forms;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>Turns engine objects into the API's shapes, and the caller's claims into a Sym <see cref="User"/>.</summary>
internal static class ApiMapping
{
    /// <summary>An action's result as the API answers it: its status, message and run.</summary>
    public static ActionResponse ToResponse(SymActionResult result) =>
        new(StatusName(result.Status), result.Message, result.Run is null ? null : ToResponse(result.Run),
            result.Error is { } e ? new RunErrorResponse(e.Step, e.Code, e.Message, e.Timestamp) : null);

    public static User ToUser(ClaimsPrincipal principal)
    {
        string username = principal.Identity?.Name is { Length: > 0 } name
            ? name
            : throw new InvalidOperationException("The authenticated principal has no name claim.");
        UserRole role = principal.IsInRole(UserRole.Admin.Value) ? UserRole.Admin
            : principal.IsInRole(UserRole.Guest.Value) ? UserRole.Guest
            : UserRole.Member;
        return new User { Username = username, Email = principal.FindFirstValue(ClaimTypes.Email) ?? username, Role = role };
    }

    public static string StateName(SymRunState state) => state switch
    {
        SymRunState.Pending => "pending",
        SymRunState.Escalating => "escalating",
        SymRunState.Active => "active",
        SymRunState.Deescalating => "deescalating",
        SymRunState.Ended => "ended",
        SymRunState.Denied => "denied",
        SymRunState.Expired => "expired",
        SymRunState.Cancelled => "cancelled",
        SymRunState.Errored => "errored",
        SymRunState.Approved => "approved",
        _ => "unknown",
    };

    public static bool TryParseState(string text, out SymRunState state)
    {
        foreach (SymRunState s in Enum.GetValues<SymRunState>())
        {
            if (string.Equals(StateName(s), text, StringComparison.OrdinalIgnoreCase))
            {
                state = s;
                return true;
            }
        }

        state = default;
        return false;
    }

    public static string StatusName(SymActionStatus status) => status switch
    {
        SymActionStatus.Applied => "applied",
        SymActionStatus.Ignored => "ignored",
        _ => "failed",
    };

    public static string OutcomeName(SymAuditOutcome outcome) => outcome switch
    {
        SymAuditOutcome.Applied => "applied",
        SymAuditOutcome.Ignored => "ignored",
        SymAuditOutcome.NoOp => "no_op",
        SymAuditOutcome.Failed => "failed",
        _ => "unknown",
    };

    public static RunResponse ToResponse(SymRun run)
    {
        var errors = new RunErrorResponse[run.Errors.Count];
        for (int i = 0; i < errors.Length; i++)
        {
            SymRunError e = run.Errors[i];
            errors[i] = new RunErrorResponse(e.Step, e.Code, e.Message, e.Timestamp);
        }

        return new RunResponse
        {
            Id = run.Id,
            Flow = run.Flow,
            State = StateName(run.State),
            Requester = run.Requester.Username,
            Target = run.Target?.Name,
            TargetLabel = run.Target?.Label,
            Duration = SymDuration.Format(run.Duration),
            DurationSeconds = (long)run.Duration.TotalSeconds,
            Reason = run.Fields.Reason,
            Context = run.Contexts.TryGetValue("request", out JsonElement context) ? context : null,
            SourceChannel = run.SourceChannel,
            RequestedAt = run.RequestedAt,
            PendingExpiresAt = run.State == SymRunState.Pending ? run.PendingExpiresAt : null,
            Approvals = Usernames(run.Approvals),
            Denials = Usernames(run.Denials),
            DecisionReason = run.DecisionReason,
            EscalatedAt = run.EscalatedAt,
            ExpiresAt = run.ExpiresAt,
            DeescalateType = run.DeescalateType,
            EndedAt = run.EndedAt,
            Errors = errors,
            Version = run.Version,
        };
    }

    public static AuditEntryResponse ToResponse(SymAuditEntry entry) => new()
    {
        Sequence = entry.Sequence,
        Step = entry.Step,
        Actor = entry.Actor,
        Timestamp = entry.Timestamp,
        Outcome = OutcomeName(entry.Outcome),
        Message = entry.Message,
        ErrorCode = entry.ErrorCode,
    };

    private static string[] Usernames(IReadOnlyList<User> users)
    {
        var names = new string[users.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = users[i].Username;
        }

        return names;
    }
}
