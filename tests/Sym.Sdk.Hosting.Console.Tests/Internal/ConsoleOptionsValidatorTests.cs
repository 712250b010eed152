using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting.Internal.Console;

namespace Sym.Sdk.Hosting.Console.Tests.Internal;

public class ConsoleOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        new ConsoleOptionsValidator().Validate(null, new SymConsoleOptions()).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Validate_BadSettings_NameEachSetting()
    {
        var options = new SymConsoleOptions { SessionLifetime = TimeSpan.FromSeconds(5), PageSize = 0 };
        options.Oidc.Authority = new Uri("http://idp.example.com/");
        options.DemoUsers.Add(new SymConsoleDemoUser { Email = "", Role = "root" });

        ValidateOptionsResult result = new ConsoleOptionsValidator().Validate(null, options);

        result.Failures.Should().BeEquivalentTo(
            "Sym:Console:SessionLifetime 00:00:05 is not between 00:01:00 and 7.00:00:00.",
            "Sym:Console:PageSize 0 is not between 1 and 500.",
            "Sym:Console:Oidc:Authority 'http://idp.example.com/' is not an absolute https URL.",
            "Sym:Console:Oidc:ClientId is required with Sym:Console:Oidc:Authority.",
            "Sym:Console:DemoUsers:0:Email is required.",
            "Sym:Console:DemoUsers:0:Role 'root' is not member, admin or guest.");
    }

    [Fact]
    public void Validate_ClientIdWithoutAuthority_Fails()
    {
        var options = new SymConsoleOptions();
        options.Oidc.ClientId = "sym";

        new ConsoleOptionsValidator().Validate(null, options).Failures.Should().ContainSingle()
            .Which.Should().Be("Sym:Console:Oidc:Authority is required with Sym:Console:Oidc:ClientId or ClientSecret.");
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/runs/abc?x=1", true)]
    [InlineData("//evil.example.com/", false)]
    [InlineData("/\\evil.example.com", false)]
    [InlineData("https://evil.example.com/", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsLocal_OnlySameSitePaths(string? url, bool local)
    {
        ConsoleRoute.IsLocal(url).Should().Be(local);
    }
}
