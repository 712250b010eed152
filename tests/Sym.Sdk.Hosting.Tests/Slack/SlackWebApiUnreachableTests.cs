using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Hosting.Tests.Api;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Slack;

/// <summary>
/// The host with Slack configured while Slack's Web API is unreachable, through the real <c>SlackClient</c> as a
/// deployment sees it: answers never wait on Slack, announcements wait in the outbox and are retried (the request stays
/// pending), a submission is acknowledged and kept until Slack answers again, and every error names destinations in words.
/// </summary>
public sealed partial class SlackWebApiUnreachableTests
{
    private const string Interactions = "/slack/interactions";
    private const string CreateBody = """{"flow":"test_access","target":"prod-db","duration":"1h","reason":"Incident 42"}""";

    /// <summary>A safety net for a call that would wait on Slack (it fails the test instead of hanging it); not a timing assertion.</summary>
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PostRequest_SlackRefusesConnections_AnswersPendingAndRetriesTheAnnouncementWithoutExpiringTheRequest()
    {
        int port = UnusedLoopbackPort();
        await using SlackTestHost slack = await SlackTestHost.StartAsync(c =>
        {
            c["Sym:Slack:BaseAddress"] = $"http://127.0.0.1:{port}/api/"; // nobody listens: every connection is refused
            c["Sym:Slack:MaxRetries"] = "0"; // each delivery attempt fails at once, as the last of a deployment's retries does
        }, webApi: _ => { });
        TestHost host = slack.Host;

        HttpResponseMessage response = await host.Client(TestHost.AliceKey).PostJsonAsync("/api/requests", CreateBody).WaitAsync(Hung);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        JsonElement created = await response.JsonAsync();
        created.GetProperty("status").GetString().Should().Be("applied");
        created.GetProperty("run").GetProperty("state").GetString().Should().Be("pending");
        string runId = created.GetProperty("run").GetProperty("id").GetString()!;

        // Three attempts over ten minutes, each refused: retried with backoff, never forwarded or expired.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            await slack.SettleAsync();
            host.Time.Advance(TimeSpan.FromMinutes(5));
        }

