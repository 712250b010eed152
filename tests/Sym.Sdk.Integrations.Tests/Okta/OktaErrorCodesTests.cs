using System.Reflection;
using System.Text.RegularExpressions;
using Sym.Sdk.Integrations.Okta;

namespace Sym.Sdk.Integrations.Tests.Okta;

public sealed class OktaErrorCodesTests
{
    [Fact]
    public void Constants_AreDistinctOktaCodes()
    {
        string[] codes =
        [
            .. typeof(OktaErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
        ];

        codes.Should().HaveCountGreaterThan(20).And.OnlyHaveUniqueItems();
        codes.Should().OnlyContain(c => Regex.IsMatch(c, "^Okta:[A-Z_]+$"));
    }

    [Fact]
    public void Constants_KeepTheirWireValues()
    {
        OktaErrorCodes.UserNotFound.Should().Be("Okta:USER_NOT_FOUND");
        OktaErrorCodes.GroupNotFound.Should().Be("Okta:GROUP_NOT_FOUND");
        OktaErrorCodes.RateLimited.Should().Be("Okta:RATE_LIMITED");
        OktaErrorCodes.DPoPRequired.Should().Be("Okta:DPOP_REQUIRED");
    }
}
