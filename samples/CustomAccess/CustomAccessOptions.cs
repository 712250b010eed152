using System.ComponentModel.DataAnnotations;

namespace CustomAccess;

/// <summary>Where the access API lives and how to authenticate to it (section <c>CustomAccess</c>).</summary>
public sealed class CustomAccessOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CustomAccess";

    /// <summary>The access API's base address, for example <c>https://access-api.example.com/</c>.</summary>
    [Required]
    public Uri? ApiBaseAddress { get; set; }

    /// <summary>The bearer token for the access API: the quickstart's secret. Keep it out of appsettings.json (user secrets, environment).</summary>
    [Required]
    public string? ApiToken { get; set; }
}
