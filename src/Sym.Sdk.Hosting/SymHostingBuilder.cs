using Sym.Sdk.Hosting.Internal.Console;
using Microsoft.Extensions.Configuration;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sym.Sdk.Flows;
using Sym.Sdk.Hosting.Internal;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Hosting;

/// <summary>
/// Names the code that configured flows refer to: strategies (by <c>Sym:Flows:&lt;name&gt;:Strategy:Type</c>) and flow
/// implementations (by <c>Sym:Flows:&lt;name&gt;:Implementation</c>). Returned by <c>AddSymHosting</c>.
/// </summary>
public sealed class SymHostingBuilder
{
    private readonly HostFlowCatalog _catalog;
    private readonly IConfiguration _configuration;

    internal SymHostingBuilder(IServiceCollection services, SymBuilder sym, HostFlowCatalog catalog, IConfiguration configuration)
    {
        Services = services;
        Sym = sym;
        _catalog = catalog;
        _configuration = configuration;
    }

    /// <summary>The services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The engine's builder, to add flows in code next to the configured ones.</summary>
    public SymBuilder Sym { get; }

    /// <summary>
    /// Runs the host on the in-memory store: every run, timer and audit entry is lost when the process stops, so a grant
    /// made before a restart is never revoked by the engine. For tests and demos only. Without it (or a durable store such
    /// as <c>services.AddSym().UseSqliteStore()</c>), the host fails at start rather than run on memory unnoticed.
    /// </summary>
    /// <returns>This builder.</returns>
    public SymHostingBuilder UseInMemoryStore()
    {
        Services.TryAddSingleton<InMemoryStoreChosen>();
        return this;
    }

    /// <summary>
    /// Turns on the web console's services, which <c>MapSymConsole</c> needs, from <c>Sym:Console</c>
    /// (<see cref="SymConsoleOptions"/>, validated on start): a session cookie (<c>Secure</c> outside Development, where
    /// plain <c>http://localhost</c> must work too; <c>HttpOnly</c>, <c>SameSite=Lax</c>, lasting
    /// <see cref="SymConsoleOptions.SessionLifetime"/>); OpenID Connect sign-in with the authorization code flow and PKCE
    /// when <c>Sym:Console:Oidc:Authority</c> is set, mapping the person to a Sym user by their verified email (an ID token
    /// without <c>email_verified</c> true is refused); and antiforgery for every form (its cookie <c>Secure</c> like the
    /// session's, <c>HttpOnly</c>, <c>SameSite=Strict</c>). Calling it again is harmless.
    /// </summary>
    /// <returns>This builder.</returns>
    public SymHostingBuilder UseConsole()
    {
        ConsoleRegistration.Add(Services, _configuration);
        return this;
    }

    /// <summary>
    /// Registers a strategy under a type name that flows select with <c>Strategy:Type</c>, for example
    /// <c>custom_access</c>. The strategy is constructed once by DI. Registering a name again replaces it.
    /// </summary>
    /// <typeparam name="TStrategy">The strategy.</typeparam>
    /// <param name="type">The type name. Names are case-sensitive.</param>
    /// <returns>This builder.</returns>
    public SymHostingBuilder AddStrategy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStrategy>(string type)
        where TStrategy : AccessStrategy
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        Services.TryAddSingleton<TStrategy>();
        _catalog.Strategies[type] = typeof(TStrategy);
        return this;
    }

    /// <summary>
    /// Registers a flow implementation under a name that flows select with <c>Implementation</c>. A configured flow
    /// without <c>Implementation</c> uses the implementation registered under the flow's own name, else the built-in one
    /// (Sym's defaults, with approvers from <c>Approvers</c>). Constructed once by DI.
    /// </summary>
    /// <typeparam name="TImplementation">The flow implementation.</typeparam>
    /// <param name="name">The name. Names are case-sensitive.</param>
    /// <returns>This builder.</returns>
    public SymHostingBuilder AddFlowImplementation<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(string name)
        where TImplementation : FlowImplementation
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Services.TryAddSingleton<TImplementation>();
        _catalog.Implementations[name] = typeof(TImplementation);
        return this;
    }
}
