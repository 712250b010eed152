using System.Net;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Http;
using Sym.Sdk.Testing.Slack;

namespace CustomAccess.Tests;

/// <summary>
/// The quickstart's flow, crashed before and after every store write of its stories and recovered on a fresh engine:
/// what a team adopting the SDK writes to check its own flow keeps "access never outlives its expiry".
/// </summary>
public class CrashSafetyTests
{
    public static TheoryData<string> Stories => ["expiry", "revoke", "an outsider approves (ignored), then an approver", "grant fails"];

    [Theory]
    [MemberData(nameof(Stories))]
    public async Task CustomAccess_CrashAtAnyWrite_AccessNeverOutlivesItsExpiry(string story)
    {
        SymCrashReport report = await SymCrashTest.RunAsync(story, Setup(failGrant: story == "grant fails"), async harness =>
        {
            HarnessRun run = await harness.RequestAsync(CustomAccessHarness.Alice, target: "prod_db", duration: TimeSpan.FromHours(1),
                reason: "Investigating INC-4521");
            switch (story)
            {
                case "revoke":
                    await run.ApproveAsync(CustomAccessHarness.Bob);
                    await harness.AdvanceAsync(TimeSpan.FromMinutes(20));
                    await run.RevokeAsync(CustomAccessHarness.Bob, "incident closed");
                    break;
                case "an outsider approves (ignored), then an approver":
                    await run.ApproveAsync(CustomAccessHarness.Mallory);
                    await run.ApproveAsync(CustomAccessHarness.Bob);
                    await harness.AdvanceAsync(TimeSpan.FromHours(1));
                    break;
                default:
                    await run.ApproveAsync(CustomAccessHarness.Bob);
                    await harness.AdvanceAsync(TimeSpan.FromHours(1));
                    break;
            }
        });

        report.AssertNoViolations();
        report.CrashPoints.Should().BeGreaterThan(10);
    }

    /// <summary>The sample's own registration; the access API and the Slack workspace are the world, shared by both processes.</summary>
    private static Action<SymFlowHarnessBuilder, SymCrashScenario> Setup(bool failGrant) => (builder, scenario) =>
    {
        FakeHttpHandler api = scenario.Shared(() =>
        {
            var fake = new FakeHttpHandler();
            fake.On(HttpMethod.Post, "/escalate").Respond(failGrant ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK);
            fake.On(HttpMethod.Post, "/deescalate").Respond(HttpStatusCode.OK);
            return fake;
        });
        FakeSlack slack = scenario.Shared(() =>
        {
            var fake = new FakeSlack(builder.Time);
            fake.AddUser("alice", CustomAccessHarness.Alice.Email, id: "U0ALICE");
            fake.AddUser("bob", CustomAccessHarness.Bob.Email, id: "U0BOB");
            return fake;
        });
        builder.Services.AddCustomAccess(CustomAccessHarness.Configuration());
        builder.Use(api).Use(slack);
    };
}
