namespace Sym.Sdk.Integrations.PagerDuty;

/// <summary>
/// Which incidents to list (<c>GET /incidents</c> filters). The default is every open incident: status
/// <c>triggered</c> or <c>acknowledged</c>, on any service, for PagerDuty's default time window.
/// </summary>
public sealed record PagerDutyIncidentQuery
{
    /// <summary>The <c>triggered</c> status.</summary>
    public const string Triggered = "triggered";

    /// <summary>The <c>acknowledged</c> status.</summary>
    public const string Acknowledged = "acknowledged";

    /// <summary>The <c>resolved</c> status.</summary>
    public const string Resolved = "resolved";

    /// <summary>The statuses to include. The default value is <c>triggered</c> and <c>acknowledged</c> (open incidents).</summary>
    public IReadOnlyList<string> Statuses { get; init; } = [Triggered, Acknowledged];

    /// <summary>Only incidents on these services (ids); empty for any. The default value is empty.</summary>
    public IReadOnlyList<string> ServiceIds { get; init; } = [];

    /// <summary>Only incidents assigned to these PagerDuty users (ids); empty for any. The default value is empty.</summary>
    public IReadOnlyList<string> UserIds { get; init; } = [];

    /// <summary>Only incidents of this urgency (<c>high</c> or <c>low</c>), or <see langword="null"/> for both.</summary>
    public string? Urgency { get; init; }
}
