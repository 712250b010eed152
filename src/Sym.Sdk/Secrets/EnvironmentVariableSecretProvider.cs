namespace Sym.Sdk.Secrets;

/// <summary>
/// Reads secrets from the process's environment variables: <c>{ "Provider": "env", "Path": "GITHUB_TOKEN" }</c> reads
/// <c>GITHUB_TOKEN</c>. Registered by <c>AddSym</c>.
/// </summary>
public sealed class EnvironmentVariableSecretProvider : ISymSecretProvider
{
    /// <summary>The provider's name: <c>env</c>.</summary>
    public const string ProviderName = "env";

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <inheritdoc/>
    public ValueTask<string> GetSecretAsync(SymSecretReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        string? value = Environment.GetEnvironmentVariable(reference.Path);
        return string.IsNullOrEmpty(value)
            ? throw new SymNotFoundException(SymSecretErrorCodes.NotFound, $"The environment variable '{reference.Path}' (secret {reference}) is not set.",
                "Set it in the process's environment.")
            : new(value);
    }
}
