using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.Http;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Harness;

/// <summary>What <see cref="SymFlowHarness.Reset"/> does to fault injection and to the fakes' records.</summary>
public class SymFlowHarnessResetTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task Reset_AfterFaultsFired_FiredAndCallCountersStartFromNothing()
    {
        FakeHttpHandler http = GrantsApi();
        var own = new OwnFake();
        await using SymFlowHarness harness = NewHarness(http, b => b.Use(own));
        http.Faults.FailNext(1, "POST /grants");
        harness.NotifierFaults.FailNext(1, "notify.announce", ChannelGone);
        own.Faults.FailNext(1);
        _ = own.Faults.Check("own.op");
        HarnessRun undelivered = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        HarnessRun failed = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await failed.ApproveAsync(Bob);
        undelivered.State.Should().Be(SymRunState.Expired);
        failed.State.Should().Be(SymRunState.Errored);
        http.Faults.Fired.Should().ContainSingle();
        harness.NotifierFaults.Fired.Should().ContainSingle();
        own.Faults.Fired.Should().ContainSingle();

        harness.Reset();

        http.Faults.Fired.Should().BeEmpty();
        http.Faults.Calls.Should().Be(0);
        harness.NotifierFaults.Fired.Should().BeEmpty();
        harness.NotifierFaults.Calls.Should().Be(0);
        own.Faults.Fired.Should().BeEmpty();
        own.Faults.Calls.Should().Be(0);
        HarnessRun next = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await next.ApproveAsync(Bob);
        http.Faults.Calls.Should().Be(1, "the counter restarted at the reset");
        harness.FiredFaults.Should().BeEmpty();
        next.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Reset_FailNextArmedInAStoryThatNeverFired_DoesNotFireInTheNext()
    {
        FakeHttpHandler http = GrantsApi();
        await using SymFlowHarness harness = NewHarness(http);
        HarnessRun first = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await first.ApproveAsync(Bob);
        http.Faults.FailNext(1, "DELETE /grants");
        harness.NotifierFaults.FailNext(1, "notify.announce", ChannelGone);
        harness.FiredFaults.Should().BeEmpty("the first story ends before the armed faults had a call to fail");

        harness.Reset();

        HarnessRun next = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await next.ApproveAsync(Bob);
        await harness.AdvanceAsync(TimeSpan.FromHours(2));
        next.AssertState(SymRunState.Ended).AssertNoErrors();
        harness.FiredFaults.Should().BeEmpty();
        http.Faults.Fired.Should().BeEmpty();
        harness.NotifierFaults.Fired.Should().BeEmpty();
    }

    [Fact]
    public async Task Reset_FailNextArmedAtBuild_FiresAgainInTheNextStory()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi(), b => b.NotifierFaults.FailNext(1, "notify.announce", ChannelGone));
        HarnessRun first = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        first.State.Should().Be(SymRunState.Expired);
        string story = harness.GetTranscript();

        harness.Reset();
        HarnessRun second = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");

        second.State.Should().Be(SymRunState.Expired, "the harness was built to fail the first announcement of a story");
        harness.NotifierFaults.Fired.Should().Equal(new FaultRecord("notify.announce", 1));
        harness.GetTranscript().Should().Be(story);
    }

    [Fact]
    public async Task Reset_FailRandomlyArmedAtBuild_TheNextStoryFiresTheSameFaultsAsOnAFreshHarness()
    {
        (string transcript, IReadOnlyList<FaultRecord> fired) fresh;
        await using (SymFlowHarness harness = NewHarness(RandomlyFailing(out FakeHttpHandler http)))
        {
            await StoryAsync(harness);
            fresh = (harness.GetTranscript(), http.Faults.Fired);
        }

        await using SymFlowHarness reused = NewHarness(RandomlyFailing(out FakeHttpHandler reusedHttp));
        await StoryAsync(reused);
        reused.Reset();
        await StoryAsync(reused);

        fresh.fired.Should().NotBeEmpty("a 40% failure rate over the story's calls fires some faults");
        reusedHttp.Faults.Fired.Should().Equal(fresh.fired);
        reused.GetTranscript().Should().Be(fresh.transcript);
    }

    [Fact]
    public async Task Reset_FakeHttpHandler_ForgetsRequestsAndServesRoutesFromTheFirstResponseAgain()
    {
        FakeHttpHandler http = GrantsApi();
        FakeHttpRoute health = http.On(HttpMethod.Get, "/health").Respond(System.Net.HttpStatusCode.ServiceUnavailable).Respond(System.Net.HttpStatusCode.OK);
        await using SymFlowHarness harness = NewHarness(http);
        HttpClient client = harness.Services.GetRequiredService<IHttpClientFactory>().CreateClient("grants");
        (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.Should().Be(System.Net.HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);

        harness.Reset();

        http.Requests.Should().BeEmpty();
        health.Hits.Should().Be(0);
        (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.Should().Be(System.Net.HttpStatusCode.ServiceUnavailable, "the route is the test's; its sequence starts over");
        http.Requests.Should().ContainSingle().Which.Uri.AbsolutePath.Should().Be("/health");
    }

    [Fact]
    public async Task Reset_AFakeOfYourOwnThatIsStoryScoped_IsMarkedAtBuildAndRestartedOnEachReset()
    {
        var tickets = new FakeTickets();
        tickets.Open("INC-1"); // seeded before the build: every story starts with it
        await using SymFlowHarness harness = NewHarness(GrantsApi(), b => b.Use(tickets));
        tickets.Marks.Should().Be(1);
        tickets.Open("INC-2"); // a story's own

        harness.Reset();
        harness.Reset();

        tickets.Restarts.Should().Be(2);
        tickets.Marks.Should().Be(1, "the harness marks the start once, at build");
        tickets.OpenTickets.Should().Equal("INC-1");
    }

    private static FakeHttpHandler RandomlyFailing(out FakeHttpHandler http)
    {
        http = GrantsApi();
        http.Faults.FailRandomly(0.4, seed: 3);
        return http;
    }

    /// <summary>Four requests, approved and left to expire; failed deescalates are retried by the engine.</summary>
    private static async Task StoryAsync(SymFlowHarness harness)
    {
        for (int i = 0; i < 4; i++)
        {
            HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: $"story {i}");
            await run.ApproveAsync(Bob);
            await harness.AdvanceAsync(TimeSpan.FromHours(2));
        }
    }

    /// <summary>A user's own fake that takes part in Reset, as the README's example shows.</summary>
    private sealed class FakeTickets : IStoryScopedFake
    {
        private readonly List<string> _open = [];
        private string[] _openAtStart = [];

        public FaultInjector Faults { get; } = new();

        public int Marks { get; private set; }

        public int Restarts { get; private set; }

        public IReadOnlyList<string> OpenTickets => _open;

        public void Open(string id) => _open.Add(id);

        public void AddTo(IServiceCollection services) => services.AddSingleton(this);

        public void MarkStart()
        {
            Marks++;
            _openAtStart = [.. _open];
        }

        public void Restart()
        {
            Restarts++;
            _open.Clear();
            _open.AddRange(_openAtStart);
        }
    }

    private sealed class OwnFake : ISymFake
    {
        public FaultInjector Faults { get; } = new();

        public void AddTo(IServiceCollection services)
        {
        }
    }
}
