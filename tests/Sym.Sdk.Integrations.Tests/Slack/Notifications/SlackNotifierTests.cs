using Sym.Sdk.Integrations.Slack.BlockKit;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Snapshooter;
using Snapshooter.Xunit;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Slack;
using SlackHelpers = Sym.Sdk.Integrations.Slack.Slack;

namespace Sym.Sdk.Integrations.Tests.Slack.Notifications;

public sealed class SlackNotifierTests : IDisposable
{
    private readonly SlackEngineHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task DeliverAsync_AnnounceToTheRequestChannel_PostsApprovalMessageWithButtonsCarryingRunId()
    {
        SymRun run = await _host.RequestAsync();

        FakeSlackMessage posted = _host.Slack.MessagesIn("sym-requests").Should().ContainSingle().Subject;
        run.MessageReference.Should().Be($"slack:{_host.Requests.Id}:{posted.Ts}");
        JsonArray buttons = Actions(posted)!;
        buttons.Select(b => (b!["action_id"]!.GetValue<string>(), b["value"]!.GetValue<string>()))
            .Should().Equal(("sym_approve", run.Id), ("sym_deny", run.Id), ("sym_cancel", run.Id));
        SlackEngineHost.BlocksOf(posted).Should().Contain("<@U0ALICE> requests access to *Production DB*")
            .And.Contain("1 hour").And.Contain("INC-7").And.Contain("Investigate &lt;INC-7&gt; &amp; fix");
        Snapshot.Match(SlackEngineHost.Readable(posted, run.Id));
    }

    [Fact]
    public async Task DeliverAsync_AnnounceWithSlackUserFields_ShowsMentions()
    {
        using var host = new SlackEngineHost(o =>
        {
            o.Fields.Add(new PromptFieldOptions { Name = "on_call", Type = "slack_user", Label = "On call", Required = false });
            o.Fields.Add(new PromptFieldOptions { Name = "reviewers", Type = "slack_user_list", Label = "Reviewers", Required = false });
        });
        SymActionResult result = await host.Engine.RequestAsync(new AccessRequest
        {
            Flow = SlackEngineHost.FlowName,
            Requester = host.AliceUser,
            Target = "prod",
            Duration = TimeSpan.FromHours(1),
            Reason = "pairing",
            Fields = new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["on_call"] = SymFieldValue.String(host.Bob.Id),
                ["reviewers"] = System.Text.Json.JsonSerializer.SerializeToElement(new[] { host.Bob.Id, host.Carol.Id }),
            },
            SourceChannel = "slack",
        });
        result.Status.Should().Be(SymActionStatus.Applied, result.Message);
        await host.DeliverAsync();

