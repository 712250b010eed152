using Sym.Sdk.Secrets.Internal;

namespace Sym.Sdk.Secrets;

/// <summary>
/// A secret an integration refers to, read when asked: Sym's <c>settings["api_token_secret"].retrieve_value()</c> is
/// <c>await integration.GetSecret("api_token_secret").RetrieveValueAsync(ct)</c>, and <c>settings["secrets"][0]</c> is
/// <c>integration.Secrets[0]</c>.
/// </summary>
public sealed class SymSecret
{
    private readonly SecretResolver? _resolver;

    internal SymSecret(SymSecretReference reference, SecretResolver? resolver)
    {
        Reference = reference;
        _resolver = resolver;
    }

    /// <summary>Where the secret lives.</summary>
    public SymSecretReference Reference { get; }

    /// <summary>The secret's name in its integration, or <see langword="null"/>.</summary>
    public string? Name => Reference.Name;

    /// <summary>
    /// Reads the secret's value from its provider, every time (nothing is cached by the SDK: a rotated secret is seen at
    /// once; cache in the provider if reads are costly).
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value. Never log it.</returns>
    /// <exception cref="SymException">
    /// Code <see cref="SymSecretErrorCodes.ProviderNotFound"/>, <see cref="SymSecretErrorCodes.NotFound"/> (a
    /// <see cref="SymNotFoundException"/>) or <see cref="SymSecretErrorCodes.ProviderFailed"/>; the message names the
    /// provider and path, never the value.
    /// </exception>
    public ValueTask<string> RetrieveValueAsync(CancellationToken cancellationToken = default) =>
        (_resolver ?? SecretResolver.Empty).GetValueAsync(Reference, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => Reference.ToString();
}
