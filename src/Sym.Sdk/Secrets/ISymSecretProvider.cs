namespace Sym.Sdk.Secrets;

/// <summary>
/// Reads secret values from a secret store: environment variables, configuration, Azure Key Vault, AWS Secrets Manager,
/// HashiCorp Vault. An integration's settings name a secret by provider and path (<see cref="SymSecretReference"/>); the
/// provider whose <see cref="Name"/> matches reads it when <see cref="SymSecret.RetrieveValueAsync"/> is called. Register
/// one with <c>services.AddSym().UseSecretProvider&lt;T&gt;()</c>.
/// </summary>
/// <remarks>
/// The engine asks on every <see cref="SymSecret.RetrieveValueAsync"/> and caches nothing, so a rotated secret is seen at
/// once; a provider backed by a remote store should cache values itself for as long as its rotation allows. Never put
/// the value in an exception message or a log.
/// </remarks>
public interface ISymSecretProvider
{
    /// <summary>The provider's name, as secret references name it, for example <c>env</c> or <c>keyvault</c>.</summary>
    string Name { get; }

    /// <summary>Reads a secret's value.</summary>
    /// <param name="reference">The secret: its <see cref="SymSecretReference.Path"/> is the provider's own key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The secret's value.</returns>
    /// <exception cref="SymNotFoundException">
    /// Code <see cref="SymSecretErrorCodes.NotFound"/>: the store has no such secret. Other failures may throw anything; the
    /// caller sees them wrapped in a <see cref="SymException"/> coded <see cref="SymSecretErrorCodes.ProviderFailed"/>.
    /// </exception>
    ValueTask<string> GetSecretAsync(SymSecretReference reference, CancellationToken cancellationToken = default);
}
