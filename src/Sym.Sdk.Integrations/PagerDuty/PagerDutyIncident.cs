using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.PagerDuty;

/// <summary>A PagerDuty incident, as <c>GET /incidents</c> returns it.</summary>
public sealed record PagerDutyIncident
{
    /// <summary>The incident id, for example <c>PT4KHLK</c>.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The incident's number, unique in the account.</summary>
    [JsonPropertyName("incident_number")]
    public int Number { get; init; }

    /// <summary>The title.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>The status: <c>triggered</c>, <c>acknowledged</c> or <c>resolved</c>.</summary>
    [JsonPropertyName("status")]
    public string Status { get; init; } = PagerDutyIncidentQuery.Triggered;

    /// <summary>The urgency: <c>high</c> or <c>low</c>.</summary>
    [JsonPropertyName("urgency")]
    public string? Urgency { get; init; }

    /// <summary>The id of the service the incident is on.</summary>
    [JsonIgnore]
    public string? ServiceId => Service?.Id;

    /// <summary>When the incident was triggered.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The incident's page in the PagerDuty web app.</summary>
    [JsonPropertyName("html_url")]
    public string? HtmlUrl { get; init; }

    /// <summary>The service reference, as PagerDuty sends it.</summary>
    [JsonPropertyName("service")]
    public PagerDutyReference? Service { get; init; }
}

/// <summary>A reference to another PagerDuty object (<c>{"id","type","summary"}</c>).</summary>
public sealed record PagerDutyReference
{
    /// <summary>The object's id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The reference type, for example <c>service_reference</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>A short description, usually the object's name.</summary>
    [JsonPropertyName("summary")]
    public string? Summary { get; init; }
}
