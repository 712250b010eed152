using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Slack;

namespace Sym.Sdk.Integrations.Tests.Slack.Notifications;

/// <summary>
/// <see cref="SlackNotifier.DeliverAsync"/>'s contract: which failures are final (a failed delivery) and which may pass
/// (thrown, for the engine to deliver again), and that an ambiguous failure never makes it post a message twice.
/// </summary>
public sealed class SlackNotifierDeliveryTests : IDisposable
{
    private readonly SlackEngineHost _host = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly FakeSlackChannel _approvers;

    public SlackNotifierDeliveryTests()
    {
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        _approvers = _host.Slack.AddChannel("approvers", id: "C0APPROVERS", members: [_host.Bob.Id]);
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _host.Dispose();
    }

    public static TheoryData<string, string, bool> SlackErrorCases() => new()
    {
        // Slack refused the call: the same call will be refused again.
        { "chat.postMessage", "channel_not_found", true },
        { "chat.postMessage", "not_in_channel", true },
        { "chat.postMessage", "is_archived", true },
        { "chat.postMessage", "invalid_blocks", true },
        { "chat.postMessage", "msg_too_long", true },
        { "chat.postMessage", "invalid_auth", true },
        { "chat.postMessage", "missing_scope", true },
        { "chat.postMessage", "some_future_error", true },
        { "conversations.open", "user_not_found", true },
        { "conversations.open", "cannot_dm_bot", true },
        { "chat.update", "message_not_found", true },
        { "chat.update", "cant_update_message", true },
        { "chat.update", "channel_not_found", true },
        // Slack could not take it now: the engine delivers it again later.
        { "chat.postMessage", "ratelimited", false },
        { "chat.postMessage", "internal_error", false },
        { "chat.postMessage", "fatal_error", false },
        { "chat.postMessage", "service_unavailable", false },
        { "conversations.open", "ratelimited", false },
        { "chat.update", "ratelimited", false },
        { "chat.update", "internal_error", false },
    };

    [Theory]
    [MemberData(nameof(SlackErrorCases))]
    public async Task DeliverAsync_SlackError_IsAFailureWhenPermanentElseThrown(string method, string slackError, bool permanent)
    {
        SymRun run = await AnnouncedRunAsync();
        SymOutboxMessage message = method == "chat.update"
            ? OutboxMessages.Update(run, new SymRunUpdate(SymRunUpdateKind.Denied, _host.BobUser))
            : OutboxMessages.Requester(run, new SymRunUpdate(SymRunUpdateKind.Denied, _host.BobUser));
        _host.Slack.Faults.FailNext(1, method, m => SlackErrors.FromError(m, slackError));

        await AssertClassifiedAsync(message, SlackErrors.CodeFor(slackError), permanent);
    }

