using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Tests.Runtime;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("slack said invalid_auth for xoxb-123456789012-abcdefghijkl", "xoxb-123456789012")]
    [InlineData("header Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("Okta rejected SSWS 00abcdefghijklmnopqrstuvwxyz", "00abcdefghijklmnop")]
    [InlineData("aws key AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY found", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("config password=hunter2hunter2 loaded", "hunter2hunter2")]
    [InlineData("{\"client_secret\": \"s3cr3t-value-123\"}", "s3cr3t-value-123")]
    public void Redact_RemovesCredentials(string text, string secret)
    {
        string redacted = SecretRedactor.Redact(text);
        redacted.Should().NotContain(secret).And.Contain("[REDACTED]");
    }

    [Fact]
    public void Redact_KeepsTheKindOfCredentialForContext() =>
        SecretRedactor.Redact("Bearer abcdefghijklmnop").Should().Be("Bearer [REDACTED]");

    [Theory]
    [InlineData("User alice@example.com is not in group Admins.")]
    [InlineData("Slack:CHANNEL_NOT_FOUND channel #sym-requests")]
    public void Redact_LeavesOrdinaryTextAlone(string text) => SecretRedactor.Redact(text).Should().Be(text);

    [Fact]
    public void Redact_Null_IsEmpty() => SecretRedactor.Redact(null).Should().BeEmpty();
}
