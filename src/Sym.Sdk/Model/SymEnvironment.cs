namespace Sym.Sdk;

/// <summary>The environment a flow runs in (for example <c>prod</c>) and the integrations it can use.</summary>
public sealed record SymEnvironment
{
    /// <summary>The environment's name.</summary>
    public string Name { get; init; } = "default";

    /// <summary>The integrations configured for the environment, by name.</summary>
    public IReadOnlyDictionary<string, Integration> Integrations { get; init; } = EmptyDictionary<Integration>.Instance;
}
