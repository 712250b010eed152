using Sym.Sdk.Integrations.Slack.BlockKit;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Integrations.Tests.Slack.Notifications;

/// <summary>
/// The requester's "submitted" DM for a request made from Slack: posted by the notifier with the announcement, its
/// reference kept on the run, and its Cancel button retired however the request leaves Pending.
/// </summary>
public sealed class SlackNotifierSubmittedDmTests : IDisposable
{
    private readonly SlackEngineHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task DeliverAsync_AnnounceOfARequestMadeFromSlack_PostsTheSubmittedDmAndKeepsItsReferenceOnTheRun()
    {
        (SymRun run, SlackMessageRef request, SlackMessageRef dm) = await SubmitFromSlackAsync();

        run.MessageReference.Should().Be($"slack:{_host.Requests.Id}:{request.Ts};dm:{dm.ChannelId}:{dm.Ts}");
        FakeSlackMessage submitted = _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle("the handler does not post a second confirmation").Subject;
        submitted.Ref.Should().Be(dm);
        Buttons(submitted).Should().Equal(("sym_cancel", run.Id));
    }

    [Fact]
    public async Task DeliverAsync_UpdateApproved_RetiresTheSubmittedDm()
    {
        (SymRun run, SlackMessageRef request, SlackMessageRef dm) = await SubmitFromSlackAsync();

        (await _host.Engine.ApproveAsync(run.Id, _host.BobUser, "on call")).IsApplied.Should().BeTrue();
        await _host.DeliverAsync();

        FakeSlackMessage retired = _host.Slack.UpdatesOf(dm).Should().ContainSingle("only leaving Pending retires the DM, not access granted").Subject;
        retired.Text.Should().Be(":white_check_mark: Your request for *Production DB* was approved by <@U0BOB>.");
        Buttons(_host.Slack.Current(dm)!).Should().BeEmpty();
        SlackEngineHost.BlocksOf(_host.Slack.Current(request)!).Should().Contain("Approved by <@U0BOB>");
        Snapshot.Match(SlackEngineHost.Readable(retired, run.Id));
    }

    [Fact]
    public async Task DeliverAsync_UpdateDenied_RetiresTheSubmittedDm()
    {
        (SymRun run, _, SlackMessageRef dm) = await SubmitFromSlackAsync();

        (await _host.Engine.DenyAsync(run.Id, _host.BobUser, "not now")).IsApplied.Should().BeTrue();
        await _host.DeliverAsync();

        FakeSlackMessage current = _host.Slack.Current(dm)!;
        current.Text.Should().Be(":x: Your request for *Production DB* was denied by <@U0BOB>.");
        Buttons(current).Should().BeEmpty();
        Snapshot.Match(SlackEngineHost.Readable(current, run.Id));
    }

