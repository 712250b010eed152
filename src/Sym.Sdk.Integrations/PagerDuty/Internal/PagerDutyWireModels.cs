using System.Text.Json.Serialization;

namespace Sym.Sdk.Integrations.PagerDuty.Internal;

/// <summary>The paging fields of every PagerDuty list (classic offset pagination).</summary>
internal abstract record PagerDutyPage
{
    [JsonPropertyName("more")]
    public bool More { get; init; }

    [JsonPropertyName("offset")]
    public int Offset { get; init; }

    [JsonPropertyName("limit")]
    public int Limit { get; init; }
}

internal sealed record PagerDutyOnCallPage : PagerDutyPage
{
    [JsonPropertyName("oncalls")]
    public List<PagerDutyOnCall> OnCalls { get; init; } = [];
}

internal sealed record PagerDutyOnCall
{
    [JsonPropertyName("user")]
    public PagerDutyUser? User { get; init; }

    [JsonPropertyName("escalation_level")]
    public int EscalationLevel { get; init; }
}

internal sealed record PagerDutyUserPage : PagerDutyPage
{
    [JsonPropertyName("users")]
    public List<PagerDutyUser> Users { get; init; } = [];
}

internal sealed record PagerDutyIncidentPage : PagerDutyPage
{
    [JsonPropertyName("incidents")]
    public List<PagerDutyIncident> Incidents { get; init; } = [];
}

/// <summary>PagerDuty's error body: <c>{"error":{"message","code","errors":[…]}}</c>.</summary>
internal sealed record PagerDutyErrorBody
{
    [JsonPropertyName("error")]
    public PagerDutyError? Error { get; init; }
}

internal sealed record PagerDutyError
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("code")]
    public int? Code { get; init; }

    [JsonPropertyName("errors")]
    public List<string>? Errors { get; init; }
}

/// <summary>Source-generated JSON for every PagerDuty payload (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PagerDutyOnCallPage))]
[JsonSerializable(typeof(PagerDutyUserPage))]
[JsonSerializable(typeof(PagerDutyIncidentPage))]
[JsonSerializable(typeof(PagerDutyErrorBody))]
internal sealed partial class PagerDutyJsonContext : JsonSerializerContext;
