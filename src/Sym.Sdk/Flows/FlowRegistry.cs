namespace Sym.Sdk.Flows;

/// <summary>
/// The flows added to the engine (<c>services.AddSym().AddFlow…</c>), in order, one per name: what a host or a test
/// harness reads to know which flows exist and where their code and definitions come from. A singleton service that
/// <c>AddSym</c> registers; read it before the engine is built, or from the container.
/// </summary>
public sealed class FlowRegistry
{
    private readonly List<FlowRegistration> _flows = [];

    internal FlowRegistry()
    {
    }

    /// <summary>The registered flows, in the order they were first added.</summary>
    public IReadOnlyList<FlowRegistration> Flows => _flows.AsReadOnly();

    /// <summary>The registration of a flow.</summary>
    /// <param name="name">The flow's name (case-sensitive).</param>
    /// <returns>The registration, or <see langword="null"/> when no flow of that name was added.</returns>
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

    internal FlowRegistration GetOrAdd(string name)
    {
        if (Find(name) is { } found)
        {
            return found;
        }

        var added = new FlowRegistration(name);
        _flows.Add(added);
        return added;
    }
}