    /// <summary>The cases of <see cref="SlackErrorCases"/> an announcement meets: posting, and opening a DM.</summary>
    public static TheoryData<string, string, bool> AnnounceErrorCases()
    {
        var cases = new TheoryData<string, string, bool>();
        foreach (object[] row in SlackErrorCases())
        {
            if ((string)row[0] != "chat.update")
            {
                cases.Add((string)row[0], (string)row[1], (bool)row[2]);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(AnnounceErrorCases))]
    public async Task DeliverAsync_AnnounceWithSlackError_IsAFailureWhenPermanentElseThrown(string method, string slackError, bool permanent)
    {
        SymRun run = await PendingRunAsync();
        RequestDestination destination = method == "conversations.open" ? new SlackUser(_host.Bob.Id) : new SlackChannelId(_approvers.Id);
        _host.Slack.Faults.FailNext(1, method, m => SlackErrors.FromError(m, slackError));

        await AssertClassifiedAsync(OutboxMessages.Announce(run, destination), SlackErrors.CodeFor(slackError), permanent);
    }

    [Theory]
    [InlineData(SlackErrorCodes.NetworkError)]
    [InlineData(SlackErrorCodes.ServerError)]
    [InlineData(SlackErrorCodes.InvalidResponse)]
    public async Task DeliverAsync_ClientErrorAfterRetries_IsThrown(string code)
    {
        SymRun run = await PendingRunAsync();
        _host.Slack.Faults.FailNext(1, "chat.postMessage", _ => new SymException(code, "Slack failed."));

        await AssertClassifiedAsync(OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id)), code, permanent: false);
    }

    [Fact]
    public async Task DeliverAsync_ErrorReportToAChannelThatDoesNotResolve_IsAFailure()
    {
        SymDeliveryResult result = await Notifier().DeliverAsync(OutboxMessages.Error("#no-such-channel"));

        result.Delivered.Should().BeFalse();
        result.Error.Should().StartWith(SlackErrorCodes.NameNotFound);
        _logs.Lines.Should().Contain(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("report-error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeliverAsync_TokenProblem_IsAFailureLoggedAsAnError()
    {
        SymRun run = await PendingRunAsync();
        _host.Slack.Faults.FailNext(1, "chat.postMessage", m => SlackErrors.FromError(m, "token_revoked"));

        SymDeliveryResult result = await Notifier().DeliverAsync(OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id)));

        result.Error.Should().StartWith(SlackErrorCodes.TokenRevoked);
        _logs.Lines.Should().Contain(l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("token or scopes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeliverAsync_AnnounceFailsTransientlyAtTheFirstDestination_DoesNotTryTheNext()
    {
        SymRun run = await PendingRunAsync();
        _host.Slack.Faults.FailNext(1, "chat.postMessage", _ => new SymException(SlackErrorCodes.ServerError, "Slack failed."));
        var fallback = Sym.Sdk.Integrations.Slack.Slack.Fallback(new SlackChannelId(_approvers.Id), new SlackChannelId(_host.Requests.Id));

        Func<Task> act = async () => await Notifier().DeliverAsync(OutboxMessages.Announce(run, fallback));

        await act.Should().ThrowAsync<SymException>();
        _host.Slack.Messages.Should().BeEmpty("the first destination may have the post: trying the next could announce the request twice");
    }

    [Fact]
    public async Task DeliverAsync_EveryPost_IsTaggedWithTheOutboxMessageAndPart()
    {
        SymRun run = await PendingRunAsync(fromSlack: true);

        SymDeliveryResult result = await Notifier().DeliverAsync(OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id), id: "msg-7"));
        await Notifier().DeliverAsync(OutboxMessages.Requester(run with { State = SymRunState.Denied }, new SymRunUpdate(SymRunUpdateKind.Denied, _host.BobUser), id: "msg-8"));
        await Notifier().DeliverAsync(OutboxMessages.Error(_host.ErrorsChannel.Id, run.Id, id: "msg-9"));

        result.Delivered.Should().BeTrue();
        _host.Slack.Messages.Select(m => (m.Metadata!.EventType, m.Metadata.GetString(SlackNotifier.OutboxIdKey), m.Metadata.GetString(SlackNotifier.PartKey),
                m.Metadata.GetString("sym_run_id")))
            .Should().Equal(
                ("sym_message", "msg-7", "request", run.Id),
                ("sym_message", "msg-7", "submitted", run.Id),
                ("sym_message", "msg-8", "requester", run.Id),
                ("sym_message", "msg-9", "error", run.Id));
    }

    [Fact]
    public async Task DeliverAsync_AnnounceWhoseAnswerIsLost_FindsThePostAndDoesNotPostAgain()
    {
        SymRun run = await PendingRunAsync();
        _host.Slack.LostResponses.FailNext(1, "chat.postMessage");

        SymDeliveryResult result = await Notifier().DeliverAsync(OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id)));

        _host.Slack.LostResponses.Fired.Should().ContainSingle("Slack posted the message and its answer was lost");
        FakeSlackMessage posted = _host.Slack.MessagesIn(_approvers.Id).Should().ContainSingle().Subject;
        result.Delivered.Should().BeTrue();
        result.Reference.Should().Be($"slack:{_approvers.Id}:{posted.Ts}");
        _logs.Lines.Should().Contain(l => l.Contains("already posted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeliverAsync_AnswerLostAndHistoryUnreadable_ThrowsAndTheNextAttemptFindsThePost()
    {
        SymRun run = await PendingRunAsync();
        _host.Slack.LostResponses.FailNext(1, "chat.postMessage");
        _host.Slack.Faults.FailNext(1, "conversations.history", _ => new SymException(SlackErrorCodes.ServerError, "Slack failed."));
        SymOutboxMessage first = OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id), attempts: 1, id: "msg-crash");

        Func<Task> attempt1 = async () => await Notifier().DeliverAsync(first);
        await attempt1.Should().ThrowAsync<SymException>("whether it was posted is not known yet");
        // The process dies here; a new notifier delivers the same outbox message again.
        SymDeliveryResult attempt2 = await Notifier().DeliverAsync(first with { Attempts = 2 });

        FakeSlackMessage posted = _host.Slack.MessagesIn(_approvers.Id).Should().ContainSingle().Subject;
        attempt2.Delivered.Should().BeTrue();
        attempt2.Reference.Should().Be($"slack:{_approvers.Id}:{posted.Ts}");
    }

    [Fact]
    public async Task DeliverAsync_SecondAttemptAfterACrashAfterEveryPost_FindsTheAnnouncementAndTheDm()
    {
        SymRun run = await PendingRunAsync(fromSlack: true);
        SymOutboxMessage message = OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id), id: "msg-twice");
        SymDeliveryResult first = await Notifier().DeliverAsync(message);

        // The engine died before recording the result: the message is delivered again by a new process.
        SymDeliveryResult second = await Notifier().DeliverAsync(message with { Attempts = 2 });

        _host.Slack.MessagesIn(_approvers.Id).Should().ContainSingle();
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle();
        second.Reference.Should().Be(first.Reference).And.Contain(";dm:");
    }

    [Fact]
    public async Task DeliverAsync_SecondAttemptWithNothingPostedBefore_PostsOnce()
    {
        SymRun run = await PendingRunAsync();

        SymDeliveryResult result = await Notifier().DeliverAsync(OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id), attempts: 3));

        result.Delivered.Should().BeTrue();
        _host.Slack.MessagesIn(_approvers.Id).Should().ContainSingle();
    }

    [Fact]
    public async Task DeliverAsync_SecondAttemptOfAMessageWithoutACreationTime_ReadsTheWholeHistory()
    {
        SymRun run = await PendingRunAsync();
        SymOutboxMessage message = OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id), id: "msg-undated") with { CreatedAt = default };
        await Notifier().DeliverAsync(message);

        SymDeliveryResult again = await Notifier().DeliverAsync(message with { Attempts = 2 });

        again.Delivered.Should().BeTrue();
        _host.Slack.MessagesIn(_approvers.Id).Should().ContainSingle();
    }

    [Fact]
    public async Task DeliverAsync_SecondAttempt_IgnoresPostsOfOtherOutboxMessages()
    {
        SymRun run = await PendingRunAsync();
        await Notifier().DeliverAsync(OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id), id: "msg-earlier"));
        await _host.Slack.PostMessageAsync(_approvers.Id, new SlackMessage("someone else") { Metadata = new SlackMessageMetadata("sym_message", new JsonObject()) });

        SymDeliveryResult result = await Notifier().DeliverAsync(OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id), attempts: 2, id: "msg-later"));

        _host.Slack.MessagesIn(_approvers.Id).Should().HaveCount(3);
        result.Reference.Should().Be($"slack:{_approvers.Id}:{_host.Slack.MessagesIn(_approvers.Id)[2].Ts}");
    }

    [Fact]
    public async Task DeliverAsync_SecondAttemptWithoutTheHistoryScope_PostsAgainAndWarns()
    {
        SymRun run = await PendingRunAsync();
        SymOutboxMessage message = OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id), id: "msg-noscope");
        await Notifier().DeliverAsync(message);
        _host.Slack.Faults.FailNext(1, "conversations.history",
            m => SlackErrors.FromError(m, "missing_scope", "needed: channels:history"));

        SymDeliveryResult again = await Notifier().DeliverAsync(message with { Attempts = 2 });

        again.Delivered.Should().BeTrue();
        _host.Slack.MessagesIn(_approvers.Id).Should().HaveCount(2, "without the history scope the notifier posts again rather than risk never posting");
        _logs.Lines.Should().Contain(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("channels:history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeliverAsync_RequesterDmWhoseAnswerIsLost_IsNotPostedAgainOnTheNextAttempt()
    {
        SymRun run = await AnnouncedRunAsync();
        SymOutboxMessage message = OutboxMessages.Requester(run with { State = SymRunState.Denied }, new SymRunUpdate(SymRunUpdateKind.Denied, _host.BobUser));
        _host.Slack.LostResponses.FailNext(1, "chat.postMessage");
        _host.Slack.Faults.FailNext(1, "conversations.history", _ => new SymException(SlackErrorCodes.NetworkError, "Slack could not be reached."));

        Func<Task> attempt1 = async () => await Notifier().DeliverAsync(message);
        await attempt1.Should().ThrowAsync<SymException>();
        SymDeliveryResult attempt2 = await Notifier().DeliverAsync(message with { Attempts = 2 });

        attempt2.Delivered.Should().BeTrue();
        _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle().Which.Text.Should().Contain("was denied");
    }

    [Fact]
    public async Task DeliverAsync_SubmittedDmWhoseAnswerIsLost_IsFoundAndKeptOnTheReference()
    {
        SymRun run = await PendingRunAsync(fromSlack: true);
        _host.Slack.LostResponses.FailCalls([2], "chat.postMessage"); // 1: the request message, 2: the DM

        SymDeliveryResult result = await Notifier().DeliverAsync(OutboxMessages.Announce(run, new SlackChannelId(_approvers.Id)));

        FakeSlackMessage dm = _host.Slack.DirectMessagesTo(_host.Alice.Id).Should().ContainSingle().Subject;
        SlackMessageReference.TryParseSubmitted(result.Reference, out SlackMessageRef kept).Should().BeTrue(result.Reference);
        kept.Should().Be(dm.Ref);
    }

    [Fact]
    public async Task DeliverDueMessagesAsync_AnnounceWhoseAnswerIsLostWhileHistoryIsDown_PostsOnceAcrossTheEnginesRetry()
    {
        _host.Slack.LostResponses.FailNext(1, "chat.postMessage");
        _host.Slack.Faults.FailNext(1, "conversations.history", _ => new SymException(SlackErrorCodes.ServerError, "Slack failed."));

        SymActionResult requested = await _host.Engine.RequestAsync(new AccessRequest
        {
            Flow = SlackEngineHost.FlowName, Requester = _host.AliceUser, Target = "prod", Duration = TimeSpan.FromHours(1), Reason = "r",
        });
        await _host.DeliverAsync();
        IReadOnlyList<SymOutboxMessage> retrying = await _host.Store.GetPendingMessagesAsync(requested.Run!.Id);
        _host.Time.Advance(TimeSpan.FromMinutes(5));
        await _host.DeliverAsync();

        retrying.Should().ContainSingle().Which.Attempts.Should().Be(1);
        FakeSlackMessage posted = _host.Slack.MessagesIn("sym-requests").Should().ContainSingle("the retry found the first post").Subject;
        (await _host.RunAsync(requested.Run.Id)).MessageReference.Should().Be($"slack:{_host.Requests.Id}:{posted.Ts}");
        (await _host.Store.GetPendingMessagesAsync()).Should().BeEmpty();
    }

    private async Task AssertClassifiedAsync(SymOutboxMessage message, string code, bool permanent)
    {
        SlackNotifier notifier = Notifier();
        if (permanent)
        {
            SymDeliveryResult result = await notifier.DeliverAsync(message);
            result.Delivered.Should().BeFalse();
            result.Error.Should().StartWith(code);
        }
        else
        {
            Func<Task> act = async () => await notifier.DeliverAsync(message);
            SymException thrown = (await act.Should().ThrowAsync<SymException>()).Which;
            thrown.ErrorCode.Should().Be(code);
            thrown.IsPermanent.Should().BeFalse();
        }

        _host.Slack.Faults.Fired.Should().ContainSingle();
    }

    private SlackNotifier Notifier() => new(
        _host.Slack,
        _host.Services.GetRequiredService<ISlackDestinationResolver>(),
        Options.Create(new SlackNotifierOptions()),
        timeProvider: _host.Time,
        logger: _loggerFactory.CreateLogger<SlackNotifier>());

    /// <summary>A pending request whose announcement the engine committed but did not deliver (it stays in the outbox).</summary>
    private async Task<SymRun> PendingRunAsync(bool fromSlack = false)
    {
        SymActionResult result = await _host.Engine.RequestAsync(new AccessRequest
        {
            Flow = SlackEngineHost.FlowName, Requester = _host.AliceUser, Target = "prod", Duration = TimeSpan.FromHours(1), Reason = "r",
            SourceChannel = fromSlack ? "slack" : "api",
        });
        return result.Run!;
    }

    /// <summary>A pending request announced in #sym-requests by the engine's delivery.</summary>
    private Task<SymRun> AnnouncedRunAsync() => _host.RequestAsync();
}
