using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Hosting.TestApp;

/// <summary>
/// The in-process Slack workspace the host talks to when <c>Sym:Slack</c> is configured: a <see cref="FakeSlack"/> with
/// the API's users (the requester <c>U0ALICE</c>, the approver <c>U0BOB</c>, mapped by email to the API keys' users) and
/// the flow's request and error channels. It lives and dies with the process: what a killed host posted is gone, which
/// only matters to the messages, never to the runs.
/// </summary>
internal static class TestAppSlack
{
    public const string RequesterId = "U0ALICE";
    public const string ApproverId = "U0BOB";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Sym:Slack:BotToken"]) && !string.IsNullOrWhiteSpace(configuration["Sym:Slack:SigningSecret"]);

    public static FakeSlack Create()
    {
        var slack = new FakeSlack();
        slack.AddUser("alice", "alice@example.com", id: RequesterId);
        slack.AddUser("bob", "bob@example.com", id: ApproverId);
        slack.AddChannel("sym-requests", id: "C0REQUESTS", members: [RequesterId, ApproverId]);
        slack.AddChannel("sym-errors", id: "C0ERRORS", members: [ApproverId]);
        return slack;
    }
}
