using System.Net;
using Microsoft.Extensions.Configuration;
using Sym.Sdk;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Http;
using Sym.Sdk.Testing.Slack;

namespace CustomAccess.Tests;

/// <summary>The custom access flow on the harness, configured from the sample's own appsettings.json, with a fake access API and Slack.</summary>
internal sealed class CustomAccessHarness : IAsyncDisposable
{
    public const string Token = "test-token";

    public static readonly User Alice = FakeEvents.User("alice@healthy-health.co", slackId: "U0ALICE");
    public static readonly User Bob = FakeEvents.User("bob@healthy-health.co", slackId: "U0BOB");
    public static readonly User Mallory = FakeEvents.User("mallory@healthy-health.co", slackId: "U0MAL");

    private CustomAccessHarness(SymFlowHarness harness, FakeHttpHandler api, FakeSlack slack)
    {
        Harness = harness;
        Api = api;
        Slack = slack;
    }

    public SymFlowHarness Harness { get; }

    public FakeHttpHandler Api { get; }

    public FakeSlack Slack { get; }

    public static IConfiguration Configuration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json")
        .AddInMemoryCollection(new Dictionary<string, string?> { ["CustomAccess:ApiToken"] = Token })
        .Build();

    public static CustomAccessHarness Create()
    {
        var api = new FakeHttpHandler();
        api.On(HttpMethod.Post, "/escalate").Respond(HttpStatusCode.OK);
        api.On(HttpMethod.Post, "/deescalate").Respond(HttpStatusCode.OK);
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder();
        var slack = new FakeSlack(builder.Time);
        slack.AddUser("alice", Alice.Email, id: "U0ALICE");
        slack.AddUser("bob", Bob.Email, id: "U0BOB");
        builder.Services.AddCustomAccess(Configuration());
        builder.Use(api).Use(slack);
        return new CustomAccessHarness(builder.Build(), api, slack);
    }

    public IReadOnlyList<string> DmsToAlice => [.. Slack.DirectMessagesTo("U0ALICE").Select(static m => m.Text)];

    public Task<HarnessRun> RequestProdAsync() =>
        Harness.RequestAsync(Alice, target: "prod_db", duration: TimeSpan.FromHours(1), reason: "Investigating INC-4521");

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
