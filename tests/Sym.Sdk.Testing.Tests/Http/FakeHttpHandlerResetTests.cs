using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Http;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Http;

/// <summary>What <see cref="SymFlowHarness.Reset"/> does to a <see cref="FakeHttpHandler"/>'s routes: back as they were at Build.</summary>
public sealed class FakeHttpHandlerResetTests
{
    private static readonly Uri Health = new("/health", UriKind.Relative);

    [Fact]
    public async Task Reset_RoutesAndResponsesAddedInAStory_AreDroppedAndTheBuiltRoutesServeAsAtBuild()
    {
        FakeHttpHandler http = GrantsApi();
        FakeHttpRoute health = http.On(HttpMethod.Get, "/health").Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.OK);
        await using SymFlowHarness harness = NewHarness(http);
        HttpClient client = Client(harness);
        http.On(HttpMethod.Get, "/extra").Respond(HttpStatusCode.OK);
        health.Respond(HttpStatusCode.InternalServerError);
        http.UnmatchedStatus = HttpStatusCode.NotFound;
        (await client.GetAsync(new Uri("/nowhere", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);

        harness.Reset();

        http.UnmatchedStatus.Should().BeNull();
        Func<Task> extra = () => client.GetAsync(new Uri("/extra", UriKind.Relative));
        await extra.Should().ThrowAsync<InvalidOperationException>().WithMessage("*no route for GET*/extra*");
        (await client.GetAsync(Health)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync(Health)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync(Health)).StatusCode.Should().Be(HttpStatusCode.OK, "the 500 added in the story is gone; the last built response repeats");
    }

    [Fact]
    public async Task Reset_ARouteAddedInAStoryToOverrideABuiltOne_IsDroppedAndTheStrategyGrantsAgain()
    {
        FakeHttpHandler http = GrantsApi();
        await using SymFlowHarness harness = NewHarness(http);
        http.On(HttpMethod.Post, "/grants").Respond(HttpStatusCode.Forbidden);
        HarnessRun refused = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "r");
        await refused.ApproveAsync(Bob);
        refused.State.Should().Be(SymRunState.Errored, "the story's route refused the grant");

        harness.Reset();
        harness.Reset();

        HarnessRun granted = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "r");
        await granted.ApproveAsync(Bob);
        granted.AssertState(SymRunState.Active).AssertNoErrors();
    }

    [Fact]
    public async Task Reset_UntouchedHarness_KeepsEveryBuiltRoute()
    {
        FakeHttpHandler http = GrantsApi();
        http.UnmatchedStatus = HttpStatusCode.Gone;
        await using SymFlowHarness harness = NewHarness(http);

        harness.Reset();

        HttpClient client = Client(harness);
        (await client.PostAsync(new Uri("/grants", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await client.DeleteAsync(new Uri("/grants/a/b", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.GetAsync(new Uri("/nowhere", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Gone, "set before the build");
    }

    private static HttpClient Client(SymFlowHarness harness) =>
        harness.Services.GetRequiredService<IHttpClientFactory>().CreateClient("grants");
}
