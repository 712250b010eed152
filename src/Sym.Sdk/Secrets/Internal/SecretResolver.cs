using System.Collections.Frozen;

namespace Sym.Sdk.Secrets.Internal;

/// <summary>Finds a reference's provider by name and reads through it, turning every failure into a coded <see cref="SymException"/> without the value.</summary>
internal sealed class SecretResolver
{
    public static readonly SecretResolver Empty = new([]);

    private readonly FrozenDictionary<string, ISymSecretProvider> _providers;

    /// <summary>Later providers replace earlier ones of the same name, so a registration can replace a built-in one.</summary>
    public SecretResolver(IEnumerable<ISymSecretProvider> providers)
    {
        var byName = new Dictionary<string, ISymSecretProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (ISymSecretProvider p in providers)
        {
            byName[p.Name] = p;
        }

        _providers = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public bool HasProvider(string name) => _providers.ContainsKey(name);

    public IEnumerable<string> ProviderNames => _providers.Keys;

    public async ValueTask<string> GetValueAsync(SymSecretReference reference, CancellationToken cancellationToken)
    {
        if (!_providers.TryGetValue(reference.Provider, out ISymSecretProvider? provider))
        {
            throw ProviderNotFound(reference.Provider, $"secret {reference}");
        }

        try
        {
            return await provider.GetSecretAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (SymException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The provider's own exception is kept as the cause for its stack; the SDK's message names only where the secret lives.
            throw new SymException(SymSecretErrorCodes.ProviderFailed,
                $"The secret provider '{provider.Name}' failed to read secret {reference} ({ex.GetType().Name}).",
                "Check the provider's store is reachable and the app may read the secret.", ex);
        }
    }

    public SymException ProviderNotFound(string provider, string where) =>
        new(SymSecretErrorCodes.ProviderNotFound,
            $"No secret provider named '{provider}' is registered ({where}); registered: {string.Join(", ", _providers.Keys.Order(StringComparer.Ordinal))}.",
            "Register it with services.AddSym().UseSecretProvider<T>(), or use 'env' or 'configuration'.");
}
