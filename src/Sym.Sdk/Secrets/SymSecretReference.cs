namespace Sym.Sdk.Secrets;

/// <summary>
/// Where a secret lives (Sym's <c>sym_secret</c>): the provider that reads it and the provider's key. It holds no value.
/// </summary>
public sealed record SymSecretReference
{
    /// <summary>The provider's name (<see cref="ISymSecretProvider.Name"/>), for example <c>env</c> or <c>configuration</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>The provider's key: an environment variable's name, a configuration path, a Key Vault secret's name.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// The setting's name in its integration, for example <c>api_token_secret</c>, read with
    /// <see cref="Integration.GetSecret"/>; <see langword="null"/> for a secret known only by its position in
    /// <see cref="Integration.Secrets"/>.
    /// </summary>
    public string? Name { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Provider}:{Path}";
}
