using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Okta;

public sealed class SymOktaServiceCollectionExtensionsTests
{
    [Fact]
    public void AddSymOkta_ReturnsTheNamedClientBuilder()
    {
        var services = new ServiceCollection();

        IHttpClientBuilder builder = services.AddSymOkta(o => { o.Domain = "acme.okta.com"; o.ApiToken = "t"; });

        builder.Name.Should().Be(SymOktaServiceCollectionExtensions.HttpClientName);
    }

    [Fact]
    public void AddSymOkta_ValidOptions_PassStartupValidation()
    {
        using ServiceProvider provider = Build(o => { o.Domain = "https://acme.okta.com/"; o.ApiToken = "t"; });

        Action act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().NotThrow();
        provider.GetRequiredService<IOktaClient>().Should().NotBeNull();
        provider.GetRequiredService<OktaGroupStrategy>().IdentityService.Should().Be("okta");
    }

    public static TheoryData<string, Action<OktaOptions>> InvalidOptions => new()
    {
        { "Domain", o => { o.Domain = string.Empty; o.ApiToken = "t"; } },
        { "must use https", o => { o.Domain = "http://acme.okta.com"; o.ApiToken = "t"; } },
        { "without a path", o => { o.Domain = "acme.okta.com/api/v1"; o.ApiToken = "t"; } },
        { "neither is set", o => o.Domain = "acme.okta.com" },
        { "both are set", o => { o.Domain = "acme.okta.com"; o.ApiToken = "t"; o.OAuth = new OktaOAuthOptions { ClientId = "c", PrivateKeyPem = OktaTestKeys.RsaPem }; } },
        { "ClientId", o => { o.Domain = "acme.okta.com"; o.OAuth = new OktaOAuthOptions { PrivateKeyPem = OktaTestKeys.RsaPem }; } },
        { "PrivateKeyPem is not usable", o => { o.Domain = "acme.okta.com"; o.OAuth = new OktaOAuthOptions { ClientId = "c", PrivateKeyPem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" }; } },
        { "P-256", o => { o.Domain = "acme.okta.com"; o.OAuth = new OktaOAuthOptions { ClientId = "c", PrivateKeyPem = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384).ExportPkcs8PrivateKeyPem() }; } },
        { "MaxRetryAttempts", o => { o.Domain = "acme.okta.com"; o.ApiToken = "t"; o.MaxRetryAttempts = 11; } },
        { "AttemptTimeout", o => { o.Domain = "acme.okta.com"; o.ApiToken = "t"; o.AttemptTimeout = TimeSpan.Zero; } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void AddSymOkta_InvalidOptions_FailStartupValidationNamingTheProblem(string expectedInMessage, Action<OktaOptions> configure)
    {
        using ServiceProvider provider = Build(configure);

        Action act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(expectedInMessage);
    }

    [Fact]
    public void AddSymOkta_BadKey_ErrorNeverEchoesTheKey()
    {
        const string Pem = "-----BEGIN PRIVATE KEY-----\nU0VDUkVUS0VZTUFURVJJQUw=\n-----END PRIVATE KEY-----";
        using ServiceProvider provider = Build(o => { o.Domain = "acme.okta.com"; o.OAuth = new OktaOAuthOptions { ClientId = "c", PrivateKeyPem = Pem }; });

        Action act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().NotContain("U0VDUkVUS0VZTUFURVJJQUw");
    }

    [Fact]
    public void OktaOptions_ToString_NeverShowsTheToken()
    {
        var options = new OktaOptions { Domain = "acme.okta.com", ApiToken = "ssws-secret" };

        options.ToString().Should().Be("Okta acme.okta.com (SSWS API token)");
    }

    [Fact]
    public async Task AddSymOkta_CalledTwice_AuthenticatesAndRetriesOnce()
    {
        var http = new FakeHttpHandler();
        var services = new ServiceCollection();
        services.AddSymOkta(o => { o.Domain = "acme.okta.com"; o.ApiToken = "t"; });
        services.AddSymOkta(_ => { }).ConfigurePrimaryHttpMessageHandler(() => http);
        http.On(HttpMethod.Get, "/api/v1/users/00u1").Respond(HttpStatusCode.Forbidden, OktaJson.Error("E0000006", "Forbidden"));
        await using ServiceProvider provider = services.BuildServiceProvider();

        Func<Task> act = () => provider.GetRequiredService<IOktaClient>().GetUserAsync("00u1");

        await act.Should().ThrowAsync<SymAuthenticationException>();
        http.Requests.Should().ContainSingle().Which.Headers["Authorization"].Should().Equal("SSWS t");
    }

    private static ServiceProvider Build(Action<OktaOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSymOkta(configure);
        return services.BuildServiceProvider();
    }
}