    [Fact]
    public async Task DeliverAsync_UpdateExpired_RetiresTheSubmittedDm()
    {
        (SymRun run, _, SlackMessageRef dm) = await SubmitFromSlackAsync();

        _host.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await _host.Engine.ProcessDueTimersAsync();
        await _host.DeliverAsync();

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Expired);
        FakeSlackMessage current = _host.Slack.Current(dm)!;
        current.Text.Should().Be(":hourglass: Your request for *Production DB* expired without a decision.");
        Buttons(current).Should().BeEmpty();
    }

    [Fact]
    public async Task DeliverAsync_UpdateCancelledThroughTheApiByTheRequester_RetiresTheSubmittedDm()
    {
        (SymRun run, SlackMessageRef request, SlackMessageRef dm) = await SubmitFromSlackAsync();

        (await _host.Engine.CancelAsync(run.Id, _host.AliceUser)).IsApplied.Should().BeTrue();
        await _host.DeliverAsync();

        FakeSlackMessage current = _host.Slack.Current(dm)!;
        current.Text.Should().Be(":no_entry_sign: You cancelled your request for *Production DB*.");
        Buttons(current).Should().BeEmpty();
        SlackEngineHost.BlocksOf(_host.Slack.Current(request)!).Should().Contain("Cancelled by <@U0ALICE>");
    }

    [Fact]
    public async Task DeliverAsync_UpdateCancelledByAnAdminFromTheRequestMessage_SaysWhoCancelled()
    {
        using var host = new SlackEngineHost(services: s => s.Configure<SlackInteractionOptions>(o => o.Admins.Add("admin@example.com")));
        SlackUserInfo admin = host.Slack.AddUser("root", "admin@example.com", id: "U0ADMIN");
        (SymRun run, SlackMessageRef request, SlackMessageRef dm) = await SubmitFromSlackAsync(host);

        await host.RunAsync(await host.Handler.HandleInteractionAsync(Click(admin.Id, run.Id, request)));

        (await host.RunAsync(run.Id)).State.Should().Be(SymRunState.Cancelled);
        FakeSlackMessage current = host.Slack.Current(dm)!;
        current.Text.Should().Be(":no_entry_sign: Your request for *Production DB* was cancelled by <@U0ADMIN>.");
        Buttons(current).Should().BeEmpty();
    }

    [Fact]
    public async Task HandleInteractionAsync_CancelFromTheSubmittedDm_RetiresItOnce()
    {
        (SymRun run, _, SlackMessageRef dm) = await SubmitFromSlackAsync();

        await _host.RunAsync(await _host.Handler.HandleInteractionAsync(Click(_host.Alice.Id, run.Id, dm)));

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Cancelled);
        _host.Slack.UpdatesOf(dm).Should().ContainSingle("the notifier retired it, so the handler leaves it alone")
            .Which.Text.Should().Be(":no_entry_sign: You cancelled your request for *Production DB*.");
        _host.Slack.Ephemerals.Should().BeEmpty();
    }

    [Fact]
    public async Task DeliverAsync_SameUpdateTwice_IsHarmless()
    {
        (SymRun run, SlackMessageRef request, SlackMessageRef dm) = await SubmitFromSlackAsync();
        SymRun denied = (await _host.Engine.DenyAsync(run.Id, _host.BobUser)).Run!;
        await _host.DeliverAsync();
        ISymNotifier notifier = _host.Services.GetRequiredService<ISymNotifier>();

        SymDeliveryResult again = await notifier.DeliverAsync(OutboxMessages.Update(denied, new SymRunUpdate(SymRunUpdateKind.Denied, _host.BobUser)));

        again.Delivered.Should().BeTrue();

        IReadOnlyList<FakeSlackMessage> updates = _host.Slack.UpdatesOf(dm);
        updates.Should().HaveCount(2);
        updates[1].Text.Should().Be(updates[0].Text);
        JsonNode.Parse(SlackBlock.ToJson(updates[1].Blocks!))!.AsArray().ToJsonString().Should().Be(JsonNode.Parse(SlackBlock.ToJson(updates[0].Blocks!))!.AsArray().ToJsonString());
        (await _host.RunAsync(run.Id)).Version.Should().Be(denied.Version, "the notifier writes nothing to the run");
        _host.Slack.Current(request).Should().NotBeNull();
    }

    [Fact]
    public async Task DeliverAsync_UpdateByANewNotifierWithOnlyTheStoredRun_RetiresTheDm()
    {
        (SymRun run, _, SlackMessageRef dm) = await SubmitFromSlackAsync();
        var restarted = new SlackNotifier(_host.Slack, _host.Services.GetRequiredService<ISlackDestinationResolver>());
        SymRun stored = await _host.RunAsync(run.Id) with { State = SymRunState.Denied };

        await restarted.DeliverAsync(OutboxMessages.Update(stored, new SymRunUpdate(SymRunUpdateKind.Denied, _host.BobUser)));

        _host.Slack.UpdatesOf(dm).Should().ContainSingle().Which.Text.Should().Be(":x: Your request for *Production DB* was denied by <@U0BOB>.");
    }

    [Fact]
    public async Task DeliverAsync_UpdateThatKeepsItPending_LeavesTheDmAlone()
    {
        (SymRun run, _, SlackMessageRef dm) = await SubmitFromSlackAsync();
        ISymNotifier notifier = _host.Services.GetRequiredService<ISymNotifier>();

        await notifier.DeliverAsync(OutboxMessages.Update(run, new SymRunUpdate(SymRunUpdateKind.Forwarded)));
        await notifier.DeliverAsync(OutboxMessages.Update(run, new SymRunUpdate(SymRunUpdateKind.ApprovalRecorded, _host.BobUser)));

        _host.Slack.UpdatesOf(dm).Should().BeEmpty();
        Buttons(_host.Slack.Current(dm)!).Should().Equal(("sym_cancel", run.Id));
    }

    [Fact]
    public async Task DeliverAsync_UpdateOfARequestNotMadeFromSlack_UpdatesNoDm()
    {
        SymRun run = await _host.RequestAsync();
        SlackMessageRef request = _host.Slack.MessagesIn("sym-requests").Single().Ref;

        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        run.MessageReference.Should().Be($"slack:{_host.Requests.Id}:{request.Ts}");
        SlackMessageReference.TryParseSubmitted(run.MessageReference, out _).Should().BeFalse();
        _host.Slack.Updates.Should().HaveCount(2).And.OnlyContain(u => u.Ref == request, "approved, then access granted; no DM to retire");
    }

    [Fact]
    public async Task DeliverAsync_DmUpdateRefused_ChangesNothingElse()
    {
        (SymRun run, SlackMessageRef request, SlackMessageRef dm) = await SubmitFromSlackAsync();
        // 1: the request message (approved), 2: the DM, 3: access granted
        _host.Slack.Faults.FailCalls([2], "chat.update", m => SlackErrors.FromError(m, "cant_update_message"));

        SymActionResult approved = await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        approved.IsApplied.Should().BeTrue();
        approved.Run!.State.Should().Be(SymRunState.Active);
        approved.Run.MessageReference.Should().Be(run.MessageReference);
        _host.Strategy.Escalations.Should().Be(1);
        _host.Slack.Faults.Fired.Should().ContainSingle();
        _host.Slack.UpdatesOf(dm).Should().BeEmpty();
        Buttons(_host.Slack.Current(dm)!).Should().Equal(("sym_cancel", run.Id));
        _host.Slack.UpdatesOf(request).Should().HaveCount(2);
        SlackEngineHost.BlocksOf(_host.Slack.Current(request)!).Should().Contain("Access granted until");
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Select(m => m.Text).Should().Contain(t => t.Contains("is granted until", StringComparison.Ordinal));
        (await _host.Store.GetPendingMessagesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task DeliverAsync_DmUpdateFailsTransiently_IsRetriedWithTheRequestMessageUpdatedAgain()
    {
        (SymRun run, SlackMessageRef request, SlackMessageRef dm) = await SubmitFromSlackAsync();
        _host.Slack.Faults.FailCalls([2], "chat.update"); // the DM's update, once

        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(5));
        await _host.DeliverAsync();

        _host.Slack.UpdatesOf(dm).Should().ContainSingle().Which.Text.Should().Contain("was approved by <@U0BOB>");
        _host.Slack.UpdatesOf(request).Should().HaveCount(3, "approved, approved again with the retry (chat.update is idempotent), access granted");
        _host.Slack.UpdatesOf(request)[1].BlocksJson.Should().Be(_host.Slack.UpdatesOf(request)[0].BlocksJson);
        (await _host.Store.GetPendingMessagesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task DeliverAsync_SubmittedDmPostFails_RequestStandsWithoutADm()
    {
        _host.Slack.Faults.FailCalls([2], "chat.postMessage"); // 1: the request message, 2: the notifier's DM

        await _host.RunAsync(await _host.Handler.HandleInteractionAsync(SlackNotifierSubmission(_host)));

        FakeSlackMessage posted = _host.Slack.MessagesIn("sym-requests").Should().ContainSingle().Subject;
        string runId = RunIdOf(posted);
        SymRun run = await _host.RunAsync(runId);
        run.State.Should().Be(SymRunState.Pending);
        run.MessageReference.Should().Be($"slack:{_host.Requests.Id}:{posted.Ts}");
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().BeEmpty("the DM is best effort, and the handler leaves it to the notifier");
        (await _host.Store.GetPendingMessagesAsync()).Should().BeEmpty("the announcement itself was delivered");
    }

    [Fact]
    public async Task DeliverAsync_AnnouncedAgain_KeepsTheDmItHasAndPostsNoOther()
    {
        (SymRun run, SlackMessageRef request, SlackMessageRef dm) = await SubmitFromSlackAsync();
        ISymNotifier notifier = _host.Services.GetRequiredService<ISymNotifier>();

        SymDeliveryResult again = await notifier.DeliverAsync(OutboxMessages.Announce(run, new SlackChannelId(_host.Requests.Id), id: "msg-again"));

        again.Delivered.Should().BeTrue();
        SlackMessageReference.TryParse(again.Reference, out SlackMessageRef reposted).Should().BeTrue();
        reposted.Should().NotBe(request);
        SlackMessageReference.TryParseSubmitted(again.Reference, out SlackMessageRef kept).Should().BeTrue();
        kept.Should().Be(dm);
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle();
    }

    [Fact]
    public async Task DeliverAsync_AnnounceOfARequestNotMadeFromSlack_PostsNoSubmittedDm()
    {
        SymRun run = await _host.RequestAsync() with { SourceChannel = "api" };
        ISymNotifier notifier = _host.Services.GetRequiredService<ISymNotifier>();

        SymDeliveryResult again = await notifier.DeliverAsync(OutboxMessages.Announce(run, new SlackChannelId(_host.Requests.Id), id: "msg-again"));

        again.Delivered.Should().BeTrue();
        SlackMessageReference.TryParseSubmitted(again.Reference, out _).Should().BeFalse();
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().BeEmpty();
    }

    [Theory]
    [InlineData("slack:C0123:1700000000.000100;dm:D0456:1700000001.000200", true)]
    [InlineData("slack:C0123:1700000000.000100", false)]
    [InlineData("slack:C0123:1700000000.000100;dm:", false)]
    [InlineData("slack:C0123:1700000000.000100;dm:not-an-id:1.2", false)]
    [InlineData("slack:C0123:1700000000.000100;dm:D0456:", false)]
    [InlineData("slack:C0123:1700000000.000100;dm:D0456:1.2;dm:D0456:1.3", false)]
    [InlineData("teams:C0123:1.2;dm:D0456:1.2", false)]
    [InlineData(null, false)]
    public void SlackMessageReference_TryParseSubmitted_AcceptsOnlyItsOwnFormat(string? text, bool valid)
    {
        SlackMessageReference.TryParseSubmitted(text, out SlackMessageRef dm).Should().Be(valid);
        if (valid)
        {
            SlackMessageReference.TryParse(text, out SlackMessageRef request).Should().BeTrue("the request message reads as before");
            request.Should().Be(new SlackMessageRef("C0123", "1700000000.000100"));
            dm.Should().Be(new SlackMessageRef("D0456", "1700000001.000200"));
            SlackMessageReference.Format(request, dm).Should().Be(text);
        }
    }

    [Theory]
    [InlineData("slack:C0123:1700000000.000100;dm:D0456:1700000001.000200")]
    [InlineData("slack:C0123:1700000000.000100;dm:garbage")]
    public void SlackMessageReference_TryParse_ReadsTheRequestMessageWhateverFollows(string text)
    {
        SlackMessageReference.TryParse(text, out SlackMessageRef request).Should().BeTrue();
        request.Should().Be(new SlackMessageRef("C0123", "1700000000.000100"));
    }

    private Task<(SymRun Run, SlackMessageRef Request, SlackMessageRef Dm)> SubmitFromSlackAsync() => SubmitFromSlackAsync(_host);

    private static async Task<(SymRun Run, SlackMessageRef Request, SlackMessageRef Dm)> SubmitFromSlackAsync(SlackEngineHost host)
    {
        await host.RunAsync(await host.Handler.HandleInteractionAsync(SlackNotifierSubmission(host)));
        FakeSlackMessage posted = host.Slack.MessagesIn("sym-requests").Should().ContainSingle().Subject;
        SymRun run = await host.RunAsync(RunIdOf(posted));
        run.State.Should().Be(SymRunState.Pending);
        SlackMessageReference.TryParseSubmitted(run.MessageReference, out SlackMessageRef dm).Should().BeTrue(run.MessageReference);
        return (run, posted.Ref, dm);
    }

    private static string RunIdOf(FakeSlackMessage posted) => SlackEngineHost.BlocksOf(posted).Split("\"value\":\"")[1].Split('"')[0];

    private static IEnumerable<(string ActionId, string Value)> Buttons(FakeSlackMessage message) =>
        JsonNode.Parse(SlackBlock.ToJson(message.Blocks!))!.AsArray().OfType<JsonObject>()
            .Where(b => (string?)b["type"] == "actions")
            .SelectMany(b => b["elements"]!.AsArray())
            .Select(e => (e!["action_id"]!.GetValue<string>(), e["value"]!.GetValue<string>()))
            .ToList();

    private static string SlackNotifierSubmission(SlackEngineHost host)
    {
        static JsonObject Select(string block, string value) =>
            new() { [block] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = value } } };

        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = "T0FAKE" },
            ["user"] = new JsonObject { ["id"] = host.Alice.Id, ["username"] = "alice", ["team_id"] = "T0FAKE" },
            ["view"] = new JsonObject
            {
                ["id"] = "V0001", ["callback_id"] = "sym_request", ["private_metadata"] = SlackEngineHost.FlowName, ["hash"] = "h",
                ["state"] = new JsonObject
                {
                    ["values"] = new JsonObject
                    {
                        ["target"] = Select("target", "prod"),
                        ["duration"] = Select("duration", "4h"),
                        ["reason"] = new JsonObject { ["reason"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "incident 42" } },
                        ["ticket"] = new JsonObject { ["ticket"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = null } },
                    },
                },
            },
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    private static string Click(string userId, string runId, SlackMessageRef message)
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
                ["type"] = "button", ["action_id"] = "sym_cancel", ["block_id"] = "sym_request_actions", ["action_ts"] = "1.2", ["value"] = runId,
            }),
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }
}
