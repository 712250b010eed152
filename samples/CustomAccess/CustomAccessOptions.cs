using System.ComponentModel.DataAnnotations;

namespace CustomAccess;

/// <summary>Where the access API lives and how to authenticate to it (section <c>CustomAccess</c>), validated at startup.</summary>
public sealed class CustomAccessOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CustomAccess";

    /// <summary>
    /// The access API's base address: an absolute <c>http</c> or <c>https</c> URL ending in <c>/</c> (the strategy posts to
    /// <c>escalate</c> and <c>deescalate</c> under it), for example <c>https://access-api.example.com/</c>.
    /// </summary>
    [Required]
    public Uri? ApiBaseAddress { get; set; }

    /// <summary>The bearer token for the access API: the quickstart's secret. Keep it out of appsettings.json (user secrets, environment).</summary>
    [Required]
    public string? ApiToken { get; set; }

    /// <summary>
    /// Checks what <c>[Required]</c> cannot: a relative or non-HTTP address, or one whose path does not end in <c>/</c>
    /// (<c>https://host/api</c> + <c>escalate</c> is <c>https://host/escalate</c>), would start fine and then fail every
    /// grant.
    /// </summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The problems, naming the setting.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiBaseAddress is { } address
            && (!address.IsAbsoluteUri || address.Scheme is not ("http" or "https") || !address.AbsolutePath.EndsWith('/')
                || !string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment)))
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(ApiBaseAddress)} must be an absolute http or https URL ending in '/', such as https://access-api.example.com/; it is '{address.OriginalString}'.",
                [nameof(ApiBaseAddress)]);
        }
    }
}
