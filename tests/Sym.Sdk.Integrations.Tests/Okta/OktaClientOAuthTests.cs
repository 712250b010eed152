using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Okta;

public sealed class OktaClientOAuthTests
{
    private const string TokenPath = "/oauth2/v1/token";
    private const string TokenUrl = "https://acme.okta.com/oauth2/v1/token";

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public async Task GetUserAsync_OAuth_SendsASignedClientAssertionAndUsesTheBearerToken(string algorithm)
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(algorithm == "RS256" ? OktaTestKeys.RsaPem : OktaTestKeys.EcPem);
        host.Http.On(HttpMethod.Post, TokenPath).RespondJson(Token("at-1", 3600));
        host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").RespondJson(OktaJson.User("00u1", "alice@example.com"));

        await host.Client.GetUserAsync("00u1");

        RecordedHttpRequest tokenRequest = host.Http.RequestsTo(HttpMethod.Post, TokenPath).Should().ContainSingle().Subject;
        tokenRequest.Header("Authorization").Should().BeNull("the token request authenticates with the assertion alone");
        Dictionary<string, string> form = Form(tokenRequest);
        form["grant_type"].Should().Be("client_credentials");
        form["scope"].Should().Be("okta.users.read okta.groups.read okta.groups.manage");
        form["client_assertion_type"].Should().Be("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

        OktaTestKeys.Jwt assertion = OktaTestKeys.Read(form["client_assertion"]);
        assertion.Header.GetProperty("alg").GetString().Should().Be(algorithm);
        assertion.Header.GetProperty("typ").GetString().Should().Be("JWT");
        assertion.Header.GetProperty("kid").GetString().Should().Be("key-1");
        assertion.Payload.GetProperty("iss").GetString().Should().Be("0oa-client");
        assertion.Payload.GetProperty("sub").GetString().Should().Be("0oa-client");
        assertion.Payload.GetProperty("aud").GetString().Should().Be(TokenUrl);
        assertion.Payload.GetProperty("iat").GetInt64().Should().Be(OktaClientHost.Start.ToUnixTimeSeconds());
        assertion.Payload.GetProperty("exp").GetInt64().Should().Be(OktaClientHost.Start.AddMinutes(5).ToUnixTimeSeconds());
        assertion.Payload.GetProperty("jti").GetString().Should().NotBeNullOrWhiteSpace();
        bool valid = algorithm == "RS256" ? OktaTestKeys.VerifyRs256(assertion, OktaTestKeys.Rsa) : OktaTestKeys.VerifyEs256(assertion, OktaTestKeys.Ec);
        valid.Should().BeTrue("the assertion is signed with the configured private key");

        host.Http.RequestsTo(HttpMethod.Get, "/api/v1/users/00u1").Single().Header("Authorization").Should().Be("Bearer at-1");
    }

    [Fact]
    public async Task GetUserAsync_TamperedAssertion_WouldFailVerification()
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(OktaTestKeys.RsaPem);
        host.Http.On(HttpMethod.Post, TokenPath).RespondJson(Token("at-1", 3600));
        host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").RespondJson(OktaJson.User("00u1", "alice@example.com"));

        await host.Client.GetUserAsync("00u1");

