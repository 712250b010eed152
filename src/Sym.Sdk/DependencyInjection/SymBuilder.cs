using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sym.Sdk.DependencyInjection.Internal;
using Sym.Sdk.Flows;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds flows to the Sym engine. Returned by <see cref="SymServiceCollectionExtensions.AddSym"/>.</summary>
public sealed class SymBuilder
{
    private readonly FlowRegistry _registry;

    internal SymBuilder(IServiceCollection services, FlowRegistry registry, EnvironmentRegistry environments)
    {
        Services = services;
        _registry = registry;
        Environments = environments;
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
    /// Adds an environment (Sym's <c>sym_environment</c>) with its integrations, configured in code; flows name it in
    /// <see cref="FlowOptions.Environment"/>, and every event of theirs carries it on <c>evt.Flow.Environment</c>. Adding the
    /// same name again configures the same environment. <c>default</c> exists without being added.
    /// </summary>
    /// <param name="name">The environment's name, for example <c>prod</c> or <c>sandbox</c>.</param>
    /// <param name="configure">Adds its integrations, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="Sym.Sdk.SymException">Code <c>SymSDK:DUPLICATE_ENVIRONMENT</c>: an environment whose name differs only in case was added.</exception>
    /// <remarks>Validated when the engine is built: <c>SymSDK:INVALID_ENVIRONMENT</c>, <c>SymSDK:UNKNOWN_ENVIRONMENT</c>,
    /// <c>SymSDK:UNKNOWN_INTEGRATION</c> or <c>Secret:PROVIDER_NOT_FOUND</c>, naming the setting.</remarks>
    public SymBuilder AddEnvironment(string name, Action<EnvironmentOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Environments.Add(name, null);
        if (configure is not null)
        {
            Services.Configure(name, configure);
        }

        return this;
    }

    /// <summary>
    /// Adds an environment defined in configuration, bound from <paramref name="sectionPath"/> (for example
    /// <c>Sym:Environments:prod</c> holding <c>Integrations:github: { Type, ExternalId, Settings, Secrets }</c>). The host
    /// adds every environment under <c>Sym:Environments</c> this way.
    /// </summary>
    /// <param name="name">The environment's name.</param>
    /// <param name="sectionPath">The section's path. The default value is <c>Sym:Environments:{name}</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="Sym.Sdk.SymException">Code <c>SymSDK:DUPLICATE_ENVIRONMENT</c>: an environment whose name differs only in case was added.</exception>
    public SymBuilder AddConfiguredEnvironment(string name, string? sectionPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string path = sectionPath ?? $"Sym:Environments:{name}";
        Environments.Add(name, path);
        Services.AddOptions<EnvironmentOptions>(name).BindConfiguration(path);
        return this;
    }

    /// <summary>
    /// Registers a secret provider (constructed by DI), which reads secrets whose reference names its
    /// <see cref="Sym.Sdk.Secrets.ISymSecretProvider.Name"/>. <c>env</c> (environment variables) and <c>configuration</c> (the
    /// app's <c>IConfiguration</c>, when one is registered) are built in; a provider of the same name replaces them.
    /// </summary>
    /// <typeparam name="TProvider">The provider.</typeparam>
    /// <returns>This builder.</returns>
    public SymBuilder UseSecretProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider>()
        where TProvider : class, Sym.Sdk.Secrets.ISymSecretProvider
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<Sym.Sdk.Secrets.ISymSecretProvider, TProvider>());
        return this;
    }

    /// <summary>Registers a secret provider instance (see <see cref="UseSecretProvider{TProvider}()"/>).</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>This builder.</returns>
    public SymBuilder UseSecretProvider(Sym.Sdk.Secrets.ISymSecretProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Services.AddSingleton(provider);
        return this;
    }

    internal EnvironmentRegistry Environments { get; }

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
