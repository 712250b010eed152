namespace Sym.Sdk.Flows;

/// <summary>A flow's strategy as configured (Sym's <c>sym_strategy</c>): its type, integration and settings.</summary>
public sealed class FlowStrategyOptions
{
    /// <summary>The strategy type, for example <c>okta</c>, <c>aws_sso</c> or <c>custom</c>. The default value is <c>custom</c>.</summary>
    public string Type { get; set; } = "custom";

    /// <summary>The integration the strategy calls (Sym's <c>sym_integration</c>), configured inline, if any. See also <see cref="IntegrationName"/>.</summary>
    public IntegrationOptions? Integration { get; set; }

    /// <summary>
    /// The name of the integration the strategy calls, among the integrations of the flow's environment
    /// (<see cref="FlowOptions.Environment"/>): Sym's <c>integration_id = sym_integration.x.id</c>. Set this or
    /// <see cref="Integration"/>, not both. The default value is <see langword="null"/>.
    /// </summary>
    public string? IntegrationName { get; set; }

    /// <summary>Strategy-specific settings.</summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
