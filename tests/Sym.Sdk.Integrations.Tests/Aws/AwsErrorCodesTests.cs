using System.Reflection;
using System.Text.RegularExpressions;
using Sym.Sdk.Integrations.Aws;

namespace Sym.Sdk.Integrations.Tests.Aws;

public sealed class AwsErrorCodesTests
{
    [Fact]
    public void Codes_AreDistinctAndStartWithAServiceType()
    {
        FieldInfo[] fields = [.. typeof(AwsErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)];
        string[] typeNames = [.. fields.Where(f => f.Name.EndsWith("Type", StringComparison.Ordinal)).Select(f => (string)f.GetRawConstantValue()!)];
        string[] codes = [.. fields.Where(f => !f.Name.EndsWith("Type", StringComparison.Ordinal)).Select(f => (string)f.GetRawConstantValue()!)];

        typeNames.Should().BeEquivalentTo(["AWS", "AWSIAM", "AWSSSO", "AWSIdentityStore", "AWSLambda"]);
        codes.Should().HaveCountGreaterThan(10).And.OnlyHaveUniqueItems();
        codes.Should().OnlyContain(c => Regex.IsMatch(c, "^AWS[A-Za-z]*:[A-Z_]+$") && typeNames.Contains(c.Split(':', 2)[0]));
    }

    [Fact]
    public void VendorCodes_FollowTheMappingRule()
    {
        // The listed vendor codes are what the error mapping produces for AWS's codes.
        Sym.Sdk.Integrations.Aws.Internal.AwsErrors.ToCodeName("NoSuchEntity").Should().Be(AwsErrorCodes.IamNoSuchEntity.Split(':')[1]);
        Sym.Sdk.Integrations.Aws.Internal.AwsErrors.ToCodeName("ResourceNotFoundException").Should().Be(AwsErrorCodes.SsoResourceNotFound.Split(':')[1]);
    }
}
