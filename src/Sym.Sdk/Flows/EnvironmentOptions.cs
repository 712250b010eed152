namespace Sym.Sdk.Flows;

/// <summary>
/// An environment as configured (Sym's <c>sym_environment</c>): the integrations flows in it can use, by name. Add one in
/// code with <c>services.AddSym().AddEnvironment("prod", e =&gt; …)</c> or bind it from configuration
/// (<c>Sym:Environments:prod</c>); a flow names its environment in <see cref="FlowOptions.Environment"/>.
/// </summary>
public sealed class EnvironmentOptions
{
    /// <summary>The environment every flow is in unless it names another: <c>default</c>. It exists without being added (empty).</summary>
    public const string DefaultName = "default";

    /// <summary>The integrations, by name (the key), for example <c>Integrations:github</c>.</summary>
    public IDictionary<string, IntegrationOptions> Integrations { get; } = new Dictionary<string, IntegrationOptions>(StringComparer.Ordinal);
}
