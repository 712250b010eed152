using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sym.Sdk.DependencyInjection.Internal;
using Sym.Sdk.Flows;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds flows to the Sym engine. Returned by <see cref="SymServiceCollectionExtensions.AddSym"/>.</summary>
public sealed class SymBuilder
{
    private readonly FlowRegistry _registry;

    internal SymBuilder(IServiceCollection services, FlowRegistry registry)
    {
        Services = services;
        _registry = registry;
    }

    /// <summary>The services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The flows added so far (also a singleton service), for a host that adds more from its configuration.</summary>
    public FlowRegistry Flows => _registry;

    /// <summary>
    /// Binds the engine-wide settings (<see cref="Sym.Sdk.Runtime.SymOptions"/>) from a configuration section of the app's
    /// <see cref="Microsoft.Extensions.Configuration.IConfiguration"/>, for example <c>Sym:Engine</c>; validation messages
    /// then name settings by that path.
    /// </summary>
    /// <param name="sectionPath">The section's path.</param>
    /// <returns>This builder.</returns>
    public SymBuilder BindConfiguration(string sectionPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        Services.AddOptions<Sym.Sdk.Runtime.SymOptions>().BindConfiguration(sectionPath);
        Services.Replace(ServiceDescriptor.Singleton(new SymOptionsSection(sectionPath)));
        return this;
    }

    /// <summary>
    /// Adds a flow defined in configuration: its definition (<see cref="FlowOptions"/>) is bound from
    /// <paramref name="sectionPath"/> and validated on start, and its implementation and strategy come from the registered
    /// <see cref="FlowResolver"/> when the engine is built. A flow already added in code with
    /// <see cref="AddFlow{TImplementation}"/> keeps its code; only its configuration path is set.
    /// </summary>
    /// <param name="name">The flow's name.</param>
    /// <param name="sectionPath">The section's path, for example <c>Sym:Flows:custom_access</c>.</param>
    /// <returns>This builder.</returns>
    public SymBuilder AddConfiguredFlow(string name, string sectionPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        FlowRegistration registration = _registry.GetOrAdd(name);
        registration.ConfigurationPath = sectionPath;
        Services.AddOptions<FlowOptions>(name).BindConfiguration(sectionPath).ValidateOnStart();
        return this;
    }

    /// <summary>
    /// Adds a flow: its implementation (constructed by DI, so its constructor dependencies are injected), its strategy
    /// (<see cref="SymFlowBuilder.UseStrategy{TStrategy}"/>) and its definition (<see cref="SymFlowBuilder.Configure"/>,
    /// <see cref="SymFlowBuilder.BindConfiguration"/>). Adding the same name again configures the same flow.
    /// </summary>
    /// <typeparam name="TImplementation">The flow implementation.</typeparam>
    /// <param name="name">The flow's name, for example <c>custom_access</c>.</param>
    /// <param name="configure">Configures the flow.</param>
    /// <returns>This builder.</returns>
    public SymBuilder AddFlow<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(
        string name, Action<SymFlowBuilder>? configure = null)
        where TImplementation : FlowImplementation
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        FlowRegistration registration = _registry.GetOrAdd(name);
        registration.ImplementationType = typeof(TImplementation);
        Services.TryAddSingleton<TImplementation>();
        Services.AddOptions<FlowOptions>(name).ValidateOnStart();
        configure?.Invoke(new SymFlowBuilder(Services, registration));
        return this;
    }
}
