using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sym.Sdk.Integrations.Aws.Sso;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.Aws.Sso;

public sealed class SsoAdminClientTests
{
    private const string Instance = "arn:aws:sso:::instance/ssoins-1234";
    private const string PermissionSet = "arn:aws:sso:::permissionSet/ssoins-1234/ps-abcd";

    private static readonly AccountAssignment Assignment = new()
    {
        InstanceArn = Instance, AccountId = "123456789012", PermissionSetArn = PermissionSet, PrincipalId = "user-1",
    };

    private static string Status(string name, string status, string? reason = null)
    {
        string failure = reason is null ? string.Empty : $",\"FailureReason\":\"{reason}\"";
        return "{\"" + name + "\":{\"Status\":\"" + status + "\",\"RequestId\":\"op-1\",\"TargetId\":\"123456789012\",\"TargetType\":\"AWS_ACCOUNT\","
            + "\"PermissionSetArn\":\"" + PermissionSet + "\",\"PrincipalType\":\"USER\",\"PrincipalId\":\"user-1\",\"CreatedDate\":1.764108E9" + failure + "}}";
    }

    [Fact]
    public async Task CreateAccountAssignmentAsync_Success_SendsJson11AndReadsStatus()
    {
        var http = new FakeHttpHandler();
        http.On(AwsTestClients.Target("SWBExternalService.CreateAccountAssignment")).RespondJson(Status("AccountAssignmentCreationStatus", "IN_PROGRESS"));

        AccountAssignmentOperation operation = await AwsTestClients.Sso(http, AwsTestClients.Clock()).CreateAccountAssignmentAsync(Assignment);

        operation.Status.Should().Be(AccountAssignmentStatus.InProgress);
        operation.RequestId.Should().Be("op-1");
        operation.CreatedDate.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1_764_108_000));
        operation.PrincipalType.Should().Be(AwsPrincipalType.User);
        RecordedHttpRequest request = http.Requests.Single();
        request.Uri.Should().Be(new Uri("https://sso.eu-west-1.amazonaws.com/"));
        request.Header("Content-Type").Should().Be("application/x-amz-json-1.1");
        request.Header("Authorization").Should().Contain("/eu-west-1/sso/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,");
        using JsonDocument body = JsonDocument.Parse(request.BodyText);
        body.RootElement.GetProperty("InstanceArn").GetString().Should().Be(Instance);
        body.RootElement.GetProperty("TargetId").GetString().Should().Be("123456789012");
        body.RootElement.GetProperty("TargetType").GetString().Should().Be("AWS_ACCOUNT");
        body.RootElement.GetProperty("PermissionSetArn").GetString().Should().Be(PermissionSet);
        body.RootElement.GetProperty("PrincipalType").GetString().Should().Be("USER");
        body.RootElement.GetProperty("PrincipalId").GetString().Should().Be("user-1");
    }

    [Fact]
    public async Task WaitForAccountAssignmentAsync_InProgressThenSucceeded_PollsOnTheClockUntilDone()
    {
        FakeTimeProvider time = AwsTestClients.Clock();
        var http = new FakeHttpHandler();
        http.On(AwsTestClients.Target("SWBExternalService.DescribeAccountAssignmentCreationStatus"))
            .RespondJson(Status("AccountAssignmentCreationStatus", "IN_PROGRESS"))
            .RespondJson(Status("AccountAssignmentCreationStatus", "SUCCEEDED"));
        var client = AwsTestClients.Sso(http, time);
        var started = new AccountAssignmentOperation { Status = AccountAssignmentStatus.InProgress, RequestId = "op-1" };

        Task<AccountAssignmentOperation> wait = client.WaitForAccountAssignmentAsync(
            Instance, started, AccountAssignmentKind.Creation, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), time);
        AccountAssignmentOperation done = await AwsClock.RunAsync(time, wait);

        done.Status.Should().Be(AccountAssignmentStatus.Succeeded);
        http.Requests.Should().HaveCount(2);
        using JsonDocument body = JsonDocument.Parse(http.Requests[0].BodyText);
        body.RootElement.GetProperty("AccountAssignmentCreationRequestId").GetString().Should().Be("op-1");
    }

    [Fact]
    public async Task WaitForAccountAssignmentAsync_Failed_ThrowsAssignmentFailedWithReason()
    {
        FakeTimeProvider time = AwsTestClients.Clock();
        var http = new FakeHttpHandler();
        http.On(AwsTestClients.Target("SWBExternalService.DescribeAccountAssignmentDeletionStatus"))
            .RespondJson(Status("AccountAssignmentDeletionStatus", "FAILED", "Principal not found"));
        var started = new AccountAssignmentOperation { Status = AccountAssignmentStatus.InProgress, RequestId = "op-1" };

        Task wait = AwsTestClients.Sso(http, time).WaitForAccountAssignmentAsync(
            Instance, started, AccountAssignmentKind.Deletion, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), time);
        Func<Task> act = () => AwsClock.RunAsync(time, wait);

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(AwsErrorCodes.SsoAssignmentFailed);
        error.Message.Should().Contain("Principal not found");
    }

    [Fact]
    public async Task WaitForAccountAssignmentAsync_NeverFinishes_TimesOutOnTheClock()
    {
        FakeTimeProvider time = AwsTestClients.Clock();
        var http = new FakeHttpHandler();
        http.On(AwsTestClients.Target("SWBExternalService.DescribeAccountAssignmentCreationStatus"))
            .RespondJson(Status("AccountAssignmentCreationStatus", "IN_PROGRESS"));
        var started = new AccountAssignmentOperation { Status = AccountAssignmentStatus.InProgress, RequestId = "op-1" };

        Task wait = AwsTestClients.Sso(http, time).WaitForAccountAssignmentAsync(
            Instance, started, AccountAssignmentKind.Creation, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), time);
        Func<Task> act = () => AwsClock.RunAsync(time, wait);

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(AwsErrorCodes.SsoAssignmentTimeout);
        http.Requests.Should().HaveCount(6);
    }

    [Fact]
    public async Task ListAccountAssignmentsAsync_TwoPages_FollowsNextToken()
    {
        var http = new FakeHttpHandler();
        http.On(r => !r.BodyText.Contains("NextToken", StringComparison.Ordinal))
            .RespondJson("""{"AccountAssignments":[{"AccountId":"123456789012","PermissionSetArn":"ps","PrincipalType":"USER","PrincipalId":"u1"}],"NextToken":"t2"}""");
        http.On(r => r.BodyText.Contains("\"NextToken\":\"t2\"", StringComparison.Ordinal))
            .RespondJson("""{"AccountAssignments":[{"AccountId":"123456789012","PermissionSetArn":"ps","PrincipalType":"GROUP","PrincipalId":"g1"}]}""");

        List<AccountAssignment> all = [];
        await foreach (AccountAssignment a in AwsTestClients.Sso(http, AwsTestClients.Clock()).ListAccountAssignmentsAsync(Instance, "123456789012", "ps"))
        {
            all.Add(a);
        }

        all.Select(a => (a.PrincipalId, a.PrincipalType.Value)).Should().Equal(("u1", "USER"), ("g1", "GROUP"));
        all.Should().OnlyContain(a => a.InstanceArn == Instance);
    }

    [Theory]
    [InlineData("com.amazonaws.swbexternalservice#ResourceNotFoundException", 400, AwsErrorCodes.SsoResourceNotFound, typeof(SymNotFoundException))]
    [InlineData("ConflictException", 409, "AWSSSO:CONFLICT", typeof(SymException))]
    [InlineData("AccessDeniedException", 403, "AWSSSO:ACCESS_DENIED", typeof(SymAuthenticationException))]
    [InlineData("ValidationException:http://internal.amazon.com/coral/validate/", 400, "AWSSSO:VALIDATION", typeof(SymException))]
    public async Task CreateAccountAssignmentAsync_JsonError_MapsThroughTheJsonTable(string type, int status, string expectedCode, Type expectedType)
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/").Respond(_ =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent($$"""{"__type":"{{type}}","Message":"bad"}""") };
            response.Headers.Add("x-amzn-RequestId", "rid-9");
            return response;
        });

        Func<Task> act = () => AwsTestClients.Sso(http, AwsTestClients.Clock()).CreateAccountAssignmentAsync(Assignment);

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(expectedCode);
        error.Should().BeOfType(expectedType);
        error.RequestId.Should().Be("rid-9");
        error.StatusCode.Should().Be(status);
    }

    [Fact]
    public async Task ListAccountAssignmentsAsync_FirstPage_SendsFilterAndPageSizeWithoutToken()
    {
        var http = new FakeHttpHandler();
        http.On(AwsTestClients.Target("SWBExternalService.ListAccountAssignments")).RespondJson("""{"AccountAssignments":[]}""");

        await foreach (AccountAssignment _ in AwsTestClients.Sso(http, AwsTestClients.Clock()).ListAccountAssignmentsAsync(Instance, "123456789012", "ps"))
        {
        }

        using JsonDocument body = JsonDocument.Parse(http.Requests.Single().BodyText);
        body.RootElement.GetProperty("InstanceArn").GetString().Should().Be(Instance);
        body.RootElement.GetProperty("AccountId").GetString().Should().Be("123456789012");
        body.RootElement.GetProperty("PermissionSetArn").GetString().Should().Be("ps");
        body.RootElement.GetProperty("MaxResults").GetInt32().Should().Be(100);
        body.RootElement.TryGetProperty("NextToken", out _).Should().BeFalse();
    }

    [Fact]
    public async Task CreateAccountAssignmentAsync_SuccessWithoutJson_ThrowsInvalidResponse()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>proxy</html>") });

        Func<Task> act = () => AwsTestClients.Sso(http, AwsTestClients.Clock()).CreateAccountAssignmentAsync(Assignment);

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be("AWSSSO:INVALID_RESPONSE");
    }
}
