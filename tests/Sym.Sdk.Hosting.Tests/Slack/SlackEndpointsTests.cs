using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Hosting.Internal.Slack;
using Sym.Sdk.Hosting.Tests.Api;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Hosting.Tests.Slack;

public sealed class SlackEndpointsTests
{
    private const string Commands = "/slack/commands";
    private const string Interactions = "/slack/interactions";

    public static TheoryData<string, string> RejectedSignatures() => new()
    {
        { "timestamp missing", "ts:missing" },
        { "timestamp empty", "ts:empty" },
        { "timestamp garbled", "ts:garbled" },
        { "signature missing", "sig:missing" },
        { "signature empty", "sig:empty" },
        { "signature garbled", "sig:garbled" },
        { "stale by 301 s", "ts:stale" },
        { "future by 301 s", "ts:future" },
        { "body changed by one byte", "body:changed" },
        { "wrong version prefix", "sig:v1" },
        { "signature one hex digit short", "sig:short" },
        { "signature one hex digit long", "sig:long" },
        { "upper-case hex", "sig:upper" },
        { "wrong secret", "sig:secret" },
    };

    [Theory]
    [MemberData(nameof(RejectedSignatures))]
    public async Task Commands_BadSignature_Is401AndOpensNothing(string because, string tamper)
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();

