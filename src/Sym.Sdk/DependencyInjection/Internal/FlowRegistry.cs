namespace Sym.Sdk.DependencyInjection.Internal;

/// <summary>The flows added with <c>AddFlow</c>, in order, one per name.</summary>
internal sealed class FlowRegistry
{
    private readonly List<FlowRegistration> _flows = [];

    public IReadOnlyList<FlowRegistration> Flows => _flows;

    public FlowRegistration GetOrAdd(string name)
    {
        foreach (FlowRegistration r in _flows)
        {
            if (string.Equals(r.Name, name, StringComparison.Ordinal))
            {
                return r;
            }
        }

        var added = new FlowRegistration(name);
        _flows.Add(added);
        return added;
    }

    public FlowRegistration? Find(string name)
    {
        foreach (FlowRegistration r in _flows)
        {
            if (string.Equals(r.Name, name, StringComparison.Ordinal))
            {
                return r;
            }
        }

        return null;
    }
}

/// <summary>One flow's registration: its implementation and strategy types, and where its definition is configured.</summary>
internal sealed class FlowRegistration(string name)
{
    public string Name { get; } = name;

    public Type ImplementationType { get; set; } = typeof(object);

    public Type? StrategyType { get; set; }

    public string ConfigurationPath { get; set; } = $"Sym:Flows:{name}";
}
