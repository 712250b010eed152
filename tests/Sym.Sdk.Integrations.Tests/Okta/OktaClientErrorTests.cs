using System.Net;
using Sym.Sdk.Integrations.Okta;

namespace Sym.Sdk.Integrations.Tests.Okta;

public sealed class OktaClientErrorTests : IDisposable
{
    private readonly OktaClientHost _host = OktaClientHost.Create(o => o.MaxRetryAttempts = 0);

    public void Dispose() => _host.Dispose();

    public static TheoryData<HttpStatusCode, string, string, Type> GetUserErrors => new()
    {
        { HttpStatusCode.NotFound, OktaJson.Error("E0000007", "Not found: Resource not found: 00u404 (User)"), OktaErrorCodes.UserNotFound, typeof(SymNotFoundException) },
        { HttpStatusCode.Forbidden, OktaJson.Error("E0000006", "You do not have permission to perform the requested action"), OktaErrorCodes.Forbidden, typeof(SymAuthenticationException) },
        { HttpStatusCode.Unauthorized, OktaJson.Error("E0000011", "Invalid token provided"), OktaErrorCodes.InvalidToken, typeof(SymAuthenticationException) },
        { HttpStatusCode.BadRequest, OktaJson.Error("E0000001", "Api validation failed: login", "login: An object with this field already exists"), OktaErrorCodes.Validation, typeof(SymException) },
        { HttpStatusCode.TooManyRequests, OktaJson.Error("E0000047", "API call exceeded rate limit due to too many requests."), OktaErrorCodes.RateLimited, typeof(SymRateLimitedException) },
        { HttpStatusCode.BadRequest, OktaJson.Error("E0000038", "This operation is not allowed in the user's current status."), OktaErrorCodes.InvalidUserStatus, typeof(SymException) },
        { HttpStatusCode.InternalServerError, OktaJson.Error("E0000009", "Internal Server Error"), OktaErrorCodes.ServerError, typeof(SymException) },
        { HttpStatusCode.Conflict, OktaJson.Error("E0000999", "Something new"), OktaErrorCodes.ApiError, typeof(SymException) },
    };

    [Theory]
    [MemberData(nameof(GetUserErrors))]
    public async Task GetUserAsync_OktaError_MapsThroughTheTable(HttpStatusCode status, string body, string expectedCode, Type expectedType)
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u404").Respond(status, body);

        Func<Task> act = () => _host.Client.GetUserAsync("00u404");

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(expectedCode);
        error.Should().BeOfType(expectedType);
        error.StatusCode.Should().Be((int)status);
        error.RequestId.Should().StartWith("oae");
        error.RawResponse.Should().Be(body);
        error.Hint.Should().NotBeNullOrEmpty();
        _host.Http.Requests.Should().ContainSingle("errors other than throttling are never retried");
    }

    [Fact]
    public async Task GetUserAsync_ValidationError_PutsTheCausesInTheMessage()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/x").Respond(HttpStatusCode.BadRequest,
            OktaJson.Error("E0000001", "Api validation failed: login", "login: An object with this field already exists"));

        Func<Task> act = () => _host.Client.GetUserAsync("x");

        (await act.Should().ThrowAsync<SymException>()).Which.Message.Should()
            .Be("Okta E0000001: Api validation failed: login (user 'x'). Causes: login: An object with this field already exists");
    }

    [Fact]
    public async Task ListGroupMembersAsync_NotFound_IsGroupNotFound()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/groups/00g404/users").Respond(HttpStatusCode.NotFound,
            OktaJson.Error("E0000007", "Not found: Resource not found: 00g404 (UserGroup)"));

        Func<Task> act = () => _host.Client.ListGroupMembersAsync("00g404").ToListAsync().AsTask();

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.GroupNotFound);
    }

    [Fact]
    public async Task AddUserToGroupAsync_PutNamesAMissingUser_IsUserNotFoundByTheSummary()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1/groups").RespondJson("[]");
        _host.Http.On(HttpMethod.Put, "/api/v1/groups/00g1/users/00u1").Respond(HttpStatusCode.NotFound,
            OktaJson.Error("E0000007", "Not found: Resource not found: 00u1 (User)"));

        Func<Task> act = () => _host.Client.AddUserToGroupAsync("00g1", "00u1");

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.UserNotFound);
    }

    [Fact]
    public async Task AddUserToGroupAsync_PutOnAMissingGroup_IsGroupNotFound()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1/groups").RespondJson("[]");
        _host.Http.On(HttpMethod.Put, "/api/v1/groups/00g404/users/00u1").Respond(HttpStatusCode.NotFound,
            OktaJson.Error("E0000007", "Not found: Resource not found: 00g404 (UserGroup)"));

        Func<Task> act = () => _host.Client.AddUserToGroupAsync("00g404", "00u1");

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.GroupNotFound);
    }

    [Fact]
    public async Task GetUserAsync_NonJsonErrorBody_MapsByStatus()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").Respond(HttpStatusCode.BadGateway, "<html>Bad gateway</html>", "text/html");

        Func<Task> act = () => _host.Client.GetUserAsync("00u1");

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(OktaErrorCodes.ServerError);
        error.RawResponse.Should().Be("<html>Bad gateway</html>");
    }

    [Fact]
    public async Task GetUserAsync_SuccessWithInvalidJson_IsInvalidResponse()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").RespondJson("{\"id\": 12");

        Func<Task> act = () => _host.Client.GetUserAsync("00u1");

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(OktaErrorCodes.InvalidResponse);
    }

    [Fact]
    public async Task GetUserAsync_RateLimitedWithoutRetries_CarriesTheWait()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").Respond(_ => OktaClientRateLimitTests.Throttled(OktaClientHost.Start, TimeSpan.FromSeconds(20)));

        Func<Task> act = () => _host.Client.GetUserAsync("00u1");

        SymRateLimitedException error = (await act.Should().ThrowAsync<SymRateLimitedException>()).Which;
        error.ErrorCode.Should().Be(OktaErrorCodes.RateLimited);
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(21));
    }

    [Fact]
    public async Task GetUserAsync_NetworkFailure_IsConnectionFailed()
    {
        _host.Http.On(HttpMethod.Get, "/api/v1/users/00u1").Throw();

        Func<Task> act = () => _host.Client.GetUserAsync("00u1");

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.ErrorCode.Should().Be(OktaErrorCodes.ConnectionFailed);
        error.InnerException.Should().BeOfType<HttpRequestException>();
    }
}