        FakeSlackMessage posted = host.Slack.MessagesIn("sym-requests").Should().ContainSingle().Subject;
        SlackEngineHost.BlocksOf(posted).Should().Contain("*On call*\\n<@U0BOB>").And.Contain("*Reviewers*\\n<@U0BOB>, <@U0CAROL>");
        Snapshot.Match(SlackEngineHost.Readable(posted, result.Run!.Id));
    }

    [Fact]
    public async Task DeliverAsync_UpdateApproved_UpdatesTheSameMessageAndOffersRevoke()
    {
        SymRun run = await _host.RequestAsync();
        SlackMessageRef posted = _host.Slack.MessagesIn("sym-requests").Single().Ref;

        SymActionResult approved = await _host.Engine.ApproveAsync(run.Id, _host.BobUser, "on call");
        await _host.DeliverAsync();

        approved.Run!.State.Should().Be(SymRunState.Active);
        _host.Slack.MessagesIn("sym-requests").Should().ContainSingle("decisions update the request message, never post a new one");
        _host.Slack.Updates.Should().HaveCount(2).And.OnlyContain(u => u.Ref == posted, "approved, then access granted");
        FakeSlackMessage current = _host.Slack.Current(posted)!;
        SlackEngineHost.BlocksOf(current).Should().Contain("Approved by <@U0BOB>: on call").And.Contain("Access granted until");
        Actions(current)!.Select(b => b!["action_id"]!.GetValue<string>()).Should().Equal("sym_revoke");
        Snapshot.Match(SlackEngineHost.Readable(current, run.Id));
    }

    [Fact]
    public async Task DeliverAsync_RequesterEscalated_DmsRequesterWithDoneAndExtend()
    {
        SymRun run = await _host.RequestAsync();

        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        FakeSlackMessage dm = _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle().Subject;
        dm.Text.Should().Contain("Your access to *Production DB* is granted until");
        JsonArray actions = JsonNode.Parse(SlackBlock.ToJson(dm.Blocks!))!.AsArray().OfType<JsonObject>().Single(b => (string?)b["type"] == "actions")["elements"]!.AsArray();
        actions.Select(a => a!["action_id"]!.GetValue<string>()).Should().Equal("sym_relinquish", "sym_extend");
        actions[1]!["options"]!.AsArray().Select(o => o!["value"]!.GetValue<string>())
            .Should().Equal($"{run.Id}|1h", $"{run.Id}|4h");
        Snapshot.Match(SlackEngineHost.Readable(dm, run.Id));
    }

    [Fact]
    public async Task DeliverAsync_UpdateDenied_ShowsWhoAndWhyAndDmsRequester()
    {
        SymRun run = await _host.RequestAsync();
        SlackMessageRef posted = _host.Slack.MessagesIn("sym-requests").Single().Ref;

        await _host.Engine.DenyAsync(run.Id, _host.BobUser, "not during the freeze");
        await _host.DeliverAsync();

        FakeSlackMessage current = _host.Slack.Current(posted)!;
        SlackEngineHost.BlocksOf(current).Should().Contain(":x: Denied by <@U0BOB>: not during the freeze");
        Actions(current).Should().BeNull("a decided request has no buttons");
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle()
            .Which.Text.Should().Contain("was denied by <@U0BOB>").And.Contain("not during the freeze");
        Snapshot.Match(SlackEngineHost.Readable(current, run.Id));
    }

    [Fact]
    public async Task DeliverAsync_UpdatePendingRequestExpired_SaysSoAndDmsRequester()
    {
        SymRun run = await _host.RequestAsync();
        SlackMessageRef posted = _host.Slack.MessagesIn("sym-requests").Single().Ref;

        _host.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await _host.Engine.ProcessDueTimersAsync();
        await _host.DeliverAsync();

        (await _host.RunAsync(run.Id)).State.Should().Be(SymRunState.Expired);
        SlackEngineHost.BlocksOf(_host.Slack.Current(posted)!).Should().Contain(":hourglass: Expired without a decision");
        Actions(_host.Slack.Current(posted)!).Should().BeNull();
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle().Which.Text.Should().Contain("expired without a decision");
    }

    [Fact]
    public async Task DeliverAsync_UpdateRevoked_KeepsApprovalAndSaysWhoRevoked()
    {
        SymRun run = await _host.RequestAsync();
        SlackMessageRef posted = _host.Slack.MessagesIn("sym-requests").Single().Ref;
        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        await _host.Engine.RevokeAsync(run.Id, _host.BobUser, "incident over");
        await _host.DeliverAsync();

        FakeSlackMessage current = _host.Slack.Current(posted)!;
        SlackEngineHost.BlocksOf(current).Should().Contain("Approved by <@U0BOB>").And.Contain(":no_entry: Access revoked by <@U0BOB>: incident over");
        Actions(current).Should().BeNull();
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Select(m => m.Text).Should().HaveCount(2)
            .And.Contain(t => t.Contains("was revoked by <@U0BOB>", StringComparison.Ordinal));
        _host.Strategy.Deescalations.Should().Be(1);
        Snapshot.Match(SlackEngineHost.Readable(current, run.Id));
    }

    [Fact]
    public async Task DeliverAsync_UpdateAccessExpired_SaysAccessEnded()
    {
        SymRun run = await _host.RequestAsync();
        SlackMessageRef posted = _host.Slack.MessagesIn("sym-requests").Single().Ref;
        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        _host.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await _host.Engine.ProcessDueTimersAsync();
        await _host.DeliverAsync();

        SlackEngineHost.BlocksOf(_host.Slack.Current(posted)!).Should().Contain(":lock: Access ended as scheduled");
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Last().Text.Should().Contain("Your access to *Production DB* has ended.");
    }

    [Fact]
    public async Task DeliverAsync_UpdateExtensionRequestedThenApproved_ShowsButtonsThenNewExpiry()
    {
        SymRun run = await _host.RequestAsync();
        SlackMessageRef posted = _host.Slack.MessagesIn("sym-requests").Single().Ref;
        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        await _host.Engine.ExtendAsync(run.Id, _host.AliceUser, TimeSpan.FromHours(1), "still debugging");
        await _host.DeliverAsync();
        FakeSlackMessage asked = _host.Slack.Current(posted)!;
        await _host.Engine.ApproveExtensionAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();
        FakeSlackMessage extended = _host.Slack.Current(posted)!;

        SlackEngineHost.BlocksOf(asked).Should().Contain("<@U0ALICE> asks to extend access by 1 hour: still debugging");
        Actions(asked)!.Select(b => b!["action_id"]!.GetValue<string>()).Should().Equal("sym_extend_approve", "sym_extend_deny", "sym_revoke");
        SlackEngineHost.BlocksOf(extended).Should().Contain(":arrow_forward: Access extended to <!date^").And.Contain("by <@U0BOB>");
        Actions(extended)!.Select(b => b!["action_id"]!.GetValue<string>()).Should().Equal("sym_revoke");
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Last().Text.Should().Contain("was extended until");
        Snapshot.Match(SlackEngineHost.Readable(asked, run.Id), SnapshotNameExtension.Create("requested"));
        Snapshot.Match(SlackEngineHost.Readable(extended, run.Id), SnapshotNameExtension.Create("extended"));
    }

    [Fact]
    public async Task DeliverAsync_UpdateQuorumApprovalRecorded_KeepsTheButtons()
    {
        using var host = new SlackEngineHost(o => o.RequiredApprovals = 2);
        host.Flow.Permission = RequestPermission.ForUsers(["bob@example.com", "carol@example.com"]);
        SymRun run = await host.RequestAsync();
        SlackMessageRef posted = host.Slack.MessagesIn("sym-requests").Single().Ref;

        await host.Engine.ApproveAsync(run.Id, host.BobUser);
        await host.DeliverAsync();

        FakeSlackMessage current = host.Slack.Current(posted)!;
        SlackEngineHost.BlocksOf(current).Should().Contain(":ballot_box_with_check: Approved by <@U0BOB>").And.Contain("Approval 1 of 2 recorded.");
        Actions(current)!.Select(b => b!["action_id"]!.GetValue<string>()).Should().Equal("sym_approve", "sym_deny", "sym_cancel");
    }

    [Fact]
    public async Task DeliverAsync_UpdateAfterEngineRestartOnSharedStore_UpdatesTheOriginalMessage()
    {
        var store = new InMemorySymStore();
        string runId;
        SlackMessageRef posted;
        FakeSlack slack;
        using (var before = new SlackEngineHost(store: store))
        {
            runId = (await before.RequestAsync()).Id;
            posted = before.Slack.MessagesIn("sym-requests").Single().Ref;
            slack = before.Slack;
        }

        using var after = new SlackEngineHost(slack: slack, store: store);
        await after.Engine.ApproveAsync(runId, after.BobUser);
        await after.DeliverAsync();

        slack.MessagesIn("sym-requests").Should().ContainSingle();
        slack.Updates.Should().NotBeEmpty().And.OnlyContain(u => u.Ref == posted);
        SlackEngineHost.BlocksOf(slack.Current(posted)!).Should().Contain("Approved by <@U0BOB>");
    }

    [Fact]
    public async Task DeliverAsync_AnnounceToAChannelNotFound_FailsSoTheEngineForwardsToTheNextDestination()
    {
        _host.Flow.Approvers = SlackHelpers.Fallback(SlackHelpers.Channel("C0GONE"), SlackHelpers.Channel("#sym-requests"));

        SymRun run = await _host.RequestAsync();

        run.NotificationIndex.Should().Be(1);
        FakeSlackMessage posted = _host.Slack.MessagesIn("sym-requests").Should().ContainSingle().Subject;
        run.MessageReference.Should().Be($"slack:{_host.Requests.Id}:{posted.Ts}");
        FakeSlackMessage error = _host.Slack.MessagesIn("sym-errors").Should().ContainSingle().Subject;
        error.Text.Should().Contain(SymErrorCodes.DeliveryFailed).And.Contain("Slack:CHANNEL_NOT_FOUND");
    }

    [Fact]
    public async Task DeliverAsync_UpdateForwardedOnTimeout_ClosesTheOldMessageAndTheNewOneTakesOver()
    {
        _host.Flow.Approvers = SlackHelpers.Fallback(
            [SlackHelpers.Channel("#sym-requests", timeout: TimeSpan.FromMinutes(10)), SlackHelpers.User("bob@example.com")], continueOnTimeout: true);
        SymRun run = await _host.RequestAsync();
        SlackMessageRef first = _host.Slack.MessagesIn("sym-requests").Single().Ref;

        _host.Time.Advance(TimeSpan.FromMinutes(10));
        await _host.Engine.ProcessDueTimersAsync();
        await _host.DeliverAsync();

        SlackEngineHost.BlocksOf(_host.Slack.Current(first)!).Should().Contain(":arrow_right: Forwarded to the next approvers");
        Actions(_host.Slack.Current(first)!).Should().BeNull("nobody should decide on the old message any more");
        FakeSlackMessage second = _host.Slack.DirectMessagesTo(_host.Bob.Id).Should().ContainSingle().Subject;
        Actions(second)!.Select(b => b!["action_id"]!.GetValue<string>()).Should().Equal("sym_approve", "sym_deny", "sym_cancel");
        (await _host.RunAsync(run.Id)).MessageReference.Should().Be($"slack:{second.ChannelId}:{second.Ts}");

        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        SlackEngineHost.BlocksOf(_host.Slack.Current(second.Ref)!).Should().Contain("Approved by <@U0BOB>");
        _host.Slack.UpdatesOf(first).Should().ContainSingle("the forwarded message is closed once and then left alone");
    }

    [Fact]
    public async Task DeliverAsync_AnnounceRefusedEverywhere_RequestExpires()
    {
        _host.Slack.Faults.FailNext(10, "chat.postMessage", m => SlackErrors.FromError(m, "not_in_channel"));

        SymActionResult result = await _host.Engine.RequestAsync(new AccessRequest
        {
            Flow = SlackEngineHost.FlowName, Requester = _host.AliceUser, Target = "prod", Duration = TimeSpan.FromHours(1), Reason = "r",
        });
        await _host.DeliverAsync();

        SymRun run = await _host.RunAsync(result.Run!.Id);
        run.State.Should().Be(SymRunState.Expired);
        run.MessageReference.Should().BeNull();
        _host.Slack.Messages.Should().BeEmpty();
        (await _host.Store.GetPendingMessagesAsync()).Should().BeEmpty("a refusal is not retried");
    }

    [Fact]
    public async Task DeliverAsync_AnnounceFailsTransiently_IsDeliveredLaterAndTheRequestStaysPending()
    {
        _host.Slack.Faults.FailNext(1, "chat.postMessage", m => SlackErrors.FromError(m, "ratelimited", retryAfter: TimeSpan.FromSeconds(30)));

        SymActionResult result = await _host.Engine.RequestAsync(new AccessRequest
        {
            Flow = SlackEngineHost.FlowName, Requester = _host.AliceUser, Target = "prod", Duration = TimeSpan.FromHours(1), Reason = "r",
        });
        await _host.DeliverAsync();
        SymRun waiting = await _host.RunAsync(result.Run!.Id);
        _host.Time.Advance(TimeSpan.FromSeconds(30));
        await _host.DeliverAsync();

        waiting.State.Should().Be(SymRunState.Pending);
        waiting.NotificationIndex.Should().Be(0, "a transient failure does not move the request to the next destination");
        waiting.MessageReference.Should().BeNull();
        FakeSlackMessage posted = _host.Slack.MessagesIn("sym-requests").Should().ContainSingle().Subject;
        (await _host.RunAsync(result.Run.Id)).MessageReference.Should().Be($"slack:{_host.Requests.Id}:{posted.Ts}");
    }

    [Fact]
    public async Task DeliverAsync_AnnounceDirectlyWithSlackErrors_ReturnsFailureWithCode()
    {
        SlackNotifier notifier = _host.Services.GetRequiredService<SlackNotifier>();
        SymRun run = await _host.RequestAsync();

        SymDeliveryResult missing = await notifier.DeliverAsync(OutboxMessages.Announce(run, new SlackChannelName("#nowhere")));
        SymDeliveryResult archived = await notifier.DeliverAsync(OutboxMessages.Announce(run, new SlackChannelId(_host.Slack.AddChannel("old", isArchived: true).Id)));
        SymDeliveryResult dm = await notifier.DeliverAsync(OutboxMessages.Announce(run, SlackHelpers.User("bob@example.com")));

        missing.Delivered.Should().BeFalse();
        missing.Error.Should().StartWith(SlackErrorCodes.NameNotFound);
        archived.Delivered.Should().BeFalse();
        archived.Error.Should().StartWith(SlackErrorCodes.IsArchived);
        dm.Delivered.Should().BeTrue();
        SlackEngineHost.BlocksOf(_host.Slack.DirectMessagesTo(_host.Bob.Id).Should().ContainSingle().Which).Should().Contain("sym_approve");
    }

    [Fact]
    public async Task DeliverAsync_SlackHangs_ThrowsATransientTimeoutAfterDeliveryTimeout()
    {
        SymRun run = await _host.RequestAsync();
        ISlackClient hanging = HangingSlack.Create(_host.Slack, "PostMessageAsync");
        var notifier = new SlackNotifier(hanging,
            new SlackDestinationResolver(hanging, new SlackResolveCache(_host.Time, Options.Create(new SlackOptions { BotToken = "x" }))),
            Options.Create(new SlackNotifierOptions { DeliveryTimeout = TimeSpan.FromSeconds(5) }), timeProvider: _host.Time);

        ValueTask<SymDeliveryResult> pending = notifier.DeliverAsync(OutboxMessages.Announce(run, new SlackChannelId(_host.Requests.Id)));
        pending.IsCompleted.Should().BeFalse();
        _host.Time.Advance(TimeSpan.FromSeconds(5));
        Func<Task> act = async () => await pending;

        SymException ex = (await act.Should().ThrowAsync<SymException>()).Which;
        ex.ErrorCode.Should().Be(SlackErrorCodes.Timeout);
        ex.IsPermanent.Should().BeFalse("the engine delivers it again, and the next attempt looks for the post first");
    }

    [Fact]
    public async Task DeliverAsync_UpdateFailsTransiently_GrantStandsAndTheUpdateIsRetried()
    {
        SymRun run = await _host.RequestAsync();
        SlackMessageRef posted = _host.Slack.MessagesIn("sym-requests").Single().Ref;
        _host.Slack.Faults.FailNext(1, "chat.update");

        SymActionResult approved = await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();
        IReadOnlyList<FakeSlackMessage> beforeRetry = _host.Slack.UpdatesOf(posted);
        _host.Time.Advance(TimeSpan.FromMinutes(5));
        await _host.DeliverAsync();

        approved.IsApplied.Should().BeTrue();
        approved.Run!.State.Should().Be(SymRunState.Active);
        _host.Strategy.Escalations.Should().Be(1);
        beforeRetry.Should().BeEmpty("the run's later update waits behind the failed one, in order");
        _host.Slack.UpdatesOf(posted).Should().HaveCount(2, "approved, then access granted, once the retry went through");
        SlackEngineHost.BlocksOf(_host.Slack.Current(posted)!).Should().Contain("Access granted until");
    }

    [Fact]
    public async Task DeliverAsync_UpdateOfAMessageThatIsGone_FailsForGoodAndTheNextUpdatesGoOn()
    {
        SymRun run = await _host.RequestAsync();
        _host.Slack.Faults.FailNext(1, "chat.update", m => SlackErrors.FromError(m, "message_not_found"));

        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        SlackMessageRef posted = _host.Slack.MessagesIn("sym-requests").Single().Ref;
        _host.Slack.UpdatesOf(posted).Should().ContainSingle("the approved update was dropped, the access-granted one delivered");
        (await _host.Store.GetPendingMessagesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task DeliverAsync_UpdateWithoutASlackMessage_DoesNothing()
    {
        SlackNotifier notifier = _host.Services.GetRequiredService<SlackNotifier>();
        SymRun run = (await _host.RequestAsync()) with { MessageReference = "other-notifier:42" };

        SymDeliveryResult result = await notifier.DeliverAsync(OutboxMessages.Update(run, new SymRunUpdate(SymRunUpdateKind.Denied, _host.BobUser)));

        result.Delivered.Should().BeTrue("there is nothing to update, and nothing to retry");
        _host.Slack.Updates.Should().BeEmpty();
    }

    [Fact]
    public async Task DeliverAsync_ErrorWhenEscalationFails_PostsRedactedErrorToErrorChannel()
    {
        _host.Strategy.FailEscalate = true;
        SymRun run = await _host.RequestAsync();

        await _host.Engine.ApproveAsync(run.Id, _host.BobUser);
        await _host.DeliverAsync();

        FakeSlackMessage error = _host.Slack.MessagesIn("sym-errors").Should().ContainSingle().Subject;
        string all = error.Text + SlackEngineHost.BlocksOf(error);
        all.Should().NotContain("SECRETVALUE").And.NotContain("xoxb-1111").And.Contain("[REDACTED]");
        all.Should().Contain("escalate").And.Contain("custom_access");
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().Contain(m => m.Text.Contains("could not be granted", StringComparison.Ordinal));
        Snapshot.Match(SlackEngineHost.Readable(error, run.Id));
    }

    [Fact]
    public async Task DeliverAsync_AfterAnIgnoredAction_TellsTheActorNothing()
    {
        SymRun run = await _host.RequestAsync();

        SymActionResult result = await _host.Engine.ApproveAsync(run.Id, _host.CarolUser);
        await _host.DeliverAsync();

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Contain("You are not allowed to approve this request.", "the front end shows the engine's answer");
        _host.Slack.DirectMessagesTo(_host.Carol.Id).Should().BeEmpty();
        _host.Slack.Ephemerals.Should().BeEmpty();
    }

    [Theory]
    [InlineData(0, 300)]
    [InlineData(30, -1)]
    [InlineData(30, 86401)]
    public void Constructor_OptionOutOfRange_Throws(int timeoutSeconds, int marginSeconds)
    {
        var resolver = new SlackDestinationResolver(_host.Slack, new SlackResolveCache(_host.Time, Options.Create(new SlackOptions { BotToken = "x" })));
        var options = new SlackNotifierOptions
        {
            DeliveryTimeout = TimeSpan.FromSeconds(timeoutSeconds), HistoryLookupMargin = TimeSpan.FromSeconds(marginSeconds),
        };

        Action act = () => _ = new SlackNotifier(_host.Slack, resolver, Options.Create(options));

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void UseSlackNotifier_ReplacesTheDefaultNotifier()
    {
        _host.Services.GetRequiredService<ISymNotifier>().Should().BeOfType<SlackNotifier>();
    }

    [Theory]
    [InlineData("slack:C0123:1700000000.000100", true)]
    [InlineData("slack:C0123:", false)]
    [InlineData("slack::1700000000.000100", false)]
    [InlineData("slack:not-an-id:1.2", false)]
    [InlineData("teams:C0123:1.2", false)]
    [InlineData("", false)]
    public void SlackMessageReference_TryParse_AcceptsOnlyItsOwnFormat(string text, bool valid)
    {
        SlackMessageReference.TryParse(text, out SlackMessageRef parsed).Should().Be(valid);
        if (valid)
        {
            SlackMessageReference.Format(parsed).Should().Be(text);
        }
    }

    private static JsonArray? Actions(FakeSlackMessage message) =>
        JsonNode.Parse(SlackBlock.ToJson(message.Blocks!))!.AsArray().OfType<JsonObject>().SingleOrDefault(b => (string?)b["type"] == "actions")?["elements"]?.AsArray();
}

/// <summary>A Slack client whose chosen method never completes until cancelled; every other call goes to the fake.</summary>
public class HangingSlack : DispatchProxy
{
    private ISlackClient _inner = null!;
    private string _method = string.Empty;

    internal static ISlackClient Create(ISlackClient inner, string method)
    {
        ISlackClient proxy = Create<ISlackClient, HangingSlack>();
        var self = (HangingSlack)(object)proxy;
        self._inner = inner;
        self._method = method;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name != _method)
        {
            return targetMethod.Invoke(_inner, args);
        }

        var token = (CancellationToken)args![^1]!;
        var pending = new TaskCompletionSource<SlackMessageRef>(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => pending.TrySetCanceled(token));
        return pending.Task;
    }
}