        HttpResponseMessage response = await SendTamperedAsync(slack, Commands, slack.Command(), tamper);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, because);
        slack.Slack.Views.Should().BeEmpty();
        slack.Slack.Ephemerals.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(RejectedSignatures))]
    public async Task Interactions_BadSignature_Is401AndCreatesNoRun(string because, string tamper)
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();

        HttpResponseMessage response = await SendTamperedAsync(slack, Interactions, slack.Submission("incident 42"), tamper);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, because);
        (await response.Content.ReadAsStringAsync()).Should().BeEmpty();
        (await slack.RunsAsync()).Should().BeEmpty();
        slack.Slack.Messages.Should().BeEmpty();
        slack.Host.Strategy.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Interactions_BadSignatureOnApprove_LeavesTheRunPending()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();
        (await slack.PostAsync(Interactions, slack.Submission("incident 42"))).StatusCode.Should().Be(HttpStatusCode.OK);
        SymRun run = (await slack.RunsAsync()).Should().ContainSingle().Subject;
        FakeSlackMessage announced = slack.Slack.MessagesIn("C0REQUESTS").Should().ContainSingle().Subject;
        string click = SlackTestHost.Click(slack.Bob.Id, "sym_approve", run.Id, announced.ChannelId, announced.Ts);

        HttpResponseMessage response = await slack.PostAsync(Interactions, click, signature: SlackTestHost.Sign(slack.Now.ToString(CultureInfo.InvariantCulture), click + "x"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await slack.RunsAsync()).Single().State.Should().Be(SymRunState.Pending);
        slack.Slack.UpdatesOf(announced.Ref).Should().BeEmpty();
    }

    [Fact]
    public async Task Commands_SignedAtTheEdgeOfTheWindow_IsAccepted()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();
        string ts = (slack.Now - 300).ToString(CultureInfo.InvariantCulture);

        HttpResponseMessage response = await slack.PostAsync(Commands, slack.Command(), timestamp: ts);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Commands_ValidSlashCommand_AcknowledgesAndOpensTheRequestModal()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();

        HttpResponseMessage response = await slack.PostAsync(Commands, slack.Command());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().BeEmpty("the modal opens after the 3-second answer");
        FakeSlackView view = slack.Slack.Views.Should().ContainSingle().Subject;
        view.TriggerId.Should().Be("trig-1");
        view.View["callback_id"]!.GetValue<string>().Should().Be("sym_request");
        view.View["private_metadata"]!.GetValue<string>().Should().Be("test_access");
        (await slack.RunsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Commands_UnknownFlow_AnswersEphemerallyAtOnce()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();

        HttpResponseMessage response = await slack.PostAsync(Commands, slack.Command("req nope"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        JsonElement json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("response_type").GetString().Should().Be("ephemeral");
        json.GetProperty("text").GetString().Should().Contain("nope");
        slack.Slack.Views.Should().BeEmpty();
    }

    [Fact]
    public async Task Interactions_ValidSubmission_CreatesTheRunThroughTheEngineAndAnnouncesIt()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();

        HttpResponseMessage response = await slack.PostAsync(Interactions, slack.Submission("incident 42"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        SymRun run = (await slack.RunsAsync()).Should().ContainSingle().Subject;
        run.State.Should().Be(SymRunState.Pending);
        run.Flow.Should().Be("test_access");
        run.Requester.Username.Should().Be("alice@example.com");
        run.Target!.Name.Should().Be("prod-db");
        slack.Slack.MessagesIn("C0REQUESTS").Should().ContainSingle();

        JsonElement mine = await slack.Host.Client(TestHost.AliceKey).GetJsonAsync("/api/requests");
        mine.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Equal(run.Id);
    }

    [Fact]
    public async Task Interactions_InvalidSubmission_KeepsTheModalOpenWithErrorsAndCreatesNothing()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();

        HttpResponseMessage response = await slack.PostAsync(Interactions, slack.Submission(reason: null));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonElement json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("response_action").GetString().Should().Be("errors");
        json.GetProperty("errors").TryGetProperty("reason", out _).Should().BeTrue(json.ToString());
        (await slack.RunsAsync()).Should().BeEmpty();
        slack.Slack.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task Interactions_ApproveClick_ApprovesAsTheSlackUserAndUpdatesTheMessage()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();
        (await slack.PostAsync(Interactions, slack.Submission("incident 42"))).StatusCode.Should().Be(HttpStatusCode.OK);
        SymRun run = (await slack.RunsAsync()).Should().ContainSingle().Subject;
        FakeSlackMessage announced = slack.Slack.MessagesIn("C0REQUESTS").Should().ContainSingle().Subject;

        HttpResponseMessage response = await slack.PostAsync(Interactions,
            SlackTestHost.Click(slack.Bob.Id, "sym_approve", run.Id, announced.ChannelId, announced.Ts));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        SymRun after = (await slack.RunsAsync()).Single();
        after.State.Should().Be(SymRunState.Active);
        after.Approvals.Should().ContainSingle().Which.Username.Should().Be("bob@example.com");
        slack.Host.Strategy.Count("escalate", run.Id).Should().Be(1);
        slack.Slack.UpdatesOf(announced.Ref).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Interactions_ApproveClickByTheRequester_ChangesNothing()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();
        (await slack.PostAsync(Interactions, slack.Submission("incident 42"))).StatusCode.Should().Be(HttpStatusCode.OK);
        SymRun run = (await slack.RunsAsync()).Should().ContainSingle().Subject;
        FakeSlackMessage announced = slack.Slack.MessagesIn("C0REQUESTS").Single();

        HttpResponseMessage response = await slack.PostAsync(Interactions,
            SlackTestHost.Click(slack.Alice.Id, "sym_approve", run.Id, announced.ChannelId, announced.Ts));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await slack.RunsAsync()).Single().State.Should().Be(SymRunState.Pending);
        slack.Slack.EphemeralsTo(slack.Alice.Id).Should().ContainSingle();
    }

    [Fact]
    public async Task Interactions_MalformedPayloadSignedCorrectly_Is400AndChangesNothing()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();

        HttpResponseMessage response = await slack.PostAsync(Interactions, "payload=not-json");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await slack.RunsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Interactions_NotUtf8_Is400()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();
        byte[] body = [(byte)'p', 0xC3, 0x28];
        string ts = slack.Now.ToString(CultureInfo.InvariantCulture);
        byte[] signed = [.. Encoding.ASCII.GetBytes($"v0:{ts}:"), .. body];
        string signature = "v0=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(SlackTestHost.SigningSecret), signed));

        HttpResponseMessage response = await slack.PostRawAsync(Interactions, body, ts, signature);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(Commands)]
    [InlineData(Interactions)]
    public async Task Post_OversizedBody_Is413BeforeAnythingElse(string path)
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();
        string body = "payload=" + new string('a', 64 * 1024);

        HttpResponseMessage response = await slack.PostAsync(path, body);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await slack.RunsAsync()).Should().BeEmpty();
        slack.Slack.Views.Should().BeEmpty();
    }

    [Fact]
    public async Task Post_BodyAtTheLimit_IsRead()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync(c => c["Sym:Slack:MaxRequestBodySize"] = "2048");
        string command = slack.Command();
        string body = command + "&pad=" + new string('a', 2048 - command.Length - 5);
        body.Length.Should().Be(2048);

        HttpResponseMessage response = await slack.PostAsync(Commands, body);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        slack.Slack.Views.Should().ContainSingle();
    }

    [Fact]
    public async Task Get_IsNotAllowed()
    {
        await using SlackTestHost slack = await SlackTestHost.StartAsync();

        HttpResponseMessage response = await slack.Host.Client().GetAsync(new Uri(Commands, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task WithoutSlack_EndpointsAre404AndTheApiStillWorks()
    {
        await using TestHost host = await TestHost.StartAsync();

        HttpResponseMessage response = await host.Client().PostAsync(new Uri(Commands, UriKind.Relative), new StringContent("command=%2Fsym"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await host.Client().GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        await host.Client(TestHost.AliceKey).CreateRequestAsync();
    }

    [Theory]
    [InlineData("Sym:Slack:BotToken", "Sym:Slack:SigningSecret is required when Sym:Slack:BotToken is set")]
    [InlineData("Sym:Slack:SigningSecret", "Sym:Slack:BotToken is required when Sym:Slack:SigningSecret is set")]
    public async Task Startup_HalfConfiguredSlack_FailsNamingTheMissingSetting(string onlySetting, string message)
    {
        Func<Task> start = async () => await (await TestHost.StartAsync(c => c[onlySetting] = "value")).DisposeAsync();

        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).Which.Message.Should().Contain(message);
    }

    private static Task<HttpResponseMessage> SendTamperedAsync(SlackTestHost slack, string path, string body, string tamper)
    {
        string now = slack.Now.ToString(CultureInfo.InvariantCulture);
        string valid = SlackTestHost.Sign(now, body);
        return tamper switch
        {
            "ts:missing" => slack.PostAsync(path, body, timestamp: null, signature: valid),
            "ts:empty" => slack.PostRawAsync(path, Encoding.UTF8.GetBytes(body), string.Empty, valid),
            "ts:garbled" => slack.PostAsync(path, body, timestamp: "12x45", signature: SlackTestHost.Sign("12x45", body)),
            "sig:missing" => slack.PostAsync(path, body, signature: null),
            "sig:empty" => slack.PostRawAsync(path, Encoding.UTF8.GetBytes(body), now, string.Empty),
            "sig:garbled" => slack.PostAsync(path, body, signature: "v0=" + new string('z', 64)),
            "ts:stale" => StaleOrFutureAsync(slack, path, body, -301),
            "ts:future" => StaleOrFutureAsync(slack, path, body, 301),
            "body:changed" => slack.PostAsync(path, body[..^1] + (body[^1] == 'a' ? 'b' : 'a'), signature: valid),
            "sig:v1" => slack.PostAsync(path, body, signature: "v1=" + valid[3..]),
            "sig:short" => slack.PostAsync(path, body, signature: valid[..^1]),
            "sig:long" => slack.PostAsync(path, body, signature: valid + "0"),
            "sig:upper" => slack.PostAsync(path, body, signature: "v0=" + valid[3..].ToUpperInvariant()),
            "sig:secret" => slack.PostAsync(path, body, signature: SlackTestHost.Sign(now, body, "another-secret")),
            _ => throw new ArgumentOutOfRangeException(nameof(tamper), tamper, null),
        };
    }

    private static Task<HttpResponseMessage> StaleOrFutureAsync(SlackTestHost slack, string path, string body, int offset)
    {
        string ts = (slack.Now + offset).ToString(CultureInfo.InvariantCulture);
        return slack.PostAsync(path, body, timestamp: ts, signature: SlackTestHost.Sign(ts, body));
    }
}
