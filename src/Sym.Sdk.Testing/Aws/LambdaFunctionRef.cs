using System.Text.RegularExpressions;

namespace Sym.Sdk.Testing.Aws;

/// <summary>
/// A Lambda <c>FunctionName</c> as the real service reads it: a name (<c>my-function</c>, optionally <c>:qualifier</c>),
/// a full ARN (<c>arn:aws:lambda:us-west-2:123456789012:function:my-function[:qualifier]</c>) or a partial ARN
/// (<c>123456789012:function:my-function[:qualifier]</c>). Two references name the same function when their names and
/// qualifiers agree (no qualifier and <c>$LATEST</c> are the same) and the region and account agree wherever both say one.
/// </summary>
internal sealed partial record LambdaFunctionRef(string Name, string? Qualifier, string? Region, string? Account)
{
    public static bool TryParse(string value, out LambdaFunctionRef? reference)
    {
        reference = null;
        Match m = FullArn().Match(value);
        if (m.Success)
        {
            reference = new(m.Groups["name"].Value, QualifierOf(m), m.Groups["region"].Value, m.Groups["account"].Value);
            return true;
        }

        m = PartialArn().Match(value);
        if (m.Success)
        {
            reference = new(m.Groups["name"].Value, QualifierOf(m), null, m.Groups["account"].Value);
            return true;
        }

        m = NameOnly().Match(value);
        if (m.Success)
        {
            reference = new(m.Groups["name"].Value, QualifierOf(m), null, null);
            return true;
        }

        return false;
    }

    public bool SameFunctionAs(LambdaFunctionRef other) =>
        string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Qualifier ?? "$LATEST", other.Qualifier ?? "$LATEST", StringComparison.Ordinal)
        && (Region is null || other.Region is null || string.Equals(Region, other.Region, StringComparison.Ordinal))
        && (Account is null || other.Account is null || string.Equals(Account, other.Account, StringComparison.Ordinal));

    private static string? QualifierOf(Match m) => m.Groups["qualifier"].Success ? m.Groups["qualifier"].Value : null;

    [GeneratedRegex(@"^arn:aws[a-zA-Z-]*:lambda:(?<region>[a-z]{2}(-gov)?-[a-z]+-\d{1}):(?<account>\d{12}):function:(?<name>[a-zA-Z0-9-_]{1,64})(:(?<qualifier>\$LATEST|[a-zA-Z0-9-_]{1,128}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex FullArn();

    [GeneratedRegex(@"^(?<account>\d{12}):function:(?<name>[a-zA-Z0-9-_]{1,64})(:(?<qualifier>\$LATEST|[a-zA-Z0-9-_]{1,128}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex PartialArn();

    [GeneratedRegex(@"^(?<name>[a-zA-Z0-9-_]{1,64})(:(?<qualifier>\$LATEST|[a-zA-Z0-9-_]{1,128}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex NameOnly();
}
