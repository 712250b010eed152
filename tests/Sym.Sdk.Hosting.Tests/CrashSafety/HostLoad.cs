using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sym.Sdk.Hosting.Tests.Api;
using Sym.Sdk.Hosting.Tests.Slack;
using Sym.Sdk.Integrations.Slack;

namespace Sym.Sdk.Hosting.Tests.CrashSafety;

/// <summary>
/// A steady mixed load on one host process, until it is killed: API requests for short grants, signed Slack request-modal
/// submissions (and Slack's retries of what went unanswered, and duplicates of what was answered), and an approver
/// deciding each request once, through the API or a signed Slack <c>sym_approve</c> click, or leaving it pending. What
/// the host acknowledged goes in the <see cref="LoadLedger"/>.
/// </summary>
/// <remarks>
/// Each worker draws from its own <see cref="Random"/>, seeded from the test's seed, the cycle and the worker: a seed
/// replays the same kill moments, targets and choices (which request each choice falls on depends on the timing of a real
/// process under load, which no seed fixes).
/// </remarks>
internal sealed class HostLoad
{
    public const string SigningSecret = "kill-under-load-signing-secret-0123456789";

    /// <summary>The load's targets (<c>load-00</c>…): few enough that grants sometimes overlap, enough that most do not.</summary>
    public const int Targets = 96;

    private const string Flow = "crash_access";
    private const string Duration = "3s";
    private const string RequesterSlackId = "U0ALICE";
    private const string ApproverSlackId = "U0BOB";
    private static readonly TimeSpan LookAgain = TimeSpan.FromMilliseconds(250);

    private readonly HostProcess _host;
    private readonly LoadLedger _ledger;
    private readonly int _seed;
    private readonly int _cycle;
    private volatile bool _stopped;

    public HostLoad(HostProcess host, LoadLedger ledger, int seed, int cycle)
    {
        _host = host;
        _ledger = ledger;
        _seed = seed;
        _cycle = cycle;
    }

    /// <summary>
    /// The host's settings for the load: Slack on (over the TestApp's FakeSlack), a short inbox lease so a delivery a killed
    /// host acknowledged is recovered within the test, and the load's targets.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = CreateEnvironment();

    /// <summary>How many requests were in flight when the host was killed (sent, never answered).</summary>
    public int InFlightAtKill { get; private set; }

    private static string Target(int i) => string.Create(CultureInfo.InvariantCulture, $"load-{i:D2}");

    /// <summary>Runs the load until <paramref name="killAfter"/>, kills the host (SIGKILL) with requests in flight, and waits for the workers.</summary>
    public async Task RunAsync(TimeSpan killAfter)
    {
        using HttpClient requester = _host.Client(HostProcess.RequesterKey);
        using HttpClient approver = _host.Client(HostProcess.ApproverKey);
        using HttpClient slack = _host.Client(null);
        var clients = new Clients(requester, approver, slack);
        long unansweredBefore = _ledger.Unanswered;

        Task[] workers =
        [
            WorkAsync(1, clients, ApiRequestAsync),
            WorkAsync(2, clients, SlackSubmissionAsync),
            WorkAsync(3, clients, ApproveAsync),
            WorkAsync(4, clients, ApproveAsync),
        ];
        await Task.Delay(killAfter, TimeProvider.System);
        _stopped = true; // no new request starts; those in flight are cut by the kill
        _host.Kill();
        await Task.WhenAll(workers);
        InFlightAtKill = (int)(_ledger.Unanswered - unansweredBefore);
    }

