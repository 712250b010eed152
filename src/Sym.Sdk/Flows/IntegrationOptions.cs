namespace Sym.Sdk.Flows;

/// <summary>
/// A connection to a service as configured (Sym's <c>sym_integration</c>), in an environment
/// (<see cref="EnvironmentOptions.Integrations"/>) or inline on a flow's strategy. Never put secrets in
/// <see cref="Settings"/>: refer to them in <see cref="Secrets"/>.
/// </summary>
public sealed class IntegrationOptions
{
    /// <summary>
    /// The integration's name. Required inline on a strategy; in <see cref="EnvironmentOptions.Integrations"/> the key is
    /// the name (set it only to the same value).
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The integration type, for example <c>slack</c>, <c>okta</c> or <c>aws_sso</c>. Required.</summary>
    public string? Type { get; set; }

    /// <summary>The id of the service instance, for example an Okta domain or a Slack workspace id.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Type-specific, non-secret settings.</summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The secrets the integration refers to (Sym's <c>settings["secrets"]</c> and <c>…_secret</c> settings), read when asked.</summary>
    public IList<SecretReferenceOptions> Secrets { get; } = new List<SecretReferenceOptions>();
}
