using System.Collections.Concurrent;
using Sym.Sdk.Secrets;

namespace Sym.Sdk.Testing.Secrets;

/// <summary>
/// A secret provider holding values in memory, for tests: register it under the name your configuration uses (for
/// example <c>env</c>) and the flow reads these values instead of the real store. <see cref="SymFlowHarnessBuilder.SetSecret"/>
/// makes one per provider name.
/// </summary>
/// <param name="name">The provider's name, for example <c>env</c>, <c>configuration</c> or your vault's.</param>
public sealed class InMemorySecretProvider(string name) : ISymSecretProvider
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);
    private int _reads;

    /// <inheritdoc/>
    public string Name { get; } = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A provider needs a name.", nameof(name)) : name;

    /// <summary>How many times a secret was read, to check a flow reads secrets when it needs them.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Sets (or rotates) a secret's value.</summary>
    /// <param name="path">The secret's path.</param>
    /// <param name="value">The value.</param>
    /// <returns>This provider.</returns>
    public InMemorySecretProvider Set(string path, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(value);
        _values[path] = value;
        return this;
    }

    /// <summary>Removes a secret, so reading it fails with <see cref="SymSecretErrorCodes.NotFound"/>.</summary>
    /// <param name="path">The secret's path.</param>
    /// <returns>Whether it was there.</returns>
    public bool Remove(string path) => _values.TryRemove(path, out _);

    /// <inheritdoc/>
    public ValueTask<string> GetSecretAsync(SymSecretReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Interlocked.Increment(ref _reads);
        return _values.TryGetValue(reference.Path, out string? value)
            ? new(value)
            : throw new SymNotFoundException(SymSecretErrorCodes.NotFound, $"The in-memory provider '{Name}' has no secret at '{reference.Path}'.",
                "Set it with SetSecret on the harness builder, or Set on the provider.");
    }
}
