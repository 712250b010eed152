using System.Net;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Okta;

public sealed class OktaClientTests : IDisposable
{
    private readonly OktaClientHost _host = OktaClientHost.Create();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task GetUserAsync_ById_SendsSswsAndAcceptAndReadsProfile()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").RespondJson(OktaJson.User("00u1", "alice@example.com", firstName: "Alice", lastName: "Ng"));

        OktaUser user = await _host.Client.GetUserAsync("00u1");

        user.Id.Should().Be("00u1");
        user.Status.Should().Be("ACTIVE");
        user.Profile.Email.Should().Be("alice@example.com");
        user.Profile.FirstName.Should().Be("Alice");
        user.Profile.LastName.Should().Be("Ng");
        user.Profile.AdditionalAttributes["department"].GetString().Should().Be("Platform");
        user.Profile.AdditionalAttributes["costCenter"].GetInt32().Should().Be(42);
        RecordedHttpRequest request = _host.Http.Requests.Should().ContainSingle().Subject;
        request.Uri.AbsoluteUri.Should().Be("https://acme.okta.com/api/v1/users/00u1");
        request.Header("Authorization").Should().Be("SSWS ssws-secret-token");
        request.Header("Accept").Should().Be("application/json");
    }

    [Fact]
    public async Task GetUserAsync_ByLogin_EscapesTheLoginInThePath()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/*").RespondJson(OktaJson.User("00u1", "al+ops@example.com"));

        OktaUser user = await _host.Client.GetUserAsync("al+ops@example.com");

        user.Id.Should().Be("00u1");
        _host.Http.Requests.Single().Uri.AbsolutePath.Should().Be("/api/v1/users/al%2Bops%40example.com");
    }

    [Fact]
    public async Task GetUserProfileAsync_ReturnsTheProfile()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").RespondJson(OktaJson.User("00u1", "alice@example.com"));

        OktaUserProfile profile = await _host.Client.GetUserProfileAsync("00u1");

        profile.Login.Should().Be("alice@example.com");
        profile.AdditionalAttributes.Should().ContainKey("department");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task GetUserAsync_BlankId_ThrowsAndSendsNothing(string id)
    {
        Func<Task> act = () => _host.Client.GetUserAsync(id);

        await act.Should().ThrowAsync<ArgumentException>();
        _host.Http.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task FindUserByEmailAsync_OneMatch_SearchesByProfileEmail()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users").RespondJson(OktaJson.Array(OktaJson.User("00u1", "alice@example.com")));

        OktaUser? user = await _host.Client.FindUserByEmailAsync("alice@example.com");

        user!.Id.Should().Be("00u1");
        Uri uri = _host.Http.Requests.Single().Uri;
        Uri.UnescapeDataString(uri.Query).Should().Be("?search=profile.email eq \"alice@example.com\"&limit=10");
    }

    [Fact]
    public async Task FindUserByEmailAsync_NoMatch_ReturnsNull()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users").RespondJson("[]");

        (await _host.Client.FindUserByEmailAsync("nobody@example.com")).Should().BeNull();
    }

    [Fact]
    public async Task FindUserByEmailAsync_QuoteInEmail_IsEscapedInsideTheSearchString()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users").RespondJson("[]");

        await _host.Client.FindUserByEmailAsync("a\"b@example.com");

        Uri.UnescapeDataString(_host.Http.Requests.Single().Uri.Query).Should().Contain("profile.email eq \"a\\\"b@example.com\"");
    }

    [Fact]
    public async Task FindUserByEmailAsync_TwoLiveUsers_ThrowsAmbiguousEmail()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users").RespondJson(
            OktaJson.Array(OktaJson.User("00u1", "dup@example.com"), OktaJson.User("00u2", "dup@example.com")));

        Func<Task> act = () => _host.Client.FindUserByEmailAsync("dup@example.com");

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.AmbiguousEmail);
    }

    [Fact]
    public async Task FindUserByEmailAsync_OneLiveOneDeprovisioned_ReturnsTheLiveUser()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users").RespondJson(
            OktaJson.Array(OktaJson.User("00u1", "dup@example.com", "DEPROVISIONED"), OktaJson.User("00u2", "dup@example.com")));

        (await _host.Client.FindUserByEmailAsync("dup@example.com"))!.Id.Should().Be("00u2");
    }

    [Fact]
    public async Task ListGroupMembersAsync_FollowsNextLinksInOneHeaderAndInSeparateHeaders()
    {
        const string Page2 = "https://acme.okta.com/api/v1/groups/00g1/users?after=00u2&limit=200";
        const string Page3 = "https://acme.okta.com/api/v1/groups/00g1/users?after=00u3&limit=200";
        _host.Http.On(r => r.Uri.AbsolutePath == "/api/v1/groups/00g1/users").Respond(r => r.Uri.Query switch
        {
            "?limit=200" => Page(
                OktaJson.Array(OktaJson.User("00u1", "a@example.com"), OktaJson.User("00u2", "b@example.com")),
                // Several links in one header value, next not first.
                $"<https://acme.okta.com/api/v1/groups/00g1/users?limit=200>; rel=\"self\", <{Page2}>; rel=\"next\""),
            "?after=00u2&limit=200" => Page(
                OktaJson.Array(OktaJson.User("00u3", "c@example.com")),
                // The same links as separate Link headers.
                $"<{Page2}>; rel=\"self\"",
                $"<{Page3}>; rel=\"next\""),
            "?after=00u3&limit=200" => Page(
                OktaJson.Array(OktaJson.User("00u4", "d@example.com")),
                $"<{Page3}>; rel=\"self\""),
            _ => throw new InvalidOperationException("Unexpected page " + r.Uri),
        });

        List<OktaUser> members = await _host.Client.ListGroupMembersAsync("00g1").ToListAsync();

        members.Select(static m => m.Id).Should().Equal("00u1", "00u2", "00u3", "00u4");
        _host.Http.Requests.Select(static r => r.Uri.AbsoluteUri).Should().Equal(
            "https://acme.okta.com/api/v1/groups/00g1/users?limit=200", Page2, Page3);
        _host.Http.Requests.Should().OnlyContain(static r => r.Header("Authorization") == "SSWS ssws-secret-token");
    }

    [Fact]
    public async Task ListGroupMembersAsync_StoppingEarly_ReadsNoFurtherPages()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/groups/00g1/users").Respond(_ => Page(
            OktaJson.Array(OktaJson.User("00u1", "a@example.com"), OktaJson.User("00u2", "b@example.com")),
            "<https://acme.okta.com/api/v1/groups/00g1/users?after=00u2>; rel=\"next\""));

        await foreach (OktaUser _ in _host.Client.ListGroupMembersAsync("00g1"))
        {
            break;
        }

        _host.Http.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task ListGroupsAsync_NextLinkToAnotherHost_IsRefused()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/groups").Respond(_ => Page(
            OktaJson.Array(OktaJson.Group("00g1", "one")), "<https://evil.example.com/api/v1/groups?after=00g1>; rel=\"next\""));

        Func<Task> act = () => _host.Client.ListGroupsAsync().ToListAsync().AsTask();

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.InvalidResponse);
        _host.Http.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task ListGroupsAsync_NextLinkToTheSamePage_StopsInsteadOfLooping()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/groups").Respond(_ => Page(
            OktaJson.Array(OktaJson.Group("00g1", "one")), "<https://acme.okta.com/api/v1/groups>; rel=\"next\""));

        Func<Task> act = () => _host.Client.ListGroupsAsync().ToListAsync().AsTask();

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.InvalidResponse);
    }

    [Fact]
    public async Task ListGroupsAsync_PrefixAndPageSize_AreSentAsQAndLimit()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/groups").RespondJson(OktaJson.Array(OktaJson.Group("00g1", "prod-admins")));

        List<OktaGroup> groups = await _host.Client.ListGroupsAsync(new OktaGroupQuery { NameStartsWith = "prod", PageSize = 50 }).ToListAsync();

        groups.Should().ContainSingle().Which.Name.Should().Be("prod-admins");
        _host.Http.Requests.Single().Uri.Query.Should().Be("?limit=50&q=prod");
    }

    [Fact]
    public async Task ListGroupsAsync_Search_IsSentEscaped()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/groups").RespondJson("[]");

        await _host.Client.ListGroupsAsync(new OktaGroupQuery { Search = "type eq \"OKTA_GROUP\"" }).ToListAsync();

        Uri uri = _host.Http.Requests.Single().Uri;
        uri.Query.Should().StartWith("?search=type%20eq%20%22OKTA_GROUP%22");
    }

    [Fact]
    public void ListGroupsAsync_PrefixAndSearchTogether_IsRejected()
    {
        Action act = () => _host.Client.ListGroupsAsync(new OktaGroupQuery { NameStartsWith = "a", Search = "type eq \"OKTA_GROUP\"" });

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task IsUserInGroupAsync_GroupOnALaterPage_IsFound()
    {
        _host.Http.On(r => r.Uri.AbsolutePath == "/api/v1/users/00u1/groups").Respond(r => r.Uri.Query == string.Empty
            ? Page(OktaJson.Array(OktaJson.Group("00gA", "a")), "<https://acme.okta.com/api/v1/users/00u1/groups?after=00gA>; rel=\"next\"")
            : Page(OktaJson.Array(OktaJson.Group("00gB", "b"))));

        (await _host.Client.IsUserInGroupAsync("00gB", "00u1")).Should().BeTrue();
        (await _host.Client.IsUserInGroupAsync("00gZ", "00u1")).Should().BeFalse();
    }

    [Fact]
    public async Task AddUserToGroupAsync_NotAMember_PutsWithContentLengthZero()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1/groups").RespondJson(OktaJson.Array(OktaJson.Group("00gOther", "other")));
        _host.Http.On(HttpMethod.Put, "/api/v1/groups/00g1/users/00u1").Respond(HttpStatusCode.NoContent);

        OktaMembershipChange change = await _host.Client.AddUserToGroupAsync("00g1", "00u1");

        change.Should().Be(OktaMembershipChange.Added);
        RecordedHttpRequest put = _host.Http.RequestsTo(HttpMethod.Put, "/api/v1/groups/00g1/users/00u1").Should().ContainSingle().Subject;
        put.Header("Content-Length").Should().Be("0");
        put.Body.Length.Should().Be(0);
        put.Header("Authorization").Should().Be("SSWS ssws-secret-token");
    }

    [Fact]
    public async Task AddUserToGroupAsync_AlreadyAMember_ReturnsAlreadyMemberWithoutPut()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1/groups").RespondJson(OktaJson.Array(OktaJson.Group("00g1", "admins")));

        OktaMembershipChange change = await _host.Client.AddUserToGroupAsync("00g1", "00u1");

        change.Should().Be(OktaMembershipChange.AlreadyMember);
        _host.Http.Requests.Should().OnlyContain(static r => r.Method == HttpMethod.Get);
    }

    [Fact]
    public async Task RemoveUserFromGroupAsync_Member_Deletes()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1/groups").RespondJson(OktaJson.Array(OktaJson.Group("00g1", "admins")));
        _host.Http.On(HttpMethod.Delete, "/api/v1/groups/00g1/users/00u1").Respond(HttpStatusCode.NoContent);

        OktaMembershipChange change = await _host.Client.RemoveUserFromGroupAsync("00g1", "00u1");

        change.Should().Be(OktaMembershipChange.Removed);
        _host.Http.RequestsTo(HttpMethod.Delete, "/api/v1/groups/00g1/users/00u1").Should().ContainSingle();
    }

    [Fact]
    public async Task RemoveUserFromGroupAsync_NotAMember_ReturnsNotMemberWithoutDelete()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1/groups").RespondJson("[]");

        OktaMembershipChange change = await _host.Client.RemoveUserFromGroupAsync("00g1", "00u1");

        change.Should().Be(OktaMembershipChange.NotMember);
        _host.Http.Requests.Should().OnlyContain(static r => r.Method == HttpMethod.Get);
    }

    [Fact]
    public async Task AnyCall_TokenNeverAppearsInLogs()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1/groups").RespondJson("[]");
        _host.Http.On(HttpMethod.Put, "/api/v1/groups/00g1/users/00u1").Respond(HttpStatusCode.Forbidden,
            OktaJson.Error("E0000006", "You do not have permission to perform the requested action"));

        Func<Task> act = () => _host.Client.AddUserToGroupAsync("00g1", "00u1");

        await act.Should().ThrowAsync<SymAuthenticationException>();
        _host.Logs.Lines.Should().NotBeEmpty();
        _host.Logs.Lines.Should().NotContain(static l => l.Contains("ssws-secret-token", StringComparison.Ordinal));
    }

    internal static HttpResponseMessage Page(string body, params string[] links)
    {
        HttpResponseMessage response = OktaJson.Json(HttpStatusCode.OK, body);
        foreach (string link in links)
        {
            response.Headers.TryAddWithoutValidation("Link", link);
        }

        return response;
    }
}
