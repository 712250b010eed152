namespace Sym.Sdk;

/// <summary>A configured connection to a service: a Slack workspace, an Okta org, an AWS account.</summary>
public sealed record Integration
{
    /// <summary>The integration's name, unique in its environment.</summary>
    public required string Name { get; init; }

    /// <summary>The integration type, for example <c>slack</c>, <c>okta</c>, <c>aws_sso</c>, <c>custom</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The id of the service instance, for example a Slack workspace id or an Okta domain.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Type-specific, non-secret settings.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = EmptyDictionary<string>.Instance;
}
