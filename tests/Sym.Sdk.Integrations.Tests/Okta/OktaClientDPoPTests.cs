using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Okta;

public sealed class OktaClientDPoPTests
{
    private const string TokenPath = "/oauth2/v1/token";

    [Fact]
    public async Task GetUserAsync_DPoP_AnswersTheNonceChallengeAndBindsTheToken()
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(OktaTestKeys.RsaPem, o => o.UseDPoP = true);
        host.Http.On(HttpMethod.Post, TokenPath)
            .Respond(_ => NonceChallenge(HttpStatusCode.BadRequest, "n-1", """{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof."}"""))
            .RespondJson(OktaClientOAuthTests.Token("dpop-at", 3600, "DPoP"));
        host.Http.On(HttpMethod.Get, "/api/v1/groups").RespondJson("[]");

        await host.Client.ListGroupsAsync(new OktaGroupQuery { NameStartsWith = "prod" }).ToListAsync();

        IReadOnlyList<RecordedHttpRequest> tokenRequests = host.Http.RequestsTo(HttpMethod.Post, TokenPath);
        tokenRequests.Should().HaveCount(2);
        OktaTestKeys.Jwt first = OktaTestKeys.Read(tokenRequests[0].Header("DPoP")!);
        OktaTestKeys.Jwt second = OktaTestKeys.Read(tokenRequests[1].Header("DPoP")!);
        first.Payload.TryGetProperty("nonce", out _).Should().BeFalse();
        second.Payload.GetProperty("nonce").GetString().Should().Be("n-1");
        AssertProof(second, "POST", "https://acme.okta.com/oauth2/v1/token");
        second.Payload.TryGetProperty("ath", out _).Should().BeFalse("a token request has no access token to hash");
        second.Payload.GetProperty("jti").GetString().Should().NotBe(first.Payload.GetProperty("jti").GetString());

        RecordedHttpRequest api = host.Http.RequestsTo(HttpMethod.Get, "/api/v1/groups").Single();
        api.Header("Authorization").Should().Be("DPoP dpop-at");
        OktaTestKeys.Jwt proof = OktaTestKeys.Read(api.Header("DPoP")!);
        AssertProof(proof, "GET", "https://acme.okta.com/api/v1/groups");
        proof.Payload.GetProperty("ath").GetString().Should().Be(Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes("dpop-at"))));
        proof.Header.GetProperty("jwk").GetRawText().Should().Be(second.Header.GetProperty("jwk").GetRawText(), "the token is bound to one key");
    }

    [Fact]
    public async Task GetUserAsync_ResourceAsksForANonce_RetriesOnceWithIt()
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(OktaTestKeys.EcPem, o => o.UseDPoP = true);
        host.Http.On(HttpMethod.Post, TokenPath).RespondJson(OktaClientOAuthTests.Token("dpop-at", 3600, "DPoP"));
        host.Http.On(HttpMethod.Get, "/api/v1/users/00u1")
            .Respond(_ =>
            {
                HttpResponseMessage challenge = NonceChallenge(HttpStatusCode.Unauthorized, "n-api", string.Empty);
                challenge.Headers.WwwAuthenticate.ParseAdd("DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"");
                return challenge;
            })
            .RespondJson(OktaJson.User("00u1", "alice@example.com"));

        (await host.Client.GetUserAsync("00u1")).Id.Should().Be("00u1");

        IReadOnlyList<RecordedHttpRequest> calls = host.Http.RequestsTo(HttpMethod.Get, "/api/v1/users/00u1");
        calls.Should().HaveCount(2);
        OktaTestKeys.Read(calls[1].Header("DPoP")!).Payload.GetProperty("nonce").GetString().Should().Be("n-api");
        host.Http.RequestsTo(HttpMethod.Post, TokenPath).Should().ContainSingle("a nonce challenge does not need a new token");
    }

    [Fact]
    public async Task GetUserAsync_NonceChallengeRepeats_FailsInsteadOfLooping()
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(OktaTestKeys.RsaPem, o => o.UseDPoP = true);
        host.Http.On(HttpMethod.Post, TokenPath).Respond(_ => NonceChallenge(HttpStatusCode.BadRequest, "n-x",
            """{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof."}"""));

        Func<Task> act = () => host.Client.GetUserAsync("00u1");

        (await act.Should().ThrowAsync<SymAuthenticationException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.InvalidDPoPProof);
        host.Http.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task GetUserAsync_DPoPTokenWhileDPoPIsOff_ThrowsDPoPRequired()
    {
        using OktaClientHost host = OktaClientHost.CreateOAuth(OktaTestKeys.RsaPem);
        host.Http.On(HttpMethod.Post, TokenPath).RespondJson(OktaClientOAuthTests.Token("dpop-at", 3600, "DPoP"));

        Func<Task> act = () => host.Client.GetUserAsync("00u1");

        (await act.Should().ThrowAsync<SymAuthenticationException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.DPoPRequired);
    }

    private static void AssertProof(OktaTestKeys.Jwt proof, string method, string url)
    {
        proof.Header.GetProperty("typ").GetString().Should().Be("dpop+jwt");
        proof.Header.GetProperty("alg").GetString().Should().Be("ES256");
        proof.Header.TryGetProperty("kid", out _).Should().BeFalse();
        using ECDsa key = OktaTestKeys.FromJwk(proof.Header.GetProperty("jwk"));
        OktaTestKeys.VerifyEs256(proof, key).Should().BeTrue("the proof is signed by the key in its jwk header");
        proof.Payload.GetProperty("htm").GetString().Should().Be(method);
        proof.Payload.GetProperty("htu").GetString().Should().Be(url, "htu carries no query or fragment");
        proof.Payload.GetProperty("iat").GetInt64().Should().Be(OktaClientHost.Start.ToUnixTimeSeconds());
        proof.Payload.GetProperty("jti").GetString().Should().NotBeNullOrWhiteSpace();
    }

    private static HttpResponseMessage NonceChallenge(HttpStatusCode status, string nonce, string body)
    {
        HttpResponseMessage response = OktaJson.Json(status, body);
        response.Headers.Add("DPoP-Nonce", nonce);
        return response;
    }
}
