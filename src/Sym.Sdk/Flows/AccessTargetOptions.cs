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
}
