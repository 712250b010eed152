namespace Sym.Sdk.Flows;

/// <summary>A connection to a service as configured (Sym's <c>sym_integration</c>). Never put secrets here.</summary>
public sealed class IntegrationOptions
{
    /// <summary>The integration's name. Required.</summary>
    public string? Name { get; set; }

    /// <summary>The integration type, for example <c>slack</c>, <c>okta</c> or <c>aws_sso</c>. Required.</summary>
    public string? Type { get; set; }

    /// <summary>The id of the service instance, for example an Okta domain or a Slack workspace id.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Type-specific, non-secret settings.</summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
