namespace Sym.Sdk.Integrations.PagerDuty;

/// <summary>
/// Which on-calls to look at (Sym's <c>schedule_id</c> / <c>escalation_policy_id</c> arguments): a schedule, an escalation
/// policy, both, or neither for every on-call in the account. Filters combine with AND, as in PagerDuty's
/// <c>GET /oncalls</c>.
/// </summary>
/// <remarks>
/// Sym's Python SDK also accepts schedule and policy <em>names</em>; ids are required here, because names are not unique
/// in PagerDuty and a renamed schedule would silently stop matching.
/// </remarks>
public sealed record PagerDutyOnCallQuery
{
    /// <summary>Only on-calls of this schedule (id, for example <c>PI7DH85</c>), or <see langword="null"/> for any.</summary>
    public string? ScheduleId { get; init; }

    /// <summary>Only on-calls of this escalation policy (id, for example <c>PT20YPA</c>), or <see langword="null"/> for any.</summary>
    public string? EscalationPolicyId { get; init; }

    /// <summary>Only on-calls at this escalation level (1 is the first), or <see langword="null"/> for every level.</summary>
    public int? EscalationLevel { get; init; }

    /// <summary>On-calls of a schedule.</summary>
    /// <param name="scheduleId">The schedule id.</param>
    /// <returns>The query.</returns>
    public static PagerDutyOnCallQuery ForSchedule(string scheduleId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheduleId);
        return new PagerDutyOnCallQuery { ScheduleId = scheduleId };
    }

    /// <summary>On-calls of an escalation policy.</summary>
    /// <param name="escalationPolicyId">The escalation policy id.</param>
    /// <returns>The query.</returns>
    public static PagerDutyOnCallQuery ForEscalationPolicy(string escalationPolicyId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(escalationPolicyId);
        return new PagerDutyOnCallQuery { EscalationPolicyId = escalationPolicyId };
    }
}
