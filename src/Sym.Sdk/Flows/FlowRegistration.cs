namespace Sym.Sdk.Flows;

/// <summary>
/// One flow as it was added (<see cref="FlowRegistry"/>): its name, the types of its code, and where its definition
/// (<see cref="FlowOptions"/>) is configured.
/// </summary>
public sealed class FlowRegistration
{
    internal FlowRegistration(string name)
    {
        Name = name;
        ConfigurationPath = $"Sym:Flows:{name}";
    }

    /// <summary>The flow's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The flow implementation's type (<c>AddFlow&lt;TImplementation&gt;</c>), or <see langword="null"/> for a flow added by
    /// name only (<c>AddConfiguredFlow</c>), whose code a registered <see cref="FlowResolver"/> supplies when the engine is built.
    /// </summary>
    public Type? ImplementationType { get; internal set; }

    /// <summary>The strategy's type (<c>UseStrategy&lt;TStrategy&gt;</c>), or <see langword="null"/> when none was named in code.</summary>
    public Type? StrategyType { get; internal set; }

    /// <summary>
    /// The configuration path of the flow's definition, named by validation messages.
    /// </summary>
    /// <value>The default value is <c>Sym:Flows:{name}</c>.</value>
    public string ConfigurationPath { get; internal set; }
}
