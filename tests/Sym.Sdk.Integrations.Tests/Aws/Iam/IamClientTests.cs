using System.Net;
using Sym.Sdk.Integrations.Aws.Iam;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Aws.Iam;

public sealed class IamClientTests
{
    private const string Ns = "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";

    private static string GroupPage(bool truncated, string? marker, params string[] users) => $"""
        <GetGroupResponse {Ns}>
          <GetGroupResult>
            <Group><GroupName>admins</GroupName><Arn>arn:aws:iam::123456789012:group/admins</Arn></Group>
            <Users>{string.Concat(users.Select(u => $"<member><UserName>{u}</UserName><UserId>AIDA{u.ToUpperInvariant()}</UserId><Arn>arn:aws:iam::123456789012:user/{u}</Arn></member>"))}</Users>
            <IsTruncated>{(truncated ? "true" : "false")}</IsTruncated>
            {(marker is null ? string.Empty : $"<Marker>{marker}</Marker>")}
          </GetGroupResult>
          <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
        </GetGroupResponse>
        """;

    private static string Error(string code, string message) =>
        $"<ErrorResponse {Ns}><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>req-err</RequestId></ErrorResponse>";

    [Fact]
    public async Task AddUserToGroupAsync_Success_PostsSignedQueryForm()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/").Respond(HttpStatusCode.OK, $"<AddUserToGroupResponse {Ns}><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AddUserToGroupResponse>", "text/xml");

        await AwsTestClients.Iam(http, AwsTestClients.Clock()).AddUserToGroupAsync("admins", "alice@example.com");

        RecordedHttpRequest request = http.Requests.Single();
        request.Uri.Should().Be(new Uri("https://iam.amazonaws.com/"));
        request.BodyText.Should().Be("Action=AddUserToGroup&Version=2010-05-08&GroupName=admins&UserName=alice%40example.com");
        request.Header("Authorization").Should().StartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251125/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=");
        request.Header("X-Amz-Date").Should().Be("20251125T220000Z");
        request.Header("X-Amz-Security-Token").Should().Be("session-token");
    }

    [Fact]
    public async Task GetGroupUsersAsync_TwoPages_FollowsMarkerAndYieldsEveryUser()
    {
        var http = new FakeHttpHandler();
        http.On(r => !r.BodyText.Contains("Marker=", StringComparison.Ordinal)).Respond(HttpStatusCode.OK, GroupPage(true, "page2", "alice", "bob"), "text/xml");
        http.On(r => r.BodyText.Contains("Marker=page2", StringComparison.Ordinal)).Respond(HttpStatusCode.OK, GroupPage(false, null, "carol"), "text/xml");

        List<IamUser> users = [];
        await foreach (IamUser user in AwsTestClients.Iam(http, AwsTestClients.Clock()).GetGroupUsersAsync("admins"))
        {
            users.Add(user);
        }

        users.Select(u => u.UserName).Should().Equal("alice", "bob", "carol");
        users[0].UserId.Should().Be("AIDAALICE");
        users[0].Arn.Should().Be("arn:aws:iam::123456789012:user/alice");
        http.Requests.Should().HaveCount(2);
        http.Requests[0].BodyText.Should().Contain("MaxItems=100");
    }

    [Theory]
    [InlineData("ALICE", true)]
    [InlineData("mallory", false)]
    public async Task IsUserInGroupAsync_Member_ComparesNamesIgnoringCase(string userName, bool expected)
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/").Respond(HttpStatusCode.OK, GroupPage(false, null, "alice", "bob"), "text/xml");

        bool result = await AwsTestClients.Iam(http, AwsTestClients.Clock()).IsUserInGroupAsync("admins", userName);

        result.Should().Be(expected);
    }

    [Fact]
    public async Task RemoveUserFromGroupAsync_NoSuchEntity_ThrowsNotFoundWithCodeAndRequestId()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/").Respond(HttpStatusCode.NotFound, Error("NoSuchEntity", "The user with name bob cannot be found."), "text/xml");

        Func<Task> act = () => AwsTestClients.Iam(http, AwsTestClients.Clock()).RemoveUserFromGroupAsync("admins", "bob");

        SymNotFoundException error = (await act.Should().ThrowAsync<SymNotFoundException>()).Which;
        error.ErrorCode.Should().Be(AwsErrorCodes.IamNoSuchEntity);
        error.StatusCode.Should().Be(404);
        error.RequestId.Should().Be("req-err");
        error.Message.Should().Contain("bob cannot be found");
        error.Hint.Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, "LimitExceeded", "AWSIAM:LIMIT_EXCEEDED", typeof(SymException))]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied", "AWSIAM:ACCESS_DENIED", typeof(SymAuthenticationException))]
    [InlineData(HttpStatusCode.BadRequest, "Throttling", "AWSIAM:THROTTLING", typeof(SymRateLimitedException))]
    [InlineData(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", "AWSIAM:SIGNATURE_DOES_NOT_MATCH", typeof(SymAuthenticationException))]
    public async Task AddUserToGroupAsync_XmlError_MapsThroughTheQueryTable(HttpStatusCode status, string code, string expectedCode, Type expectedType)
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/").Respond(status, Error(code, "nope"), "text/xml");

        Func<Task> act = () => AwsTestClients.Iam(http, AwsTestClients.Clock()).AddUserToGroupAsync("admins", "bob");

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(expectedCode);
        error.Should().BeOfType(expectedType);
    }

    [Fact]
    public async Task AddUserToGroupAsync_NonXmlServerError_MapsByStatus()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/").Respond(HttpStatusCode.BadGateway, "<html>bad gateway</html", "text/html");

        Func<Task> act = () => AwsTestClients.Iam(http, AwsTestClients.Clock()).AddUserToGroupAsync("admins", "bob");

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be("AWSIAM:HTTP502");
    }

    [Theory]
    [InlineData("", "bob")]
    [InlineData("admins", "")]
    public async Task AddUserToGroupAsync_EmptyName_ThrowsBeforeSending(string group, string user)
    {
        var http = new FakeHttpHandler();

        Func<Task> act = () => AwsTestClients.Iam(http, AwsTestClients.Clock()).AddUserToGroupAsync(group, user);

        await act.Should().ThrowAsync<ArgumentException>();
        http.Requests.Should().BeEmpty();
    }
}
