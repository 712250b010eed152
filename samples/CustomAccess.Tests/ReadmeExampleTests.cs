// The root README.md shows this test (from "using" to the end) as the harness's example: keep the two identical.
using System.Net;
using CustomAccess;
using Microsoft.Extensions.Configuration;
using Snapshooter.Xunit;
using Sym.Sdk;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Http;
using Sym.Sdk.Testing.Slack;

namespace CustomAccess.Tests;

public class ReadmeExampleTests
{
    [Fact]
    public async Task Approved_access_is_revoked_when_it_expires()
    {
        // The access API, faked at the HTTP handler; a Slack workspace with the requester in it.
        var api = new FakeHttpHandler();
        api.On(HttpMethod.Post, "/escalate").Respond(HttpStatusCode.OK);
        api.On(HttpMethod.Post, "/deescalate").Respond(HttpStatusCode.OK);
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder();
        var slack = new FakeSlack(builder.Time);
        slack.AddUser("alice", "alice@healthy-health.co", id: "U0ALICE");

        // The same registration the host uses, over the sample's appsettings.json; the fakes replace the real clients.
        IConfiguration configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json")
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CustomAccess:ApiToken"] = "test-token" })
            .Build();
        builder.Services.AddCustomAccess(configuration);
        builder.Use(api).Use(slack);
        await using SymFlowHarness harness = builder.Build();

        // The story: Alice asks, Bob approves, an hour passes on the virtual clock.
        User alice = FakeEvents.User("alice@healthy-health.co", slackId: "U0ALICE");
        User bob = FakeEvents.User("bob@healthy-health.co");
        HarnessRun run = await harness.RequestAsync(alice, target: "prod_db", duration: TimeSpan.FromHours(1), reason: "INC-4521");
        await run.ApproveAsync(bob);
        run.AssertState(SymRunState.Active);

        await harness.AdvanceAsync(TimeSpan.FromHours(1));

        run.AssertState(SymRunState.Ended).AssertStrategyCalls("deescalate", 1).AssertNoErrors();
        api.RequestsTo(HttpMethod.Post, "/deescalate").Should().ContainSingle();
        slack.DirectMessagesTo("U0ALICE").Select(m => m.Text).Should().Equal("Access to prod-db granted!", "Access to prod-db revoked!");
        Snapshot.Match(harness.GetTranscript());
    }
}
