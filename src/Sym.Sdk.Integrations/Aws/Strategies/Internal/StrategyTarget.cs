namespace Sym.Sdk.Integrations.Aws.Strategies.Internal;

/// <summary>Reads what the AWS strategies need from an event.</summary>
internal static class StrategyTarget
{
    public static AccessTarget Of(Event evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return evt.Fields.Target ?? throw new SymException(
            SymErrorCodes.MissingTarget,
            $"The {evt.Name} event of flow '{evt.Flow.Name}' names no access target.",
            "AWS strategies need the request's target; check the flow's prompt has a target field.");
    }

    /// <summary>An option value, else the flow's strategy integration setting, else a configuration error.</summary>
    public static string Setting(string? configured, Event evt, string integrationSetting, string optionName)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        if (evt.Flow.Strategy?.Integration?.Settings.TryGetValue(integrationSetting, out string? value) == true && !string.IsNullOrEmpty(value))
        {
            return value;
        }

        throw new SymException(
            AwsErrorCodes.MissingSetting,
            $"No {integrationSetting} is configured for flow '{evt.Flow.Name}'.",
            $"Set AwsOptions.{optionName}, or '{integrationSetting}' in the strategy's integration settings.");
    }
}
