namespace Sym.Sdk;

/// <summary>
/// Text that is not a valid <see cref="Srn"/>. <see cref="SymException.ErrorCode"/> says which rule it broke:
/// <see cref="InvalidSlug"/>, <see cref="InvalidVersion"/>, <see cref="MissingComponent"/>,
/// <see cref="TrailingSeparator"/>, <see cref="TooManyComponents"/> or <see cref="InvalidIdentifier"/>.
/// </summary>
public sealed class SrnFormatException : SymException
{
    /// <summary>A component holds a character other than letters, digits, <c>-</c> and <c>_</c>.</summary>
    public const string InvalidSlug = "SRN:INVALID_SLUG";

    /// <summary>The version is neither <c>latest</c> nor <c>x.y.z</c>.</summary>
    public const string InvalidVersion = "SRN:INVALID_VERSION";

    /// <summary>A required component is missing or empty.</summary>
    public const string MissingComponent = "SRN:MISSING_COMPONENT";

    /// <summary>The text ends with a <c>:</c>.</summary>
    public const string TrailingSeparator = "SRN:TRAILING_SEPARATOR";

    /// <summary>The identifier is empty or holds <c>:</c>, white space or a control character.</summary>
    public const string InvalidIdentifier = "SRN:INVALID_IDENTIFIER";

    /// <summary>The text has more components than its model allows.</summary>
    public const string TooManyComponents = "SRN:TOO_MANY_COMPONENTS";

    /// <summary>Creates the error.</summary>
    /// <param name="errorCode">One of the codes above.</param>
    /// <param name="srn">The text that failed to parse.</param>
    /// <param name="reason">Why it failed.</param>
    public SrnFormatException(string errorCode, string srn, string reason)
        : base(errorCode, $"'{srn}' is not a valid SRN: {reason}",
            "An SRN reads <org>:<model>[:<type>]:<slug>:<version>[:<identifier>], for example 'acme:access_target:okta_group:admins:latest'.")
    {
        Value = srn;
    }

    /// <summary>The text that failed to parse.</summary>
    public string Value { get; }
}
