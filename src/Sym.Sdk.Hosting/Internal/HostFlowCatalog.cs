namespace Sym.Sdk.Hosting.Internal;

/// <summary>The strategies and flow implementations configured flows may name, and the flows read from configuration.</summary>
internal sealed class HostFlowCatalog
{
    public Dictionary<string, Type> Strategies { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Type> Implementations { get; } = new(StringComparer.Ordinal);

    /// <summary>Flows defined under <c>Sym:Flows</c>, by name, with their configuration path.</summary>
    public Dictionary<string, string> ConfiguredFlows { get; } = new(StringComparer.Ordinal);

    /// <summary>Environments defined under <c>Sym:Environments</c>, by name, with their configuration path.</summary>
    public Dictionary<string, string> ConfiguredEnvironments { get; } = new(StringComparer.Ordinal);
}
