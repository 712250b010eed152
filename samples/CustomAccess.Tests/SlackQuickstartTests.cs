using Sym.Sdk.Integrations.Slack.BlockKit;
using System.Net.Http;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter;
using Snapshooter.Xunit;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Http;
using Sym.Sdk.Testing.Slack;

namespace CustomAccess.Tests;

/// <summary>
/// The quickstart end to end in Slack, on <see cref="FakeSlack"/> through the harness: <c>/sym req</c>, the modal, the
/// request message in #sym-requests, an unauthorized click, the approval, and expiry — with the engine talking through
/// <see cref="SlackNotifier"/> and the clicks going through <see cref="SlackInteractionHandler"/>.
/// </summary>
public sealed class SlackQuickstartTests : IAsyncDisposable
{
    private readonly FakeSlack _slack;
    private readonly FakeHttpHandler _api = new();
    private readonly SymFlowHarness _harness;
    private readonly FakeSlackChannel _requests;

    public SlackQuickstartTests()
    {
        _api.On(HttpMethod.Post, "/escalate").Respond(System.Net.HttpStatusCode.OK);
        _api.On(HttpMethod.Post, "/deescalate").Respond(System.Net.HttpStatusCode.OK);
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder();
        _slack = new FakeSlack(builder.Time);
        _slack.AddUser("alice", "alice@healthy-health.co", id: "U0ALICE");
        _slack.AddUser("bob", "bob@healthy-health.co", id: "U0BOB");
        _slack.AddUser("mallory", "mallory@healthy-health.co", id: "U0MAL");
        _requests = _slack.AddChannel("sym-requests", id: "C0REQUESTS", members: ["U0ALICE", "U0BOB", "U0MAL"]);
        _slack.AddChannel("sym-errors", id: "C0ERRORS");
        builder.Services.AddCustomAccess(CustomAccessHarness.Configuration());
        builder.Services.AddSym().UseSlackNotifier();
        builder.Use(_api).Use(_slack);
        _harness = builder.Build();
    }

    private SlackInteractionHandler Handler => _harness.Services.GetRequiredService<SlackInteractionHandler>();

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Quickstart_InSlack_RequestApproveExpire_OnOneMessage()
    {
        // Alice runs /sym req and gets the flow's form.
        SlackInteractionResult command = await Handler.HandleSlashCommandAsync(
            "command=%2Fsym&text=req&user_id=U0ALICE&channel_id=C0REQUESTS&trigger_id=trig-1");
        await RunAsync(command);
        JsonObject modal = _slack.Views.Should().ContainSingle().Subject.View;
        modal["blocks"]!.AsArray().Select(b => b!["block_id"]!.GetValue<string>()).Should().Equal("target", "reason", "duration");

        // She submits it; the request is announced in #sym-requests.
        SlackInteractionResult submitted = await Handler.HandleInteractionAsync(Submission("prod_db", "1h", "Investigating INC-4521"));
        submitted.Body.Should().BeNull();
        await RunAsync(submitted);
        FakeSlackMessage request = _slack.MessagesIn("sym-requests").Should().ContainSingle().Subject;
        HarnessRun run = _harness.Runs.Should().ContainSingle().Subject;
        run.State.Should().Be(SymRunState.Pending);

        // Mallory is not an approver: she can neither approve nor deny; nothing changes, and only she is told.
        await RunAsync(await Handler.HandleInteractionAsync(Click("U0MAL", "sym_approve", run.Id)));
        await RunAsync(await Handler.HandleInteractionAsync(Click("U0MAL", "sym_deny", run.Id)));
        run.State.Should().Be(SymRunState.Pending);
        _slack.EphemeralsTo("U0MAL").Select(m => m.Text).Should().Equal(
            "You are not allowed to approve this request.", "You are not allowed to deny this request.");

        // Bob approves: access is granted through the API, and the same message says so.
        await RunAsync(await Handler.HandleInteractionAsync(Click("U0BOB", "sym_approve", run.Id)));
        run.State.Should().Be(SymRunState.Active);
        _api.RequestsTo(HttpMethod.Post, "/escalate").Should().ContainSingle();
        Text(_slack.Current(request.Ref)!).Should().Contain("Approved by <@U0BOB>").And.Contain("Access granted until");

        // An hour later access ends on its own.
        await _harness.AdvanceAsync(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        run.State.Should().Be(SymRunState.Ended);
        _api.RequestsTo(HttpMethod.Post, "/deescalate").Should().ContainSingle();

        _slack.MessagesIn("sym-requests").Should().ContainSingle("every decision updated the one request message");
        Snapshot.Match(Readable(_slack.Current(request.Ref)!, run.Id), SnapshotNameExtension.Create("request-message"));
        Snapshot.Match(string.Join("\n", _slack.DirectMessagesTo("U0ALICE").Select(m => m.Text)), SnapshotNameExtension.Create("alice-dms"));
    }

    /// <summary>Runs the handler's slow part, then delivers what it put in the outbox (as a host's scheduler would).</summary>
    private async Task RunAsync(SlackInteractionResult result)
    {
        await result.RunBackgroundAsync();
        await _harness.Engine.DeliverDueMessagesAsync();
    }

    private static string Text(FakeSlackMessage message) =>
        JsonNode.Parse(SlackBlock.ToJson(message.Blocks!))!.AsArray().ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string Readable(FakeSlackMessage message, string runId) =>
        new JsonObject { ["text"] = message.Text, ["blocks"] = JsonNode.Parse(SlackBlock.ToJson(message.Blocks!))!.AsArray() }
            .ToJsonString(new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            })
            .Replace(runId, "RUN_ID", StringComparison.Ordinal);

    private static string Submission(string target, string duration, string reason)
    {
        static JsonObject Select(string value) => new() { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = value } };
        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = "U0ALICE" },
            ["view"] = new JsonObject
            {
                ["id"] = "V1", ["callback_id"] = "sym_request", ["private_metadata"] = CustomAccessFlow.Name,
                ["state"] = new JsonObject
                {
                    ["values"] = new JsonObject
                    {
                        ["target"] = new JsonObject { ["target"] = Select(target) },
                        ["duration"] = new JsonObject { ["duration"] = Select(duration) },
                        ["reason"] = new JsonObject { ["reason"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = reason } },
                    },
                },
            },
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    private string Click(string userId, string actionId, string runId)
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = userId },
            ["channel"] = new JsonObject { ["id"] = _requests.Id },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = actionId, ["type"] = "button", ["value"] = runId }),
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }
}
