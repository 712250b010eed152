using System.Net;
using Microsoft.Extensions.Configuration;
using Sym.Sdk;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Http;
using Sym.Sdk.Testing.Slack;

namespace CustomAccess;

/// <summary>
/// The scripted story <c>dotnet run</c> plays on the offline harness: Alice asks for an hour on the production database,
/// Mallory (not an approver) tries to approve, Bob approves, the access API grants it, and an hour later the engine
/// revokes it on its own. Then Alice asks for the billing console while the API is down: the grant fails, is reported and
/// compensated.
/// </summary>
public static class QuickstartStory
{
    /// <summary>The requester.</summary>
    public static readonly User Alice = new() { Username = "alice@healthy-health.co", FirstName = "Alice", LastName = "Ng" };

    /// <summary>An approver listed in the <c>approvers</c> flow var.</summary>
    public static readonly User Bob = new() { Username = "bob@healthy-health.co", FirstName = "Bob", LastName = "Ortiz" };

    /// <summary>Someone who is not an approver.</summary>
    public static readonly User Mallory = new() { Username = "mallory@healthy-health.co", FirstName = "Mallory", LastName = "Reyes" };

    /// <summary>Plays the story and returns the harness, to print or inspect.</summary>
    /// <param name="configuration">The app's configuration (the flow definition and the API settings).</param>
    /// <returns>The harness after the story.</returns>
    public static async Task<(SymFlowHarness Harness, FakeSlack Slack, FakeHttpHandler Api)> PlayAsync(IConfiguration configuration)
    {
        var api = new FakeHttpHandler();
        api.On(HttpMethod.Post, "/escalate").Respond(HttpStatusCode.OK);
        api.On(HttpMethod.Post, "/deescalate").Respond(HttpStatusCode.OK);
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder();
        var slack = new FakeSlack(builder.Time);
        slack.AddUser("alice", Alice.Email, id: "U0ALICE");
        slack.AddUser("bob", Bob.Email, id: "U0BOB");
        builder.Services.AddCustomAccess(configuration);
        builder.Use(api).Use(slack);
        SymFlowHarness harness = builder.Build();

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod_db", duration: TimeSpan.FromHours(1), reason: "Investigating INC-4521");
        await harness.AdvanceAsync(TimeSpan.FromMinutes(3));
        await run.ApproveAsync(Mallory);
        await harness.AdvanceAsync(TimeSpan.FromMinutes(2));
        await run.ApproveAsync(Bob, "On call");
        await harness.AdvanceAsync(TimeSpan.FromHours(1));

        api.On(HttpMethod.Post, "/escalate").Respond(HttpStatusCode.ServiceUnavailable);
        HarnessRun failing = await harness.RequestAsync(Alice, target: "billing_admin", duration: TimeSpan.FromMinutes(30), reason: "Refund for ACME");
        await failing.ApproveAsync(Bob);
        return (harness, slack, api);
    }
}
