using System.Reflection;

namespace Sym.Sdk.Tests.Errors;

public sealed class SymErrorCodesTests
{
    [Fact]
    public void Constants_AreDistinctTypeColonNameCodes()
    {
        string[] codes = Codes(typeof(SymErrorCodes));

        codes.Should().HaveCountGreaterThan(15).And.OnlyHaveUniqueItems();
        codes.Should().OnlyContain(c => System.Text.RegularExpressions.Regex.IsMatch(c, "^(SymSDK|Identity):[A-Z_]+$"));
    }

    [Fact]
    public void Constants_KeepTheirWireValues()
    {
        // Codes are stored in run errors and audit entries and matched by callers: their values must not drift.
        SymErrorCodes.RunNotFound.Should().Be("SymSDK:RUN_NOT_FOUND");
        SymErrorCodes.UserCodeFailed.Should().Be("SymSDK:USER_CODE_FAILED");
        SymErrorCodes.DeliveryFailed.Should().Be("SymSDK:DELIVERY_FAILED");
        SymErrorCodes.IdentityNotFound.Should().Be(IdentityNotFoundException.Code);
        SymErrorCodes.InvalidRequest.Should().Be(Sym.Sdk.Runtime.SymRequestValidationException.Code);
        SymErrorCodes.InvalidEvent.Should().Be(Sym.Sdk.Serialization.SymEventJson.InvalidEventErrorCode);
    }

    internal static string[] Codes(Type type) =>
        [.. type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];
}
