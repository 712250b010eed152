using System.Net;
using System.Text.Json;
using Sym.Sdk.Integrations.Aws.IdentityStore;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Aws.IdentityStore;

public sealed class IdentityStoreClientTests
{
    [Fact]
    public async Task GetUserIdAsync_ByEmail_SendsAlternateIdentifierAndReturnsId()
    {
        var http = new FakeHttpHandler();
        http.On(AwsTestClients.Target("AWSIdentityStore.GetUserId")).RespondJson("""{"IdentityStoreId":"d-1","UserId":"90676b5c-1"}""");

        string? id = await AwsTestClients.IdentityStore(http, AwsTestClients.Clock()).GetUserIdAsync("d-1", IdentityStoreUserAttribute.Email, "alice@example.com");

        id.Should().Be("90676b5c-1");
        using JsonDocument body = JsonDocument.Parse(http.Requests.Single().BodyText);
        body.RootElement.GetProperty("IdentityStoreId").GetString().Should().Be("d-1");
        JsonElement unique = body.RootElement.GetProperty("AlternateIdentifier").GetProperty("UniqueAttribute");
        unique.GetProperty("AttributePath").GetString().Should().Be("emails.value");
        unique.GetProperty("AttributeValue").GetString().Should().Be("alice@example.com");
        http.Requests.Single().Header("Authorization").Should().Contain("/eu-west-1/identitystore/aws4_request");
    }

    [Fact]
    public async Task GetUserIdAsync_ResourceNotFound_ReturnsNull()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/").Respond(HttpStatusCode.BadRequest, """{"__type":"ResourceNotFoundException","Message":"USER not found","ResourceType":"USER"}""");

        string? id = await AwsTestClients.IdentityStore(http, AwsTestClients.Clock()).GetUserIdAsync("d-1", IdentityStoreUserAttribute.UserName, "ghost");

        id.Should().BeNull();
        JsonDocument.Parse(http.Requests.Single().BodyText).RootElement.GetProperty("AlternateIdentifier")
            .GetProperty("UniqueAttribute").GetProperty("AttributePath").GetString().Should().Be("userName");
    }

    [Fact]
    public async Task GetUserIdAsync_AccessDenied_ThrowsAuthenticationError()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/").Respond(HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","message":"not allowed"}""");

        Func<Task> act = () => AwsTestClients.IdentityStore(http, AwsTestClients.Clock()).GetUserIdAsync("d-1", IdentityStoreUserAttribute.Email, "a@b.c");

        (await act.Should().ThrowAsync<SymAuthenticationException>()).Which.ErrorCode.Should().Be("AWSIdentityStore:ACCESS_DENIED");
    }

    [Fact]
    public async Task ListGroupMembershipsAsync_TwoPages_YieldsUserMembersOnly()
    {
        var http = new FakeHttpHandler();
        http.On(r => !r.BodyText.Contains("NextToken", StringComparison.Ordinal)).RespondJson("""
            {"GroupMemberships":[{"IdentityStoreId":"d-1","MembershipId":"m1","GroupId":"g1","MemberId":{"UserId":"u1"}},
                                 {"IdentityStoreId":"d-1","MembershipId":"m2","GroupId":"g1","MemberId":{}}],"NextToken":"n2"}
            """);
        http.On(r => r.BodyText.Contains("\"NextToken\":\"n2\"", StringComparison.Ordinal)).RespondJson("""
            {"GroupMemberships":[{"IdentityStoreId":"d-1","MembershipId":"m3","GroupId":"g1","MemberId":{"UserId":"u3"}}]}
            """);
        var client = AwsTestClients.IdentityStore(http, AwsTestClients.Clock());

        List<GroupMembership> all = [];
        await foreach (GroupMembership m in client.ListGroupMembershipsAsync("d-1", "g1"))
        {
            all.Add(m);
        }

        all.Select(m => (m.MembershipId, m.UserId)).Should().Equal(("m1", "u1"), ("m3", "u3"));
        (await client.IsUserInGroupAsync("d-1", "g1", "u3")).Should().BeTrue();
        (await client.IsUserInGroupAsync("d-1", "g1", "u2")).Should().BeFalse();
    }
}
