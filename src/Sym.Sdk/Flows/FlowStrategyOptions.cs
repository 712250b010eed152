namespace Sym.Sdk.Flows;

/// <summary>A flow's strategy as configured (Sym's <c>sym_strategy</c>): its type, integration and settings.</summary>
public sealed class FlowStrategyOptions
{
    /// <summary>
    /// The <see cref="Type"/> of an approval-only flow (<c>none</c>): a flow without a strategy, as Sym's <c>approvals</c>
    /// example. Its requests take no duration, and approving one ends the run <see cref="Runtime.SymRunState.Approved"/>
    /// after <c>OnApproveAsync</c> and <c>AfterApproveAsync</c>; nothing is escalated, so nothing expires or is revoked.
    /// A flow added in code without <c>UseStrategy</c> (and with no <see cref="FlowResolver"/>) is approval-only too.
    /// </summary>
    public const string NoStrategy = "none";

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
