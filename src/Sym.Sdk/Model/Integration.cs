using Sym.Sdk.Secrets;

namespace Sym.Sdk;

/// <summary>
/// A configured connection to a service (Sym's <c>sym_integration</c>): a Slack workspace, an Okta org, an AWS account, a
/// custom API. Found on <c>evt.Flow.Environment.Integrations["name"]</c> and, for the flow's strategy, on
/// <c>evt.Flow.Strategy.Integration</c> (<c>AccessStrategy.GetIntegration(evt)</c>).
/// </summary>
public sealed record Integration
{
    /// <summary>The integration's name, unique in its environment.</summary>
    public required string Name { get; init; }

    /// <summary>The integration type, for example <c>slack</c>, <c>okta</c>, <c>aws_sso</c>, <c>custom</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The id of the service instance, for example a Slack workspace id or an Okta domain.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Type-specific, non-secret settings.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = EmptyDictionary<string>.Instance;

    /// <summary>
    /// The secrets the integration refers to, in configured order: Sym's <c>settings["secrets"]</c>, so
    /// <c>settings["secrets"][0].retrieve_value()</c> is <c>await integration.Secrets[0].RetrieveValueAsync(ct)</c>.
    /// </summary>
    public IReadOnlyList<SymSecret> Secrets { get; init; } = [];

    /// <summary>
    /// The secret configured under a name: Sym's <c>settings["api_token_secret"]</c>, so
    /// <c>settings["api_token_secret"].retrieve_value()</c> is <c>await integration.GetSecret("api_token_secret").RetrieveValueAsync(ct)</c>.
    /// </summary>
    /// <param name="name">The secret's name (<see cref="SymSecretReference.Name"/>), case-sensitive.</param>
    /// <returns>The secret (not yet read).</returns>
    /// <exception cref="SymException">Code <see cref="SymSecretErrorCodes.NotConfigured"/>: the integration has no secret of that name.</exception>
    public SymSecret GetSecret(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (SymSecret secret in Secrets)
        {
            if (string.Equals(secret.Name, name, StringComparison.Ordinal))
            {
                return secret;
            }
        }

        throw new SymException(SymSecretErrorCodes.NotConfigured, $"Integration '{Name}' has no secret named '{name}'.",
            $"Add {{ \"Name\": \"{name}\", \"Provider\": …, \"Path\": … }} to the integration's Secrets.");
    }
}
