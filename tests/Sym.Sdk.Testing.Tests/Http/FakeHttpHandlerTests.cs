using System.Net;
using System.Text;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Testing.Tests.Http;

public sealed class FakeHttpHandlerTests
{
    private static HttpClient Client(FakeHttpHandler handler) => new(handler) { BaseAddress = new Uri("https://api.example.com") };

    [Fact]
    public async Task SendAsync_MatchingRoute_ServesResponsesInOrderAndRepeatsTheLast()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Get, "/users/*").Respond(HttpStatusCode.TooManyRequests).RespondJson("{\"id\":1}");
        using HttpClient client = Client(http);

        (await client.GetAsync("/users/42")).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await client.GetStringAsync("/users/42")).Should().Be("{\"id\":1}");
        (await client.GetStringAsync("/users/43")).Should().Be("{\"id\":1}");
    }

    [Fact]
    public async Task SendAsync_RecordsMethodUriHeadersAndBody()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/grants").Respond(HttpStatusCode.Created);
        using HttpClient client = Client(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/grants?x=1")
        {
            Content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", "secret");

        await client.SendAsync(request);

        RecordedHttpRequest recorded = http.Requests.Should().ContainSingle().Subject;
        recorded.Method.Should().Be(HttpMethod.Post);
        recorded.Uri.Query.Should().Be("?x=1");
        recorded.Header("authorization").Should().Be("Bearer secret");
        recorded.Header("Content-Type").Should().StartWith("application/json");
        recorded.BodyText.Should().Be("{\"a\":1}");
        http.RequestsTo(HttpMethod.Post, "/grants").Should().HaveCount(1);
    }

    [Fact]
    public async Task SendAsync_NoRoute_ThrowsNamingTheRequest()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Get, "/a").RespondJson("{}");
        using HttpClient client = Client(http);

        Func<Task> act = () => client.GetAsync("/b");

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("GET https://api.example.com/b").And.Contain("GET /a");
    }

    [Fact]
    public async Task SendAsync_UnmatchedStatusSet_ReturnsIt()
    {
        var http = new FakeHttpHandler { UnmatchedStatus = HttpStatusCode.NotFound };
        using HttpClient client = Client(http);

        (await client.GetAsync("/nothing")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SendAsync_LaterRouteOverridesEarlier()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Get, "/**").RespondJson("\"default\"");
        http.On(HttpMethod.Get, "/special").RespondJson("\"special\"");
        using HttpClient client = Client(http);

        (await client.GetStringAsync("/special")).Should().Be("\"special\"");
        (await client.GetStringAsync("/other/path")).Should().Be("\"default\"");
    }

    [Fact]
    public async Task SendAsync_PredicateRoute_MatchesOnBody()
    {
        var http = new FakeHttpHandler();
        http.On(r => r.BodyText.Contains("Action=AddUserToGroup", StringComparison.Ordinal)).RespondJson("\"added\"");
        using HttpClient client = Client(http);

        using var response = await client.PostAsync("/", new StringContent("Action=AddUserToGroup&Version=2010-05-08"));

        (await response.Content.ReadAsStringAsync()).Should().Be("\"added\"");
    }

    [Fact]
    public async Task SendAsync_FaultInjected_ThrowsAndStillRecords()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Get, "/x").RespondJson("{}");
        http.Faults.FailNext(1);
        using HttpClient client = Client(http);

        Func<Task> act = () => client.GetAsync("/x");

        await act.Should().ThrowAsync<InjectedFaultException>();
        (await client.GetAsync("/x")).StatusCode.Should().Be(HttpStatusCode.OK);
        http.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Throw_SimulatesNetworkFailure()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Get, "/x").Throw();
        using HttpClient client = Client(http);

        Func<Task> act = () => client.GetAsync("/x");

        await act.Should().ThrowAsync<HttpRequestException>();
    }
}
