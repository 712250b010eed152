namespace Sym.Sdk;

/// <summary>
/// Something a user can request access to: an Okta group, an AWS account and permission set, a database role.
/// Strategies read what to grant from <see cref="Settings"/> (for example <c>group_id</c>, <c>arn</c>, <c>identifier</c>).
/// </summary>
public sealed record AccessTarget
{
    /// <summary>The target's SRN, when it has one.</summary>
    public Srn? Srn { get; init; }

    /// <summary>The target's name (slug), unique within its flow.</summary>
    public required string Name { get; init; }

    /// <summary>The label people see, for example "Production admins".</summary>
    public string? Label { get; init; }

    /// <summary>The target type, for example <c>okta_group</c>, <c>aws_sso_permission_set</c>, <c>custom</c>.</summary>
    public string Type { get; init; } = "custom";

    /// <summary>Strategy-specific settings, for example <c>group_id</c> or <c>identifier</c>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = EmptyDictionary<string>.Instance;

    /// <summary>The target's id: <see cref="Srn"/>'s identifier when present, otherwise <see cref="Name"/>.</summary>
    public string Id => Srn?.Identifier ?? Name;

    /// <summary>Reads a required setting.</summary>
    /// <param name="key">The setting's name.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="SymException">Code <c>SymSDK:MISSING_TARGET_SETTING</c>: the target has no such setting.</exception>
    public string GetRequiredSetting(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Settings.TryGetValue(key, out string? value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new SymException(SymErrorCodes.MissingTargetSetting,
                $"Access target '{Name}' has no setting '{key}'.",
                $"Add '{key}' to the target's settings in the flow definition.");
    }
}
