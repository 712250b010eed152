using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.PagerDuty;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Integrations.Tests.PagerDuty;

/// <summary>The real PagerDuty client, wired by <c>AddSymPagerDuty</c>, over a <see cref="FakeHttpHandler"/>.</summary>
public sealed class PagerDutyClientTests : IDisposable
{
    private readonly FakeHttpHandler _http = new();
    private readonly ServiceProvider _services;

    public PagerDutyClientTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSymPagerDuty(o =>
        {
            o.ApiToken = "pd-secret";
            o.MaxRetryAttempts = 0;
        }).ConfigurePrimaryHttpMessageHandler(() => _http);
        _services = services.BuildServiceProvider();
    }

    private IPagerDutyClient Client => _services.GetRequiredService<IPagerDutyClient>();

    public void Dispose() => _services.Dispose();

    private static string User(string id, string email) => $$"""{"id":"{{id}}","type":"user","email":"{{email}}","name":"{{id}} name"}""";

    private static string OnCalls(bool more, params string[] users) =>
        $$"""{"oncalls":[{{string.Join(',', users.Select(u => $$"""{"user":{{u}},"escalation_level":1}"""))}}],"more":{{(more ? "true" : "false")}},"offset":0,"limit":100}""";

    [Fact]
    public async Task UsersOnCallAsync_TwoPages_SendsTokenAndVersionReadsEveryPageAndKeepsEachUserOnce()
    {
        _http.On(HttpMethod.Get, "/oncalls")
            .RespondJson(OnCalls(true, User("PA", "a@example.com"), User("PB", "b@example.com")))
            .RespondJson(OnCalls(false, User("PA", "a@example.com")));

        IReadOnlyList<User> users = await Client.UsersOnCallAsync(PagerDutyOnCallQuery.ForSchedule("PSCHED"));

        users.Select(static u => u.Email).Should().Equal("a@example.com", "b@example.com");
        users[0].Identity("pagerduty")!.UserId.Should().Be("PA");
        _http.Requests.Should().HaveCount(2);
        RecordedHttpRequest first = _http.Requests[0];
        first.Header("Authorization").Should().Be("Token token=pd-secret");
        first.Header("Accept")!.Replace(" ", string.Empty, StringComparison.Ordinal).Should().Be("application/vnd.pagerduty+json;version=2");
        Uri.UnescapeDataString(first.Uri.Query).Should().Be("?include[]=users&schedule_ids[]=PSCHED&offset=0&limit=100");
        Uri.UnescapeDataString(_http.Requests[1].Uri.Query).Should().EndWith("offset=2&limit=100");
    }

    [Fact]
    public async Task IsOnCallAsync_UserFoundByEmail_AsksForTheirOnCalls()
    {
        _http.On(HttpMethod.Get, "/users").RespondJson($$"""{"users":[{{User("PX", "ann@example.com")}},{{User("PA", "a@example.com")}}],"more":false}""");
        _http.On(HttpMethod.Get, "/oncalls").RespondJson(OnCalls(false, User("PA", "a@example.com")));

        bool onCall = await Client.IsOnCallAsync(FakeUser("A@example.com"), PagerDutyOnCallQuery.ForEscalationPolicy("PPOL"));

        onCall.Should().BeTrue();
        Uri.UnescapeDataString(_http.Requests[0].Uri.Query).Should().StartWith("?query=A@example.com");
        Uri.UnescapeDataString(_http.Requests[1].Uri.Query).Should().Be("?include[]=users&escalation_policy_ids[]=PPOL&user_ids[]=PA&offset=0&limit=100");
    }

    [Fact]
    public async Task IsOnCallAsync_NoPagerDutyAccount_IsFalseWithoutAskingForOnCalls()
    {
        _http.On(HttpMethod.Get, "/users").RespondJson($$"""{"users":[{{User("PX", "ann@example.com")}}],"more":false}""");

        (await Client.IsOnCallAsync(FakeUser("a@example.com"))).Should().BeFalse();
        _http.RequestsTo(HttpMethod.Get, "/oncalls").Should().BeEmpty();
    }

    [Fact]
    public async Task UsersForScheduleAsync_ReadsTheSchedulesUsers()
    {
        _http.On(HttpMethod.Get, "/schedules/PSCHED/users").RespondJson($$"""{"users":[{{User("PA", "a@example.com")}}]}""");

        (await Client.UsersForScheduleAsync("PSCHED")).Select(static u => u.Username).Should().Equal("a@example.com");
    }

    [Fact]
    public async Task UsersForScheduleAsync_UnknownSchedule_ThrowsScheduleNotFound()
    {
        _http.On(HttpMethod.Get, "/schedules/NOPE/users").Respond(HttpStatusCode.NotFound, """{"error":{"message":"Not Found","code":2100}}""");

        Func<Task> act = () => Client.UsersForScheduleAsync("NOPE");

        SymNotFoundException error = (await act.Should().ThrowAsync<SymNotFoundException>()).Which;
        error.ErrorCode.Should().Be(PagerDutyErrorCodes.ScheduleNotFound);
        error.Message.Should().Contain("schedule 'NOPE'");
    }

    [Fact]
    public async Task GetIncidentsAsync_DefaultQuery_AsksForOpenIncidents()
    {
        _http.On(HttpMethod.Get, "/incidents").RespondJson(
            """{"incidents":[{"id":"PI1","incident_number":7,"title":"db down","status":"triggered","urgency":"high","service":{"id":"PSVC"}}],"more":false}""");

        List<PagerDutyIncident> incidents = [.. await Client.GetIncidentsAsync().ToListAsync()];

        incidents.Should().ContainSingle().Which.Should().Match<PagerDutyIncident>(i => i.Number == 7 && i.ServiceId == "PSVC" && i.Title == "db down");
        Uri.UnescapeDataString(_http.Requests[0].Uri.Query).Should().Be("?statuses[]=triggered&statuses[]=acknowledged&offset=0&limit=100");
    }

    [Fact]
    public async Task HasIncidentAsync_NoIncident_IsFalse()
    {
        _http.On(HttpMethod.Get, "/incidents").RespondJson("""{"incidents":[],"more":false}""");

        (await Client.HasIncidentAsync(new PagerDutyIncidentQuery { ServiceIds = ["PSVC"], Urgency = "high" })).Should().BeFalse();
        Uri.UnescapeDataString(_http.Requests[0].Uri.Query).Should().Contain("service_ids[]=PSVC&urgencies[]=high");
    }

    [Fact]
    public async Task PageAsync_MoreButEmptyPage_ThrowsInvalidResponseInsteadOfLooping()
    {
        _http.On(HttpMethod.Get, "/oncalls").RespondJson(OnCalls(true));

        Func<Task> act = () => Client.UsersOnCallAsync();

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(PagerDutyErrorCodes.InvalidResponse);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, typeof(SymAuthenticationException), PagerDutyErrorCodes.InvalidToken)]
    [InlineData(HttpStatusCode.Forbidden, typeof(SymAuthenticationException), PagerDutyErrorCodes.Forbidden)]
    [InlineData(HttpStatusCode.NotFound, typeof(SymNotFoundException), PagerDutyErrorCodes.NotFound)]
    [InlineData(HttpStatusCode.BadRequest, typeof(SymException), PagerDutyErrorCodes.InvalidArgument)]
    [InlineData(HttpStatusCode.InternalServerError, typeof(SymException), PagerDutyErrorCodes.ServerError)]
    [InlineData(HttpStatusCode.Conflict, typeof(SymException), PagerDutyErrorCodes.ApiError)]
    public async Task Errors_MapByStatusToTypedExceptions(HttpStatusCode status, Type type, string code)
    {
        _http.On(HttpMethod.Get, "/oncalls").Respond(status, """{"error":{"message":"Nope","code":2001,"errors":["detail"]}}""");

        Func<Task> act = () => Client.UsersOnCallAsync();

        SymException error = (await act.Should().ThrowAsync<SymException>()).Which;
        error.Should().BeOfType(type);
        error.ErrorCode.Should().Be(code);
        error.StatusCode.Should().Be((int)status);
        error.Message.Should().Contain("Nope: detail");
    }

    [Fact]
    public async Task Errors_429_IsRateLimitedWithTheWait()
    {
        _http.On(HttpMethod.Get, "/oncalls").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("{}") };
            response.Headers.Add("ratelimit-reset", "12");
            return response;
        });

        Func<Task> act = () => Client.UsersOnCallAsync();

        SymRateLimitedException error = (await act.Should().ThrowAsync<SymRateLimitedException>()).Which;
        error.ErrorCode.Should().Be(PagerDutyErrorCodes.RateLimited);
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(12));
    }

    [Fact]
    public async Task Retry_Throttled_WaitsTheResetAndRetries()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var http = new FakeHttpHandler();
        services.AddSymPagerDuty(o => o.ApiToken = "t").ConfigurePrimaryHttpMessageHandler(() => http);
        await using ServiceProvider provider = services.BuildServiceProvider();
        http.On(HttpMethod.Get, "/oncalls").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("{}") };
            response.Headers.Add("ratelimit-reset", "0");
            return response;
        }).RespondJson(OnCalls(false, User("PA", "a@example.com")));

        (await provider.GetRequiredService<IPagerDutyClient>().UsersOnCallAsync()).Should().ContainSingle();
        http.Requests.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("", "https://api.pagerduty.com/", "ApiToken is required")]
    [InlineData("t", "ftp://example.com/", "must be an absolute http(s) URL")]
    public void Options_Invalid_FailValidationNamingTheProblem(string token, string address, string problem)
    {
        var services = new ServiceCollection();
        services.AddSymPagerDuty(o =>
        {
            o.ApiToken = token;
            o.BaseAddress = new Uri(address);
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        Action act = () => _ = provider.GetRequiredService<IOptions<PagerDutyOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(problem);
    }

    [Fact]
    public void AddSymPagerDuty_Twice_IsHarmlessAndTheLastSettingsWin()
    {
        var services = new ServiceCollection();
        services.AddSymPagerDuty(o => o.ApiToken = "a");
        services.AddSymPagerDuty(o => o.ApiToken = "b");
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IPagerDutyClient>().Should().NotBeNull();
        provider.GetRequiredService<IOptions<PagerDutyOptions>>().Value.ApiToken.Should().Be("b");
    }

    private static User FakeUser(string email) => new() { Username = email, Email = email };
}
