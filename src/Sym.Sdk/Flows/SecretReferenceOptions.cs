namespace Sym.Sdk.Flows;

/// <summary>
/// A secret an integration refers to, as configured: <c>{ "Name": "api_token_secret", "Provider": "env", "Path": "GITHUB_TOKEN" }</c>.
/// It names where the value lives, never the value.
/// </summary>
public sealed class SecretReferenceOptions
{
    /// <summary>The secret's name in the integration, read with <c>integration.GetSecret(name)</c>. Optional: without it, the secret is read by position (<c>integration.Secrets[0]</c>).</summary>
    public string? Name { get; set; }

    /// <summary>The provider that reads it: <c>env</c>, <c>configuration</c>, or one registered with <c>UseSecretProvider</c>. Required.</summary>
    public string? Provider { get; set; }

    /// <summary>The provider's key: an environment variable's name, a configuration path, a vault secret's name. Required.</summary>
    public string? Path { get; set; }
}
