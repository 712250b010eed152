namespace Sym.Sdk.Flows;

/// <summary>One target a flow's strategy can grant (Sym's <c>sym_target</c>).</summary>
public sealed class AccessTargetOptions
{
    /// <summary>The target's name (slug), unique within the flow: what a request names. Required.</summary>
    public string? Name { get; set; }

    /// <summary>The label people see. The default value is the name.</summary>
    public string? Label { get; set; }

    /// <summary>The target type, for example <c>okta_group</c> or <c>aws_sso_permission_set</c>. The default value is <c>custom</c>.</summary>
    public string Type { get; set; } = "custom";

    /// <summary>Strategy-specific settings, for example <c>group_id</c> or <c>identifier</c>.</summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Prompt fields whose request values become settings of the same name (Sym's <c>field_bindings</c>, for dynamic
    /// targets): with <c>FieldBindings = { "repo_name" }</c>, a request's <c>repo_name</c> field fills
    /// <c>evt.Fields.Target.Settings["repo_name"]</c>, which the strategy reads, overriding a configured setting of that
    /// name. Each must be a <c>string</c>, <c>int</c> or <c>bool</c> field of the flow (checked at startup, code
    /// <c>SymSDK:INVALID_FLOW</c>), and a request for the target must fill it (a field error otherwise), even when the field
    /// itself is optional. The bound settings are recorded with the run. The default value is empty.
    /// </summary>
    public IList<string> FieldBindings { get; } = new List<string>();
}
