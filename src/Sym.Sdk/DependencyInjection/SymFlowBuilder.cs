using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sym.Sdk.DependencyInjection.Internal;
using Sym.Sdk.Flows;
using Sym.Sdk.Strategies;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures one flow: its strategy and its definition. Passed to <see cref="SymBuilder.AddFlow{TImplementation}"/>.</summary>
public sealed class SymFlowBuilder
{
    private readonly FlowRegistration _registration;

    internal SymFlowBuilder(IServiceCollection services, FlowRegistration registration)
    {
        Services = services;
        _registration = registration;
    }

    /// <summary>The flow's name.</summary>
    public string Name => _registration.Name;

    /// <summary>The services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Sets the flow's strategy, constructed by DI (so its constructor dependencies are injected).</summary>
    /// <typeparam name="TStrategy">The strategy.</typeparam>
    /// <returns>This builder.</returns>
    public SymFlowBuilder UseStrategy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStrategy>()
        where TStrategy : AccessStrategy
    {
        _registration.StrategyType = typeof(TStrategy);
        Services.TryAddSingleton<TStrategy>();
        return this;
    }

    /// <summary>
    /// Makes the flow approval-only (Sym's flows without a strategy, as its <c>approvals</c> example): requests take no
    /// duration, approving one ends the run <see cref="Sym.Sdk.Runtime.SymRunState.Approved"/>, and nothing is escalated,
    /// expired or revoked. Sets <see cref="FlowStrategyOptions.Type"/> to <see cref="FlowStrategyOptions.NoStrategy"/>
    /// and drops a strategy set by <see cref="UseStrategy{TStrategy}"/>. (A flow added without <c>UseStrategy</c> and with
    /// no <see cref="FlowResolver"/> is approval-only without this call.)
    /// </summary>
    /// <returns>This builder.</returns>
    public SymFlowBuilder ApprovalOnly()
    {
        _registration.StrategyType = null;
        Services.Configure<FlowOptions>(_registration.Name, static o => o.Strategy.Type = FlowStrategyOptions.NoStrategy);
        return this;
    }

    /// <summary>Configures the flow's definition in code.</summary>
    /// <param name="configure">Sets the options.</param>
    /// <returns>This builder.</returns>
    public SymFlowBuilder Configure(Action<FlowOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(_registration.Name, configure);
        return this;
    }

    /// <summary>
    /// Binds the flow's definition from a configuration section of the app's <see cref="IConfiguration"/>, for example
    /// <c>Sym:Flows:custom_access</c>. Validation messages name settings by this path.
    /// </summary>
    /// <param name="sectionPath">The section's path. The default value is <c>Sym:Flows:{name}</c>.</param>
    /// <returns>This builder.</returns>
    public SymFlowBuilder BindConfiguration(string? sectionPath = null)
    {
        string path = sectionPath ?? $"Sym:Flows:{_registration.Name}";
        _registration.ConfigurationPath = path;
        Services.AddOptions<FlowOptions>(_registration.Name).BindConfiguration(path);
        return this;
    }

    /// <summary>Binds the flow's definition from a configuration section. Validation messages name settings by the section's path.</summary>
    /// <param name="section">The section.</param>
    /// <returns>This builder.</returns>
    public SymFlowBuilder Bind(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (section is IConfigurationSection s)
        {
            _registration.ConfigurationPath = s.Path;
        }

        Services.AddOptions<FlowOptions>(_registration.Name).Bind(section);
        return this;
    }
}
