using System.Security.Claims;
using Sym.Sdk.Hosting.Internal.Api;
using Sym.Sdk.Hosting.Internal.Console;

namespace Sym.Sdk.Hosting.Console.Tests.Internal;

public class ConsoleIdentityTests
{
    private static ClaimsPrincipal Token(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(static c => new Claim(c.Type, c.Value)), "oidc"));

    [Fact]
    public void FromIdToken_VerifiedEmail_IsTheSymUser()
    {
        var options = new SymConsoleOptions();

        (ClaimsPrincipal? principal, string? refusal) = ConsoleIdentity.FromIdToken(Token(("email", "Alice@Example.com"), ("email_verified", "true")), options);

        refusal.Should().BeNull();
        User user = ApiMapping.ToUser(principal!);
        user.Username.Should().Be("Alice@Example.com");
        user.Should().Be(new User { Username = "alice@example.com" }, "Sym users compare by username, ignoring case");
        user.Role.Should().Be(UserRole.Member);
    }

    [Theory]
    [InlineData(null, "the ID token has no email claim (ask for the 'email' scope)")]
    [InlineData("false", "the identity provider has not verified the email")]
    [InlineData("", "the identity provider has not verified the email")]
    public void FromIdToken_EmailMissingOrUnverified_IsRefused(string? verified, string expected)
    {
        ClaimsPrincipal token = verified is null ? Token(("sub", "1")) : Token(("email", "eve@example.com"), ("email_verified", verified));

        (ClaimsPrincipal? principal, string? refusal) = ConsoleIdentity.FromIdToken(token, new SymConsoleOptions());

        principal.Should().BeNull();
        refusal.Should().Be(expected);
    }

    [Fact]
    public void FromIdToken_AdminByConfigurationOrGroup_OthersMembers()
    {
        var options = new SymConsoleOptions();
        options.Admins.Add("ROOT@example.com");
        options.AdminGroups.Add("sym-admins");

        static UserRole Role(ClaimsPrincipal token, SymConsoleOptions options) => ApiMapping.ToUser(ConsoleIdentity.FromIdToken(token, options).Principal!).Role;

        Role(Token(("email", "root@example.com"), ("email_verified", "true")), options).Should().Be(UserRole.Admin);
        Role(Token(("email", "gina@example.com"), ("email_verified", "true"), ("groups", "eng"), ("groups", "sym-admins")), options).Should().Be(UserRole.Admin);
        Role(Token(("email", "dan@example.com"), ("email_verified", "true"), ("groups", "SYM-ADMINS")), options).Should().Be(UserRole.Member);
    }
}
