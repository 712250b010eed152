namespace Sym.Sdk;

/// <summary>The strategy a flow uses: its type, the integration it calls, and the targets it can grant.</summary>
public sealed record Strategy
{
    /// <summary>The strategy type, for example <c>okta</c>, <c>aws_sso</c>, <c>aws_lambda</c> or <c>custom</c>.</summary>
    public string Type { get; init; } = "custom";

    /// <summary>The integration the strategy calls, if any.</summary>
    public Integration? Integration { get; init; }

    /// <summary>The targets the strategy can grant.</summary>
    public IReadOnlyList<AccessTarget> Targets { get; init; } = [];

    /// <summary>Strategy-specific settings.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = EmptyDictionary<string>.Instance;
}
