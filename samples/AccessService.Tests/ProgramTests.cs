using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sym.Sdk.Testing.Slack;

namespace AccessService.Tests;

/// <summary>The sample host over HTTP: who may decide and see, what it answers, how it starts.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task Deny_ByAMemberWhoIsNotAnApprover_Is403AndTheRequestStaysPending()
    {
        await using var host = new AccessServiceFactory();
        string id = await host.Client(AccessServiceFactory.AliceKey).RequestProdAsync();

        HttpResponseMessage response = await host.Client(AccessServiceFactory.MalloryKey).PostJsonAsync($"/api/requests/{id}/deny", """{"reason":"nope"}""");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).GetProperty("detail").GetString().Should().Be("You are not allowed to deny this request.");
        (await host.Client(AccessServiceFactory.AliceKey).StateAsync(id)).Should().Be("pending");
    }

    [Fact]
    public async Task Deny_ByTheRequesterWhoIsNotAnApprover_Is403()
    {
        await using var host = new AccessServiceFactory();
        HttpClient alice = host.Client(AccessServiceFactory.AliceKey);
        string id = await alice.RequestProdAsync();

        HttpResponseMessage response = await alice.PostAsync(new Uri($"/api/requests/{id}/deny", UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await alice.StateAsync(id)).Should().Be("pending");
    }

    [Fact]
    public async Task ApproveAndDeny_ByAListedApprover_TakeEffect()
    {
        await using var host = new AccessServiceFactory();
        HttpClient alice = host.Client(AccessServiceFactory.AliceKey);
        HttpClient bob = host.Client(AccessServiceFactory.BobKey);
        string granted = await alice.RequestProdAsync();
        string refused = await alice.RequestProdAsync();

        HttpResponseMessage approved = await bob.PostAsync(new Uri($"/api/requests/{granted}/approve", UriKind.Relative), null);
        HttpResponseMessage denied = await bob.PostJsonAsync($"/api/requests/{refused}/deny", """{"reason":"one grant is enough"}""");

        approved.StatusCode.Should().Be(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        (await alice.StateAsync(granted)).Should().Be("active", "the demo access API took the grant");
        denied.StatusCode.Should().Be(HttpStatusCode.OK);
        (await alice.StateAsync(refused)).Should().Be("denied");
    }

    [Fact]
    public async Task SlackDenyClick_ByAMemberWhoIsNotAnApprover_ChangesNothingAndTellsOnlyThem()
    {
        await using var host = new AccessServiceFactory(slack: true);
        FakeSlack slack = host.Slack!;
        string id = await host.Client(AccessServiceFactory.AliceKey).RequestProdAsync();
        for (int i = 0; i < 500 && slack.MessagesIn("C0REQUESTS").Count == 0; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System); // announced by the outbox dispatcher, after the commit
        }

        FakeSlackMessage announced = slack.MessagesIn("C0REQUESTS").Should().ContainSingle().Subject;

        HttpResponseMessage response = await host.PostSlackAsync("/slack/interactions", Click("U0MAL", "sym_deny", id, announced));
        for (int i = 0; i < 500 && slack.EphemeralsTo("U0MAL").Count == 0; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System); // the click's work runs on the host's background queue
        }

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        slack.EphemeralsTo("U0MAL").Should().ContainSingle().Which.Text.Should().Contain("You are not allowed to deny this request.");
        (await host.Client(AccessServiceFactory.BobKey).StateAsync(id)).Should().Be("pending");
        slack.UpdatesOf(announced.Ref).Should().BeEmpty("the request message still offers Approve and Deny");
    }

    [Fact]
    public async Task PendingRequest_IsVisibleToItsRequesterApproversAndAdminsOnly()
    {
        await using var host = new AccessServiceFactory();
        HttpClient alice = host.Client(AccessServiceFactory.AliceKey);
        HttpClient mallory = host.Client(AccessServiceFactory.MalloryKey);
        string id = await alice.RequestProdAsync();

        HttpResponseMessage read = await mallory.GetAsync(new Uri($"/api/requests/{id}", UriKind.Relative));
        HttpResponseMessage audit = await mallory.GetAsync(new Uri($"/api/requests/{id}/audit", UriKind.Relative));
        JsonElement mallorys = await mallory.GetJsonAsync("/api/approvals");
        JsonElement alices = await alice.GetJsonAsync("/api/approvals");
        JsonElement bobs = await host.Client(AccessServiceFactory.BobKey).GetJsonAsync("/api/approvals");
        JsonElement roots = await host.Client(AccessServiceFactory.RootKey).GetJsonAsync("/api/approvals");

        read.StatusCode.Should().Be(HttpStatusCode.NotFound, "a run one may not view reads as missing, so its id reveals nothing");
        audit.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await read.Content.ReadAsStringAsync()).Should().NotContain("incident 42");
        mallorys.GetProperty("runs").GetArrayLength().Should().Be(0, "mallory may not decide it");
        alices.GetProperty("runs").GetArrayLength().Should().Be(0, "alice may not decide her own request");
        bobs.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Equal(id);
        roots.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Equal(id);
        (await host.Client(AccessServiceFactory.BobKey).GetJsonAsync($"/api/requests/{id}/audit")).GetProperty("entries").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Cancel_AnActiveRunByAnOutsider_Is403NotAStateAnswer()
    {
        await using var host = new AccessServiceFactory();
        string id = await host.Client(AccessServiceFactory.AliceKey).RequestProdAsync();
        (await host.Client(AccessServiceFactory.BobKey).PostAsync(new Uri($"/api/requests/{id}/approve", UriKind.Relative), null)).EnsureSuccessStatusCode();

        HttpResponseMessage response = await host.Client(AccessServiceFactory.MalloryKey).PostAsync(new Uri($"/api/requests/{id}/cancel", UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("approved");
    }

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("\\u001b[31m")]
    [InlineData("\\r\\n")]
    public async Task Request_ControlCharactersInTheReason_Is400AndStoresNothing(string escaped)
    {
        await using var host = new AccessServiceFactory();
        HttpClient alice = host.Client(AccessServiceFactory.AliceKey);

        HttpResponseMessage response = await alice.PostJsonAsync("/api/requests",
            $$"""{"flow":"custom_access","target":"prod_db","duration":"1h","reason":"incident{{escaped}}42"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").GetProperty("reason")[0].GetString().Should().StartWith("Why do you need access? may not contain control characters");
        (await alice.GetJsonAsync("/api/requests")).GetProperty("runs").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Request_TenMegabyteReason_Is413AndStoresNothing()
    {
        await using var host = new AccessServiceFactory();
        HttpClient alice = host.Client(AccessServiceFactory.AliceKey);

        HttpResponseMessage response = await alice.PostJsonAsync("/api/requests",
            $$"""{"flow":"custom_access","target":"prod_db","duration":"1h","reason":"{{new string('x', 10 * 1024 * 1024)}}"}""");

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await alice.GetJsonAsync("/api/requests")).GetProperty("runs").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Start_SymSlackBotTokenWithoutSigningSecret_FailsNamingTheMissingSetting()
    {
        (int exitCode, string output) = await AccessServiceProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["Sym__Slack__BotToken"] = "xoxb-half-configured",
        });

        exitCode.Should().NotBe(0, output);
        output.Should().Contain("Sym:Slack:SigningSecret is required when Sym:Slack:BotToken is set").And.NotContain("AggregateException");
        output.Should().NotContain("xoxb-half-configured", "a token is never written to the log");
    }

    [Theory]
    [InlineData("access-api/")]
    [InlineData("/demo-access-api/")]
    [InlineData("ftp://access-api.example.com/")]
    [InlineData("https://access-api.example.com/v1")]
    [InlineData("not a url")]
    public async Task Start_ApiBaseAddressNotAnAbsoluteHttpUrlEndingInSlash_FailsNamingTheSetting(string address)
    {
        (int exitCode, string output) = await AccessServiceProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["CustomAccess__ApiBaseAddress"] = address,
        });

        exitCode.Should().NotBe(0, output);
        output.Should().Contain("CustomAccess:ApiBaseAddress must be an absolute http or https URL ending in '/'").And.Contain($"it is '{address}'");
    }

    [Fact]
    public async Task Health_OnAFreshHost_IsHealthyWithTheStoreAndTheSchedulerChecked()
    {
        await using var host = new AccessServiceFactory();

        JsonElement health = await host.Client().GetJsonAsync("/health");

        health.GetProperty("status").GetString().Should().Be("Healthy");
        health.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("sym-store", "sym-scheduler");
    }

    [Theory]
    [InlineData("GET", "/api/nope", 404)]
    [InlineData("GET", "/api/requests/r1/approve", 405)]
    [InlineData("GET", "/nope", 404)]
    [InlineData("PUT", "/api/requests", 405)]
    public async Task Kestrel_UnknownPathOrMethod_AnswersProblemJson(string method, string path, int status)
    {
        await using var host = new AccessServiceFactory(kestrel: true);

        HttpResponseMessage response = await host.Client(AccessServiceFactory.AliceKey).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        ((int)response.StatusCode).Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.JsonAsync()).GetProperty("status").GetInt32().Should().Be(status);
    }

    [Fact]
    public async Task Kestrel_UrlLongerThanKestrelsDefaultLineLimit_Is414ProblemJsonFromTheApi()
    {
        await using var host = new AccessServiceFactory(kestrel: true);

        HttpResponseMessage response = await host.Client(AccessServiceFactory.AliceKey)
            .GetAsync(new Uri("/api/requests?state=" + new string('a', 10 * 1024), UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.RequestUriTooLong);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.JsonAsync()).GetProperty("code").GetString().Should().Be("SymApi:URL_TOO_LONG");
    }

    [Fact]
    public async Task Kestrel_ThirtyOneMegabyteBodyInDevelopment_Is413ProblemWithoutTheCallersHeaders()
    {
        await using var host = new AccessServiceFactory(kestrel: true);

        // Headers announcing 31 MB, and a client that waits to be asked for them (Expect: 100-continue): the answer
        // must come from the declared length alone, before a byte of the body is read.
        string answer = await RawAsync(host, "POST /api/requests HTTP/1.1\r\nHost: {host}\r\n"
            + $"Authorization: Bearer {AccessServiceFactory.AliceKey}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {31 * 1024 * 1024}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");

        answer.Should().StartWith("HTTP/1.1 413 ").And.Contain("application/problem+json").And.Contain("SymApi:BODY_TOO_LARGE");
        answer.Should().NotContain(AccessServiceFactory.AliceKey).And.NotContain("Authorization").And.NotContain("   at ");
    }

    [Theory]
    [InlineData("/api/requests", AccessServiceFactory.AliceKey)]
    [InlineData("/demo-access-api/escalate", "demo-token")]
    public async Task Kestrel_BodyTheServerCannotRead_AnswersProblemJsonWithoutTheCallersHeadersOrAStackTrace(string path, string key)
    {
        await using var host = new AccessServiceFactory(kestrel: true);

        string answer = await RawAsync(host, $"POST {path} HTTP/1.1\r\nHost: {{host}}\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nnot-a-chunk-size\r\n{}\r\n0\r\n\r\n");

        answer.Should().StartWith("HTTP/1.1 400 ");
        answer.Should().Contain("application/problem+json");
        answer.Should().NotContain(key).And.NotContain("   at ").And.NotContain("Authorization");
    }

    /// <summary>Sends <paramref name="request"/> as is over a socket to the Kestrel host (<c>{host}</c> becomes its authority) and reads the answer to the end.</summary>
    private static async Task<string> RawAsync(AccessServiceFactory host, string request)
    {
        Uri server = host.Client().BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        NetworkStream stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Replace("{host}", server.Authority, StringComparison.Ordinal)));
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync(bound.Token);
    }

    private static string Click(string userId, string actionId, string runId, FakeSlackMessage message)
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["team"] = new JsonObject { ["id"] = "T0FAKE" },
            ["user"] = new JsonObject { ["id"] = userId },
            ["trigger_id"] = "trig-2",
            ["channel"] = new JsonObject { ["id"] = message.ChannelId },
            ["message"] = new JsonObject { ["ts"] = message.Ts },
            ["actions"] = new JsonArray(new JsonObject
            {
                ["action_id"] = actionId, ["block_id"] = "sym_request_actions", ["action_ts"] = "1.2", ["type"] = "button", ["value"] = runId,
            }),
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }
}
