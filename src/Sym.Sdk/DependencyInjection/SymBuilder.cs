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
