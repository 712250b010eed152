using Microsoft.Extensions.Configuration;
using Sym.Sdk.Secrets;
using Sym.Sdk.Secrets.Internal;

namespace Sym.Sdk.Tests.Secrets;

public sealed class SymSecretTests
{
    private const string Value = "s3cr3t-value-0123456789";

    private sealed class ThrowingProvider : ISymSecretProvider
    {
        public string Name => "vault";

        public ValueTask<string> GetSecretAsync(SymSecretReference reference, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("connection refused");
    }

    private static SymSecret Secret(string provider, string path, params ISymSecretProvider[] providers) =>
        new(new SymSecretReference { Provider = provider, Path = path, Name = "api_token_secret" }, new SecretResolver(providers));

    [Fact]
    public async Task RetrieveValueAsync_ConfigurationProvider_ReadsThePath()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Secrets:GitHub", Value)]).Build();

        string value = await Secret("configuration", "Secrets:GitHub", new ConfigurationSecretProvider(configuration)).RetrieveValueAsync();

        value.Should().Be(Value);
    }

    [Fact]
    public async Task RetrieveValueAsync_EnvironmentProvider_ReadsTheVariable()
    {
        string name = $"SYM_TEST_SECRET_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, Value);
        try
        {
            (await Secret("env", name, new EnvironmentVariableSecretProvider()).RetrieveValueAsync()).Should().Be(Value);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task RetrieveValueAsync_UnsetVariable_ThrowsNotFoundNamingThePath()
    {
        string name = $"SYM_TEST_UNSET_{Guid.NewGuid():N}";

        Func<Task> read = async () => await Secret("env", name, new EnvironmentVariableSecretProvider()).RetrieveValueAsync();

        (await read.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(SymSecretErrorCodes.NotFound);
        (await read.Should().ThrowAsync<SymNotFoundException>()).Which.Message.Should().Contain(name);
    }

    [Fact]
    public async Task RetrieveValueAsync_MissingConfigurationKey_ThrowsNotFound()
    {
        IConfiguration configuration = new ConfigurationBuilder().Build();

        Func<Task> read = async () => await Secret("configuration", "Secrets:Nope", new ConfigurationSecretProvider(configuration)).RetrieveValueAsync();

        (await read.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(SymSecretErrorCodes.NotFound);
    }

    [Fact]
    public async Task RetrieveValueAsync_UnregisteredProvider_ThrowsProviderNotFoundListingTheRegistered()
    {
        Func<Task> read = async () => await Secret("keyvault", "github", new EnvironmentVariableSecretProvider()).RetrieveValueAsync();

        SymException e = (await read.Should().ThrowAsync<SymException>()).Which;
        e.ErrorCode.Should().Be(SymSecretErrorCodes.ProviderNotFound);
        e.Message.Should().Contain("'keyvault'").And.Contain("registered: env");
    }

    [Fact]
    public async Task RetrieveValueAsync_ProviderThrows_WrapsAsProviderFailedKeepingTheCause()
    {
        Func<Task> read = async () => await Secret("vault", "github", new ThrowingProvider()).RetrieveValueAsync();

        SymException e = (await read.Should().ThrowAsync<SymException>()).Which;
        e.ErrorCode.Should().Be(SymSecretErrorCodes.ProviderFailed);
        e.Message.Should().Contain("vault:github").And.Contain(nameof(HttpRequestException));
        e.InnerException.Should().BeOfType<HttpRequestException>();
    }

    [Fact]
    public void Resolver_ProviderRegisteredLater_ReplacesOneOfTheSameName()
    {
        var later = new ThrowingProvider();
        var resolver = new SecretResolver([new EnvironmentVariableSecretProvider(), later]);

        resolver.ProviderNames.Should().BeEquivalentTo("env", "vault");
        resolver.HasProvider("VAULT").Should().BeTrue();
    }

    [Fact]
    public async Task GetSecret_ByName_FindsTheSecret_UnknownNameThrowsNotConfigured()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([new("token", Value)]).Build();
        var integration = new Integration
        {
            Name = "github", Type = "custom",
            Secrets = [Secret("configuration", "token", new ConfigurationSecretProvider(configuration))],
        };

        (await integration.GetSecret("api_token_secret").RetrieveValueAsync()).Should().Be(Value);
        integration.Secrets[0].ToString().Should().Be("configuration:token");
        FluentActions.Invoking(() => integration.GetSecret("other")).Should().Throw<SymException>()
            .Where(e => e.ErrorCode == SymSecretErrorCodes.NotConfigured && e.Message == "Integration 'github' has no secret named 'other'.");
    }
}
