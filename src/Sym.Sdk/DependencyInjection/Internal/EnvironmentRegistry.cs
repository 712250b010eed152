namespace Sym.Sdk.DependencyInjection.Internal;

/// <summary>The environments added (<c>AddEnvironment</c>, <c>AddConfiguredEnvironment</c>): name → configuration path named by validation.</summary>
internal sealed class EnvironmentRegistry
{
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Paths => _paths;

    /// <summary>Adds an environment, or finds it again by the same name.</summary>
    /// <exception cref="SymException">Code <c>SymSDK:DUPLICATE_ENVIRONMENT</c>: a name differing only in case was added.</exception>
    public void Add(string name, string? path)
    {
        foreach (string existing in _paths.Keys)
        {
            if (!string.Equals(existing, name, StringComparison.Ordinal) && string.Equals(existing, name, StringComparison.OrdinalIgnoreCase))
            {
                throw new SymException(SymErrorCodes.DuplicateEnvironment,
                    $"Environment '{name}' was added, but '{existing}' already was: names differing only in case clash in configuration.",
                    "Use one spelling for the environment.");
            }
        }

        if (path is not null || !_paths.ContainsKey(name))
        {
            _paths[name] = path ?? $"Sym:Environments:{name}";
        }
    }
}
