namespace Sym.Sdk.Hosting.Internal;

/// <summary>Names the host registers.</summary>
internal static class SymHostingDefaults
{
    /// <summary>The authorization policy of the JSON API: an authenticated caller by API key.</summary>
    public const string ApiPolicy = "SymApi";

    /// <summary>The tag of the host's health checks.</summary>
    public const string HealthTag = "sym";

    /// <summary>Where configured flows live.</summary>
    public const string FlowsSection = "Sym:Flows";

    /// <summary>Where configured environments (integrations and their secrets) live.</summary>
    public const string EnvironmentsSection = "Sym:Environments";

    /// <summary>The Okta integration's settings (<c>OktaOptions</c>), bound when present.</summary>
    public const string OktaSection = "Sym:Okta";

    /// <summary>The AWS integration's settings (<c>AwsOptions</c>), bound when present.</summary>
    public const string AwsSection = "Sym:Aws";

    /// <summary>The PagerDuty integration's settings (<c>PagerDutyOptions</c>), bound when present.</summary>
    public const string PagerDutySection = "Sym:PagerDuty";

    /// <summary>The GitHub integration's settings (<c>GitHubOptions</c>), bound when present.</summary>
    public const string GitHubSection = "Sym:GitHub";

    /// <summary>Engine-wide settings (<see cref="Sym.Sdk.Runtime.SymOptions"/>).</summary>
    public const string EngineSection = "Sym:Engine";

    /// <summary>The JSON API's settings.</summary>
    public const string ApiSection = "Sym:Api";

    /// <summary>How many due timers the host fires at once, unless <c>Sym:Engine:TimerConcurrency</c> says otherwise.</summary>
    public const int TimerConcurrency = 16;
}