        OktaTestKeys.Jwt assertion = OktaTestKeys.Read(Form(host.Http.Requests[0])["client_assertion"]);
        OktaTestKeys.Jwt tampered = assertion with { SigningInput = assertion.SigningInput + "x" };
        OktaTestKeys.VerifyRs256(tampered, OktaTestKeys.Rsa).Should().BeFalse();
        using var otherKey = RSA.Create(2048);
        OktaTestKeys.VerifyRs256(assertion, otherKey).Should().BeFalse();
    }

    [Fact]
    public async Task GetUserAsync_TokenCached_IsReusedUntilShortlyBeforeExpiryThenRefreshed()
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(OktaTestKeys.RsaPem, o => o.TokenRefreshMargin = TimeSpan.FromMinutes(5));
        host.Http.On(HttpMethod.Post, TokenPath).RespondJson(Token("at-1", 3600)).RespondJson(Token("at-2", 3600));
        host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").RespondJson(OktaJson.User("00u1", "alice@example.com"));

        await host.Client.GetUserAsync("00u1");
        await host.Client.GetUserAsync("00u1");
        host.Time.Advance(TimeSpan.FromMinutes(55) - TimeSpan.FromSeconds(1));
        await host.Client.GetUserAsync("00u1");

        host.Http.RequestsTo(HttpMethod.Post, TokenPath).Should().ContainSingle("the token is valid for 55 minutes before its 5-minute refresh margin");

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await host.Client.GetUserAsync("00u1");

        host.Http.RequestsTo(HttpMethod.Post, TokenPath).Should().HaveCount(2);
        host.Http.RequestsTo(HttpMethod.Get, "/api/v1/users/00u1").Select(static r => r.Header("Authorization"))
            .Should().Equal("Bearer at-1", "Bearer at-1", "Bearer at-1", "Bearer at-2");
    }

    [Fact]
    public async Task GetUserAsync_ConcurrentCallsWithoutAToken_ShareOneTokenRequest()
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(OktaTestKeys.EcPem);
        host.Http.On(HttpMethod.Post, TokenPath).RespondJson(Token("at-1", 3600));
        host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").RespondJson(OktaJson.User("00u1", "alice@example.com"));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.Client.GetUserAsync("00u1")));

        host.Http.RequestsTo(HttpMethod.Post, TokenPath).Should().ContainSingle();
    }

    [Fact]
    public async Task GetUserAsync_CachedTokenRejected_GetsANewTokenAndRetriesOnce()
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(OktaTestKeys.RsaPem);
        host.Http.On(HttpMethod.Post, TokenPath).RespondJson(Token("at-revoked", 3600)).RespondJson(Token("at-2", 3600));
        host.Http.On(HttpMethod.Get, "/api/v1/users/00u1")
            .Respond(HttpStatusCode.Unauthorized, OktaJson.Error("E0000011", "Invalid token provided"))
            .RespondJson(OktaJson.User("00u1", "alice@example.com"));

        (await host.Client.GetUserAsync("00u1")).Id.Should().Be("00u1");

        host.Http.RequestsTo(HttpMethod.Get, "/api/v1/users/00u1").Select(static r => r.Header("Authorization"))
            .Should().Equal("Bearer at-revoked", "Bearer at-2");
    }

    [Theory]
    [InlineData("invalid_client", OktaErrorCodes.InvalidClient)]
    [InlineData("invalid_scope", OktaErrorCodes.InvalidScope)]
    [InlineData("unauthorized_client", OktaErrorCodes.UnauthorizedClient)]
    [InlineData("something_else", OktaErrorCodes.TokenError)]
    public async Task GetUserAsync_TokenEndpointRefuses_ThrowsAuthenticationErrorAndCallsNoApi(string error, string expectedCode)
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(OktaTestKeys.RsaPem);
        host.Http.On(HttpMethod.Post, TokenPath).Respond(HttpStatusCode.BadRequest, $$"""{"error":"{{error}}","error_description":"The client is not allowed"}""");

        Func<Task> act = () => host.Client.GetUserAsync("00u1");

        SymAuthenticationException thrown = (await act.Should().ThrowAsync<SymAuthenticationException>()).Which;
        thrown.ErrorCode.Should().Be(expectedCode);
        thrown.Message.Should().Contain("The client is not allowed");
        host.Http.Requests.Should().OnlyContain(static r => r.Uri.AbsolutePath == TokenPath);
    }

    [Fact]
    public async Task GetUserAsync_AppRequiresDPoPButItIsOff_ThrowsDPoPRequired()
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(OktaTestKeys.RsaPem);
        host.Http.On(HttpMethod.Post, TokenPath).Respond(HttpStatusCode.BadRequest,
            """{"error":"invalid_dpop_proof","error_description":"The DPoP proof JWT header is missing."}""");

        Func<Task> act = () => host.Client.GetUserAsync("00u1");

        SymAuthenticationException thrown = (await act.Should().ThrowAsync<SymAuthenticationException>()).Which;
        thrown.ErrorCode.Should().Be(OktaErrorCodes.DPoPRequired);
        thrown.Hint.Should().Contain("UseDPoP");
    }

    [Fact]
    public async Task GetUserAsync_TokenAndAssertionNeverAppearInLogs()
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(OktaTestKeys.RsaPem);
        host.Http.On(HttpMethod.Post, TokenPath).RespondJson(Token("at-very-secret", 3600));
        host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").Respond(HttpStatusCode.NotFound, OktaJson.Error("E0000007", "Not found"));

        Func<Task> act = () => host.Client.GetUserAsync("00u1");

        await act.Should().ThrowAsync<SymNotFoundException>();
        string assertion = Form(host.Http.Requests[0])["client_assertion"];
        host.Logs.Lines.Should().Contain(static l => l.Contains("Acquired an Okta access token for client 0oa-client", StringComparison.Ordinal));
        host.Logs.Lines.Should().NotContain(l => l.Contains("at-very-secret", StringComparison.Ordinal) || l.Contains(assertion, StringComparison.Ordinal));
    }

    internal static string Token(string value, int expiresIn, string type = "Bearer") =>
        $$"""{"token_type":"{{type}}","expires_in":{{expiresIn}},"access_token":"{{value}}","scope":"okta.users.read okta.groups.read okta.groups.manage"}""";

    internal static Dictionary<string, string> Form(RecordedHttpRequest request)
    {
        request.Header("Content-Type").Should().StartWith("application/x-www-form-urlencoded");
        return request.BodyText.Split('&').Select(static p => p.Split('=', 2))
            .ToDictionary(static p => Uri.UnescapeDataString(p[0]), static p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
    }
}
