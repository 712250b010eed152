using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Hosting.Internal.Slack;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Hosting.Tests.Slack;

/// <summary>
/// <see cref="TestHost"/> with Slack configured (<c>Sym:Slack</c>) over a <see cref="FakeSlack"/> workspace (alice, bob,
/// carol; channel <c>#sym-requests</c>), and a client that signs requests the way Slack does.
/// </summary>
internal sealed class SlackTestHost : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    private SlackTestHost(TestHost host, FakeSlack slack)
    {
        Host = host;
        Slack = slack;
        Alice = slack.Users.Single(u => u.Name == "alice");
        Bob = slack.Users.Single(u => u.Name == "bob");
        Carol = slack.Users.Single(u => u.Name == "carol");
    }

    public TestHost Host { get; }

    public FakeSlack Slack { get; }

    public SlackUserInfo Alice { get; }

    public SlackUserInfo Bob { get; }

    public SlackUserInfo Carol { get; }

    public long Now => Host.Time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Starts a host with Slack on.</summary>
    /// <param name="configure">Changes the configuration.</param>
    /// <param name="services">Adds services (a SQLite store, a failing store, a log).</param>
    /// <param name="slack">The workspace, to share it with a host started before (a restart); else a new one.</param>
    /// <param name="webApi">
    /// When set, the host talks to Slack through its real <c>SlackClient</c>, as a deployment does, and this configures that
    /// client's <c>HttpClient</c> (its primary handler, say); the workspace then only names the people and channels.
    /// </param>
    public static async Task<SlackTestHost> StartAsync(Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null,
        FakeSlack? slack = null, Action<IHttpClientBuilder>? webApi = null)
    {
        slack ??= NewWorkspace();
        TestHost host = await TestHost.StartAsync(
            c =>
            {
                c["Sym:Slack:BotToken"] = "xoxb-test-token";
                c["Sym:Slack:SigningSecret"] = SigningSecret;
                configure?.Invoke(c);
            },
            s =>
            {
                if (webApi is null)
                {
                    slack.AddTo(s);
                }
                else
                {
                    webApi(s.AddHttpClient(SymSlackServiceCollectionExtensions.HttpClientName).SetHandlerLifetime(Timeout.InfiniteTimeSpan));
                }

                services?.Invoke(s);
            });

        // The inbox recovery's first pass runs as the host starts; let it finish, so a test's own passes are the only ones.
        await host.App.Services.GetRequiredService<SlackInboxRecoveryService>().FirstPass;
        return new SlackTestHost(host, slack);
    }

    private static FakeSlack NewWorkspace()
    {
        var slack = new FakeSlack();
        SlackUserInfo alice = slack.AddUser("alice", "alice@example.com", id: "U0ALICE", displayName: "Alice");
        SlackUserInfo bob = slack.AddUser("bob", "bob@example.com", id: "U0BOB", displayName: "Bob");
        SlackUserInfo carol = slack.AddUser("carol", "carol@example.com", id: "U0CAROL");
        slack.AddChannel("sym-requests", id: "C0REQUESTS", members: [alice.Id, bob.Id, carol.Id]);
        slack.AddChannel("sym-errors", id: "C0ERRORS", members: [bob.Id]);
        return slack;
    }

    public static string Sign(string timestamp, string body, string secret = SigningSecret) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    /// <summary>
    /// Posts <paramref name="body"/> signed now, unless a header is given (null removes it), then waits until the host has
    /// processed what it queued and delivered what that put in the outbox.
    /// </summary>
    public Task<HttpResponseMessage> PostAsync(string path, string body, string? timestamp = "", string? signature = "", string? retryNum = null,
        bool settle = true)
    {
        string ts = timestamp == string.Empty ? Now.ToString(CultureInfo.InvariantCulture) : timestamp ?? string.Empty;
        string? sig = signature == string.Empty ? Sign(ts, body) : signature;
        return PostRawAsync(path, Encoding.UTF8.GetBytes(body), timestamp == null ? null : ts, sig, retryNum, settle);
    }

    public async Task<HttpResponseMessage> PostRawAsync(string path, byte[] body, string? timestamp, string? signature, string? retryNum = null,
        bool settle = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        if (timestamp is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", timestamp);
        }

        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Slack-Signature", signature);
        }

        if (retryNum is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Slack-Retry-Num", retryNum);
            request.Headers.TryAddWithoutValidation("X-Slack-Retry-Reason", "http_timeout");
        }

        HttpResponseMessage response = await Host.Client().SendAsync(request);
        if (settle)
        {
            await SettleAsync();
        }

        return response;
    }

    /// <summary>
    /// Waits until the background queue is idle and the outbox holds nothing deliverable now (the scheduler's dispatcher
    /// delivers on its own; this also delivers, so the wait ends as soon as the messages are out, and waits for one the
    /// dispatcher has claimed). It waits for the work to be done, not for an amount of time, and fails loudly rather
    /// than hang.
    /// </summary>
    public async Task SettleAsync()
    {
        IServiceProvider services = Host.App.Services;
        SlackBackgroundQueue queue = services.GetRequiredService<SlackBackgroundQueue>();
        ISymOutbox outbox = services.GetRequiredService<ISymOutbox>();
        SymEngine engine = services.GetRequiredService<SymEngine>();
        for (int i = 0; i < 2000; i++)
        {
            await queue.WhenIdleAsync();
            int delivered = await engine.DeliverDueMessagesAsync();
            if (delivered == 0 && (await outbox.GetPendingMessagesAsync()).All(static m => m.ClaimedUntil is null))
            {
                return; // nothing due is left, and nothing is being delivered
            }

            await Task.Yield(); // a message the scheduler's dispatcher is delivering right now
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
        }

        throw new InvalidOperationException("The host did not settle: messages stayed in the outbox.");
    }

    /// <summary>Runs one pass of the inbox recovery now, then settles.</summary>
    public async Task<int> RecoverAsync()
    {
        int claimed = await Host.App.Services.GetRequiredService<SlackInboxRecoveryService>().RecoverAsync(CancellationToken.None);
        await SettleAsync();
        return claimed;
    }

    public async Task<IReadOnlyList<SymRun>> RunsAsync()
    {
        var runs = new List<SymRun>();
        await foreach (SymRun run in Host.App.Services.GetRequiredService<ISymRunStore>().ListRunsAsync())
        {
            runs.Add(run);
        }

        return runs;
    }

    public string Command(string text = "req test_access") =>
        $"command=%2Fsym&text={Uri.EscapeDataString(text)}&user_id={Alice.Id}&user_name=alice"
        + "&channel_id=C0REQUESTS&team_id=T0FAKE&trigger_id=trig-1";

    public string Submission(string? reason, string duration = "4h")
    {
        var values = new JsonObject
        {
            ["target"] = new JsonObject { ["target"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "prod-db" } } },
            ["duration"] = new JsonObject { ["duration"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = duration } } },
            ["reason"] = new JsonObject { ["reason"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = reason } },
        };
        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = "T0FAKE" },
            ["user"] = new JsonObject { ["id"] = Alice.Id, ["username"] = "alice", ["team_id"] = "T0FAKE" },
            ["view"] = new JsonObject
            {
                ["id"] = "V0001", ["callback_id"] = "sym_request", ["private_metadata"] = "test_access", ["hash"] = "h",
                ["state"] = new JsonObject { ["values"] = values },
            },
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    public static string Click(string userId, string actionId, string runId, string channel, string messageTs)
    {
        var action = new JsonObject
        {
            ["action_id"] = actionId, ["block_id"] = "sym_request_actions", ["action_ts"] = "1.2", ["type"] = "button", ["value"] = runId,
        };
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["team"] = new JsonObject { ["id"] = "T0FAKE" },
            ["user"] = new JsonObject { ["id"] = userId },
            ["trigger_id"] = "trig-2",
            ["channel"] = new JsonObject { ["id"] = channel },
            ["message"] = new JsonObject { ["ts"] = messageTs },
            ["actions"] = new JsonArray(action),
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
