using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomAccess.Tests;

public class CustomAccessOptionsTests
{
    private static void Validate(string address)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json")
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CustomAccess:ApiToken"] = "t", ["CustomAccess:ApiBaseAddress"] = address,
            })
            .Build();
        using ServiceProvider services = new ServiceCollection().AddCustomAccess(configuration).BuildServiceProvider();
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("https://access-api.example.com/")]
    [InlineData("http://localhost:5080/demo-access-api/")]
    public void Validate_AbsoluteHttpUrlEndingInSlash_Passes(string address)
    {
        Action act = () => Validate(address);

        act.Should().NotThrow();
    }

    [Theory]
    [InlineData("access-api/")]
    [InlineData("ftp://access-api.example.com/")]
    [InlineData("https://access-api.example.com/v1")]
    [InlineData("https://access-api.example.com/?tenant=1")]
    public void Validate_AnyOtherAddress_FailsNamingTheSetting(string address)
    {
        Action act = () => Validate(address);

        act.Should().Throw<OptionsValidationException>().Which.Message.Should()
            .Contain("CustomAccess:ApiBaseAddress must be an absolute http or https URL ending in '/'");
    }
}
