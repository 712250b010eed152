using Microsoft.Extensions.Configuration;

namespace Sym.Sdk.Secrets;

/// <summary>
/// Reads secrets from the app's <see cref="IConfiguration"/> (user secrets in development, environment variables, or a
/// configuration provider such as Azure Key Vault's): <c>{ "Provider": "configuration", "Path": "Secrets:GitHubToken" }</c>
/// reads <c>Secrets:GitHubToken</c>. Registered by <c>AddSym</c> when an <see cref="IConfiguration"/> is registered.
/// </summary>
/// <param name="configuration">The configuration to read.</param>
public sealed class ConfigurationSecretProvider(IConfiguration configuration) : ISymSecretProvider
{
    /// <summary>The provider's name: <c>configuration</c>.</summary>
    public const string ProviderName = "configuration";

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <inheritdoc/>
    public ValueTask<string> GetSecretAsync(SymSecretReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        string? value = configuration[reference.Path];
        return string.IsNullOrEmpty(value)
            ? throw new SymNotFoundException(SymSecretErrorCodes.NotFound, $"The configuration has no value at '{reference.Path}' (secret {reference}).",
                "Set it, for example with dotnet user-secrets or an environment variable (':' written '__').")
            : new(value);
    }
}