    private async Task WorkAsync(int worker, Clients clients, Func<Random, Clients, string, Task> step)
    {
        var random = new Random(unchecked((_seed * 1_000_003) + (_cycle * 101) + worker));
        for (int n = 0; !_stopped; n++)
        {
            string reason = string.Create(CultureInfo.InvariantCulture, $"kill {_seed} c{_cycle} w{worker} n{n}");
            await step(random, clients, reason);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(2, 20)), TimeProvider.System);
        }
    }

    private async Task ApiRequestAsync(Random random, Clients clients, string reason)
    {
        string target = Target(random.Next(Targets));
        var body = new JsonObject { ["flow"] = Flow, ["target"] = target, ["duration"] = Duration, ["reason"] = reason };
        Answer? answer = await SendAsync(clients.Requester, HttpMethod.Post, "/api/requests", ApiJson.Body(body.ToJsonString()));
        if (answer is null)
        {
            return;
        }

        _ledger.CountAnswer("api-request", answer.Status);
        if (answer.Status == (int)HttpStatusCode.Created)
        {
            string id = JsonDocument.Parse(answer.Body).RootElement.GetProperty("run").GetProperty("id").GetString()!;
            _ledger.Requests[id] = new AckedRequest(id, reason, target, "api", _cycle);
            _ledger.Candidates.Enqueue(new Candidate(id, Confirmed: true));
        }
    }

    /// <summary>
    /// Slack's side: first what it sends again (deliveries the host never answered), now and then a duplicate of an answered
    /// submission, else a new submission of the request modal.
    /// </summary>
    private async Task SlackSubmissionAsync(Random random, Clients clients, string reason)
    {
        if (_ledger.SlackRetries.TryDequeue(out SlackRetry? retry))
        {
            await SendSlackAsync(clients, retry, isRetry: true);
            return;
        }

        if (random.NextDouble() < 0.1 && !_ledger.SlackDeliveries.IsEmpty)
        {
            SlackRetry[] answered = [.. _ledger.SlackDeliveries];
            await SendSlackAsync(clients, answered[random.Next(answered.Length)], isRetry: true);
            return;
        }

        string target = Target(random.Next(Targets));
        string body = Submission(target, reason);
        var request = new AckedRequest(SlackInteractionHandler.GetDeliveryId(body)[..32], reason, target, "slack", _cycle);
        await SendSlackAsync(clients, new SlackRetry(body, request, null), isRetry: false);
    }

    /// <summary>Takes a request and decides it once: approve through the API, click approve in Slack, or leave it pending.</summary>
    private async Task ApproveAsync(Random random, Clients clients, string reason)
    {
        if (!_ledger.Candidates.TryDequeue(out Candidate? candidate))
        {
            return;
        }

        if (candidate.NotBefore > TimeProvider.System.GetUtcNow())
        {
            _ledger.Candidates.Enqueue(candidate);
            return;
        }

        double roll = random.NextDouble();
        string fate = candidate.Fate ?? (roll < 0.4 ? "api" : roll < 0.8 ? "slack" : "none");
        if (fate == "none")
        {
            return; // nobody approves it: it stays pending
        }

        if (!candidate.Confirmed)
        {
            // A Slack submission is processed after its answer: a click comes only once its request exists (Slack shows
            // the button in the request's message).
            Answer? found = await SendAsync(clients.Requester, HttpMethod.Get, $"/api/requests/{candidate.RunId}", null);
            if (found?.Status != (int)HttpStatusCode.OK)
            {
                _ledger.Candidates.Enqueue(candidate with { Fate = fate, NotBefore = TimeProvider.System.GetUtcNow() + LookAgain });
                return;
            }
        }

        if (fate == "api")
        {
            Answer? answer = await SendAsync(clients.Approver, HttpMethod.Post, $"/api/requests/{candidate.RunId}/approve", null);
            if (answer is not null)
            {
                _ledger.CountAnswer("api-approve", answer.Status);
                if (answer.Status == (int)HttpStatusCode.OK)
                {
                    _ledger.Approvals.Add(new AckedApproval(candidate.RunId, "api", _cycle));
                }
            }

            return;
        }

        string click = SlackTestHost.Click(ApproverSlackId, "sym_approve", candidate.RunId, "C0REQUESTS", "1700000000.000100");
        await SendSlackAsync(clients, new SlackRetry(click, null, candidate.RunId), isRetry: false);
    }

    /// <summary>
    /// Posts a signed Slack delivery. Answered 200 without field errors: acknowledged (a submission's request, a click's
    /// approval). Unanswered: Slack sends it again in the next cycle.
    /// </summary>
    private async Task SendSlackAsync(Clients clients, SlackRetry delivery, bool isRetry)
    {
        string timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(delivery.Body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["X-Slack-Request-Timestamp"] = timestamp,
            ["X-Slack-Signature"] = SlackTestHost.Sign(timestamp, delivery.Body, SigningSecret),
        };
        if (isRetry)
        {
            headers["X-Slack-Retry-Num"] = "1";
            headers["X-Slack-Retry-Reason"] = "http_timeout";
        }

        Answer? answer = await SendAsync(clients.Slack, HttpMethod.Post, "/slack/interactions", content, headers);
        string kind = delivery.Request is null ? "slack-click" : "slack-submission";
        if (answer is null)
        {
            _ledger.SlackRetries.Enqueue(delivery);
            return;
        }

        bool acknowledged = answer.Status == (int)HttpStatusCode.OK && answer.Body.Length == 0;
        _ledger.CountAnswer(kind, answer.Status == (int)HttpStatusCode.OK && !acknowledged ? 299 : answer.Status);
        if (!acknowledged)
        {
            return;
        }

        if (isRetry)
        {
            _ledger.CountDuplicate();
        }

        if (delivery.Request is { } request && _ledger.Requests.TryAdd(request.RunId, request with { Cycle = _cycle }))
        {
            _ledger.SlackDeliveries.Add(delivery);
            _ledger.Candidates.Enqueue(new Candidate(request.RunId, Confirmed: false));
        }
        else if (delivery.ApprovedRun is { } runId)
        {
            _ledger.Approvals.Add(new AckedApproval(runId, "slack", _cycle));
        }
    }

    /// <summary>A signed request's answer read in full, or <see langword="null"/> when none came (the host died with it in flight).</summary>
    private async Task<Answer?> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        foreach ((string name, string value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        _ledger.CountSent();
        try
        {
            using HttpResponseMessage response = await client.SendAsync(request);
            return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            _ledger.CountUnanswered();
            return null;
        }
    }

    /// <summary>The request modal of <c>crash_access</c>, submitted by the requester's Slack user, as Slack posts it.</summary>
    private static string Submission(string target, string reason)
    {
        static JsonObject Select(string value) =>
            new() { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = value } };

        var values = new JsonObject
        {
            ["target"] = new JsonObject { ["target"] = Select(target) },
            ["duration"] = new JsonObject { ["duration"] = Select(Duration) },
            ["reason"] = new JsonObject { ["reason"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = reason } },
        };
        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = "T0FAKE" },
            ["user"] = new JsonObject { ["id"] = RequesterSlackId, ["username"] = "alice", ["team_id"] = "T0FAKE" },
            ["view"] = new JsonObject
            {
                ["id"] = "V0KILL", ["callback_id"] = "sym_request", ["private_metadata"] = Flow, ["hash"] = "h",
                ["state"] = new JsonObject { ["values"] = values },
            },
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    private static Dictionary<string, string> CreateEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Sym__Slack__BotToken"] = "xoxb-kill-under-load",
            ["Sym__Slack__SigningSecret"] = SigningSecret,
            ["Sym__Slack__InboxLease"] = "00:00:10",
            ["Sym__Slack__InboxPollInterval"] = "00:00:00.500",
        };

        // After the four targets of the TestApp's appsettings.json (indexes 0–3).
        for (int i = 0; i < Targets; i++)
        {
            environment[string.Create(CultureInfo.InvariantCulture, $"Sym__Flows__crash_access__Targets__{4 + i}__Name")] = Target(i);
        }

        return environment;
    }

    private sealed record Answer(int Status, string Body);

    private sealed record Clients(HttpClient Requester, HttpClient Approver, HttpClient Slack);
}