        await slack.SettleAsync();
        SymOutboxMessage announcement = (await host.App.Services.GetRequiredService<ISymOutbox>().GetPendingMessagesAsync(runId))
            .Should().ContainSingle(m => m.Kind == SymNotificationKind.Announce).Subject;
        announcement.Attempts.Should().BeGreaterThanOrEqualTo(3);
        announcement.LastError.Should().Contain("Slack:NETWORK_ERROR").And.Contain("could not be reached");
        JsonElement run = await host.Client(TestHost.AliceKey).GetJsonAsync($"/api/requests/{runId}");
        run.GetProperty("state").GetString().Should().Be("pending");
        run.GetProperty("errors").GetArrayLength().Should().Be(0, "a delivery that may pass is retried, not reported as failed");
    }

    [Fact]
    public async Task PostRequest_SlackHangs_IsAnsweredWhileTheAnnouncementStillWaitsOnSlack()
    {
        var webApi = new SlackWebApi().Hold();
        await using SlackTestHost slack = await SlackTestHost.StartAsync(OneAttempt, webApi: b => b.ConfigurePrimaryHttpMessageHandler(() => webApi));
        try
        {
            HttpResponseMessage response = await slack.Host.Client(TestHost.AliceKey).PostJsonAsync("/api/requests", CreateBody).WaitAsync(Hung);
            await webApi.Held.WaitAsync(Hung); // the dispatcher is calling Slack for the announcement, after the commit

            response.StatusCode.Should().Be(HttpStatusCode.Created);
            (await response.JsonAsync()).GetProperty("run").GetProperty("state").GetString().Should().Be("pending");
            webApi.IsHolding.Should().BeTrue("the answer came while Slack still had not answered");
            webApi.Calls.Select(static c => c.Method).Should().Equal("conversations.list");
        }
        finally
        {
            webApi.Release();
        }
    }

    [Fact]
    public async Task ViewSubmission_SlackHangs_IsAcknowledgedWithoutWaitingAndRequestedOnceSlackAnswers()
    {
        var webApi = new SlackWebApi().Hold();
        await using SlackTestHost slack = await SlackTestHost.StartAsync(c =>
        {
            OneAttempt(c);
            c["Sym:Slack:InboxLease"] = "00:00:10";
            c["Sym:Slack:InboxPollInterval"] = "00:05:00"; // the test recovers the delivery itself, not the host's loop
        }, webApi: b => b.ConfigurePrimaryHttpMessageHandler(() => webApi));
        try
        {
            HttpResponseMessage response = await slack.PostAsync(Interactions, slack.Submission("incident 42"), settle: false).WaitAsync(Hung);
            await webApi.Held.WaitAsync(Hung); // looking the submitter up, after the acknowledgement

            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).Should().BeEmpty("an empty 200 closes the modal");
            webApi.IsHolding.Should().BeTrue("the acknowledgement came while Slack still had not answered");
            webApi.Calls.Select(static c => c.Method).Should().Equal("users.info");
        }
        finally
        {
            webApi.Release(); // the lookup now fails to connect: a failure that may pass, so the delivery is kept for a retry
        }

        await slack.SettleAsync();
        (await slack.RunsAsync()).Should().BeEmpty();

        // Slack answers again: the recovery processes the kept submission, and the request is made.
        webApi.Answer("users.info", static _ => AliceJson);
        slack.Host.Time.Advance(TimeSpan.FromSeconds(11)); // past the delivery's claim (Sym:Slack:InboxLease)
        (await slack.RecoverAsync()).Should().Be(1);

        SymRun run = (await slack.RunsAsync()).Should().ContainSingle().Subject;
        run.State.Should().Be(SymRunState.Pending);
        run.Requester.Username.Should().Be("alice@example.com");
    }

    [Fact]
    public async Task Announce_SlackRefusesTheChannelForGood_ErrorsNameTheDestinationInWordsAndNoTextDumpsARecord()
    {
        var logs = new ListLoggerProvider();
        SlackWebApi webApi = new SlackWebApi()
            .Answer("conversations.list", static _ => """{"ok":true,"channels":[{"id":"C0ERRORS","name":"sym-errors"}],"response_metadata":{"next_cursor":""}}""")
            .Answer("chat.postMessage", static _ => """{"ok":true,"channel":"C0ERRORS","ts":"1767000000.000100"}""")
            .Answer("users.lookupByEmail", static _ => AliceJson)
            .Answer("conversations.open", static _ => """{"ok":true,"channel":{"id":"D0ALICE"}}""");
        await using SlackTestHost slack = await SlackTestHost.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs),
            webApi: b => b.ConfigurePrimaryHttpMessageHandler(() => webApi));

        string runId = await slack.Host.Client(TestHost.AliceKey).CreateRequestAsync();
        await slack.SettleAsync();

        // The run: the request could not be announced anywhere, so it expired, and its error says where it went.
        JsonElement run = await slack.Host.Client(TestHost.AliceKey).GetJsonAsync($"/api/requests/{runId}");
        run.GetProperty("state").GetString().Should().Be("expired");
        string error = run.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("code").GetString() == SymErrorCodes.DeliveryFailed)
            .GetProperty("message").GetString()!;
        error.Should().StartWith("The request could not be delivered to #sym-requests: Slack:NAME_NOT_FOUND");

        // The error channel's report, as posted to Slack.
        string report = webApi.Calls.Where(static c => c.Method == "chat.postMessage" && c.Body.Contains("C0ERRORS", StringComparison.Ordinal))
            .Select(static c => c.Body).Should().ContainSingle().Subject;
        report.Should().Contain("could not be delivered to #sym-requests");

        // And the logs: the refusal names the destination; nothing anywhere prints a record.
        logs.Lines.Should().Contain(l => l.Contains($"Slack refused 'announce' for run {runId} at #sym-requests", StringComparison.Ordinal));
        string[] texts = [error, report, .. logs.Lines];
        texts.Should().NotContain(t => RecordDump().IsMatch(t));
    }

    /// <summary>Slack calls are not retried by the client: a call released from a hold fails at once (rather than wait out retry delays on the test's clock).</summary>
    private static void OneAttempt(Dictionary<string, string?> configuration) => configuration["Sym:Slack:MaxRetries"] = "0";

    /// <summary>What a record's generated ToString prints: <c>SlackChannelName { AllowSelf = True, Timeout = , … }</c>.</summary>
    [GeneratedRegex(@"\b[A-Z]\w* \{ \w+ = ")]
    private static partial Regex RecordDump();

    private const string AliceJson = """
        {"ok":true,"user":{"id":"U0ALICE","team_id":"T0FAKE","name":"alice","real_name":"Alice","is_bot":false,"is_restricted":false,
         "profile":{"email":"alice@example.com","display_name":"Alice"}}}
        """;

    /// <summary>A loopback port nobody listens on (it was free a moment ago): a connection to it is refused.</summary>
    private static int UnusedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
