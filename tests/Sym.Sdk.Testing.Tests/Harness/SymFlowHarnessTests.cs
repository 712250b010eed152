using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Http;
using static Sym.Sdk.Testing.Tests.Harness.People;

namespace Sym.Sdk.Testing.Tests.Harness;

public class SymFlowHarnessTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task Services_RunStoreQuery_ReadsTheHarnessRunsByRequester()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun first = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "a");
        await harness.RequestAsync(Bob, target: "prod", duration: Hour, reason: "b");
        HarnessRun second = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "c");
        ISymRunStore store = harness.Services.GetRequiredService<ISymRunStore>();

        var mine = new List<SymRun>();
        await foreach (SymRun run in store.QueryRunsAsync(new SymRunQuery { Requester = Alice.Username }))
        {
            mine.Add(run);
        }

        mine.Select(r => r.Id).Should().BeEquivalentTo([first.Id, second.Id]);
        mine.Should().OnlyContain(r => r.Requester == Alice);
    }

    [Fact]
    public async Task RequestApproveAdvance_RealEngine_GrantsThenRevokesOnExpiry()
    {
        FakeHttpHandler http = GrantsApi();
        await using SymFlowHarness harness = NewHarness(http);

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
        run.State.Should().Be(SymRunState.Pending);
        SymActionResult approved = await run.ApproveAsync(Bob);
        approved.Status.Should().Be(SymActionStatus.Applied);
        run.State.Should().Be(SymRunState.Active);
        int fired = await harness.AdvanceAsync(Hour);

        fired.Should().Be(1);
        run.AssertState(SymRunState.Ended).AssertStrategyCalls("escalate", 1).AssertStrategyCalls("deescalate", 1).AssertNoErrors();
        http.Requests.Select(r => $"{r.Method} {r.Uri.AbsolutePath}").Should().Equal("POST /grants", "DELETE /grants/alice@example.com/prod");
        harness.Runs.Should().ContainSingle().Which.Name.Should().Be("run-1");
    }

    [Fact]
    public async Task AdvanceAsync_PastTheExpiry_FiresTheTimerAtItsDueTime()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await run.ApproveAsync(Bob);

        await harness.AdvanceAsync(TimeSpan.FromHours(3));

        StrategyCall deescalate = run.StrategyCalls.Should().ContainSingle(c => c.Step == "deescalate").Subject;
        deescalate.Elapsed.Should().Be(Hour);
        deescalate.DeescalateType.Should().Be("scheduled");
        run.Current.EndedAt.Should().Be(harness.StartedAt + Hour);
        harness.Elapsed.Should().Be(TimeSpan.FromHours(3));
    }

    [Fact]
    public async Task AdvanceAsync_BeforeTheExpiry_FiresNothing()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await run.ApproveAsync(Bob);

        int fired = await harness.AdvanceAsync(TimeSpan.FromMinutes(59));

        fired.Should().Be(0);
        run.State.Should().Be(SymRunState.Active);
        run.StrategyCalls.Should().ContainSingle(c => c.Step == "escalate");
    }

    [Fact]
    public async Task AdvanceAsync_NegativeDuration_Throws()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());

        Func<Task> act = () => harness.AdvanceAsync(TimeSpan.FromSeconds(-1));

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task AdvanceToAsync_AMoment_MovesTheClockThere()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        DateTimeOffset later = harness.StartedAt + TimeSpan.FromMinutes(90);

        await harness.AdvanceToAsync(later);

        harness.Time.GetUtcNow().Should().Be(later);
        Func<Task> back = () => harness.AdvanceToAsync(harness.StartedAt);
        await back.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task ApproveAsync_ApproverNotInTheFlowsList_IsIgnoredAndTold()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");

        SymActionResult result = await run.ApproveAsync(Mallory);

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be("You are not authorized to approve this request.");
        run.State.Should().Be(SymRunState.Pending);
        harness.MessagesTo(Mallory).Should().ContainSingle().Which.Message.Should().Be("You are not authorized to approve this request.");
        harness.MessagesTo("mallory@example.com").Should().ContainSingle();
        run.StrategyCalls.Should().BeEmpty();
    }

    [Fact]
    public async Task MessagesTo_TheRequestChannel_HoldsTheAnnouncement()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");

        harness.MessagesTo("#access").Should().ContainSingle().Which.Kind.Should().Be(SymNotificationKind.Announce);
        harness.MessagesTo("access").Should().ContainSingle();
        harness.MessagesTo("#elsewhere").Should().BeEmpty();
        harness.AssertMessageTo("#access", "announce to #access");
    }

    [Fact]
    public async Task StrategyCalls_Escalate_RecordTheExactEventTheStrategyGot()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "incident 42");
        await run.ApproveAsync(Bob);

        StrategyCall call = harness.StrategyCalls.Should().ContainSingle().Subject;
        call.Step.Should().Be("escalate");
        call.TargetId.Should().Be("prod");
        call.Run.Should().Be("run-1");
        call.RunId.Should().Be(run.Id);
        call.Succeeded.Should().BeTrue();
        call.Event.Name.Should().Be("escalate");
        call.Event.User.Should().Be(Bob);
        call.Event.GetActor(Sym.Sdk.Templates.ApprovalTemplateStep.Request).Should().Be(Alice);
        call.Event.Fields.Reason.Should().Be("incident 42");
        call.Event.Fields.Target!.Settings["identifier"].Should().Be("db-prod");
        call.Event.Run.Id.Should().Be(run.Id);
    }

    [Fact]
    public async Task RevokeAsync_ByTheApprover_DeescalatesAsRevoke()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await run.ApproveAsync(Bob);

        SymActionResult revoked = await run.RevokeAsync(Bob, "done early");

        revoked.IsApplied.Should().BeTrue();
        run.AssertState(SymRunState.Ended);
        run.StrategyCalls[^1].DeescalateType.Should().Be("revoke");
        (await harness.AdvanceAsync(TimeSpan.FromHours(2))).Should().Be(0, "the scheduled deescalation was cancelled");
        run.AssertStrategyCalls("deescalate", 1);
    }

    [Fact]
    public async Task RelinquishAsync_ByTheRequester_DeescalatesAsRelinquish()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await run.ApproveAsync(Bob);

        (await run.RelinquishAsync(Bob)).Status.Should().Be(SymActionStatus.Ignored, "only the requester may relinquish");
        (await run.RelinquishAsync(Alice)).IsApplied.Should().BeTrue();

        run.AssertState(SymRunState.Ended);
        run.StrategyCalls[^1].DeescalateType.Should().Be("relinquish");
    }

    [Fact]
    public async Task DenyAsync_ByAnApprover_EndsWithoutCallingTheStrategy()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");

        await run.DenyAsync(Bob, "not now");

        run.AssertState(SymRunState.Denied).AssertStrategyCalls("escalate", 0);
        harness.MessagesTo(Alice).Should().ContainSingle(m => m.Update!.Kind == SymRunUpdateKind.Denied);
    }

    [Fact]
    public async Task CancelAsync_ByTheRequester_Cancels()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");

        await run.CancelAsync(Alice);

        run.AssertState(SymRunState.Cancelled);
    }

    [Fact]
    public async Task ExtendAsync_Approved_MovesTheExpiryWithoutReescalating()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await run.ApproveAsync(Bob);
        await harness.AdvanceAsync(TimeSpan.FromMinutes(30));

        (await run.ExtendAsync(Alice, Hour, "still debugging")).IsApplied.Should().BeTrue();
        (await run.ApproveExtensionAsync(Bob)).IsApplied.Should().BeTrue();
        await harness.AdvanceAsync(TimeSpan.FromHours(1));

        run.State.Should().Be(SymRunState.Active, "the grant now ends two hours after the start");
        await harness.AdvanceAsync(TimeSpan.FromHours(1));
        run.AssertState(SymRunState.Ended).AssertStrategyCalls("escalate", 1);
        run.StrategyCalls[^1].Elapsed.Should().Be(TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task DenyExtensionAsync_KeepsTheExpiry()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await run.ApproveAsync(Bob);
        await run.ExtendAsync(Alice, Hour);

        (await run.DenyExtensionAsync(Bob, "no")).IsApplied.Should().BeTrue();
        await harness.AdvanceAsync(Hour);

        run.AssertState(SymRunState.Ended);
    }

    [Fact]
    public async Task EscalateFailure_ApiAnswers500_RunErrorsIsReportedAndCompensated()
    {
        FakeHttpHandler http = GrantsApi();
        http.On(HttpMethod.Post, "/grants").Respond(HttpStatusCode.InternalServerError);
        await using SymFlowHarness harness = NewHarness(http);
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");

        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Errored);
        run.StrategyCalls.Select(c => (c.Step, c.Succeeded, c.DeescalateType)).Should().Equal(
            ("escalate", false, null), ("deescalate", true, "compensate"));
        run.StrategyCalls[0].Error.Should().BeOfType<SymException>().Which.ErrorCode.Should().Be("Grants:FAILED");
        harness.Errors.Should().ContainSingle().Which.Error.Code.Should().Be("Grants:FAILED");
        harness.MessagesTo("#sym-errors").Should().ContainSingle();
        Action assert = () => harness.AssertNoErrors();
        assert.Should().Throw<SymHarnessException>().WithMessage("*Grants:FAILED*");
        Action noRunErrors = () => run.AssertNoErrors();
        noRunErrors.Should().Throw<SymHarnessException>().WithMessage("Expected no errors on run-1*Grants:FAILED*");
    }

    [Fact]
    public async Task RequestAsync_DurationNotAllowed_ThrowsTheEnginesValidationErrorAndCreatesNothing()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());

        Func<Task> act = () => harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(2), reason: "r");

        await act.Should().ThrowAsync<SymRequestValidationException>();
        harness.Runs.Should().BeEmpty();
        harness.Timeline.Should().Contain(e => e.Kind == TimelineEntryKind.Action && e.Text.Contains("rejected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestAsync_AHookIgnoresIt_ThrowsAHarnessExceptionSayingWhy()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());

        Func<Task> act = () => harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "ignore me");

        (await act.Should().ThrowAsync<SymHarnessException>()).WithMessage("The request by alice@example.com created no run: Ignored (Requests need a real reason.)*");
    }

    [Fact]
    public async Task SubmitAsync_AHookIgnoresIt_ReturnsTheEnginesResult()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());

        SymActionResult result = await harness.SubmitAsync(new AccessRequest
        {
            Flow = GrantFlow.Name, Requester = Alice, Target = "prod", Duration = Hour, Reason = "ignore me",
        });

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Run.Should().BeNull();
        harness.MessagesTo(Alice).Should().ContainSingle().Which.Message.Should().Be("Requests need a real reason.");
    }

    [Fact]
    public async Task RequestAsync_FieldOfAnUnsupportedType_Throws()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());

        Func<Task> act = () => harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r",
            fields: new Dictionary<string, object?> { ["ticket"] = new Uri("https://x") });

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*ticket*Uri*");
    }

    [Fact]
    public async Task GetRun_ByNameOrId_FindsTheRun_AndUnknownThrows()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun first = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        HarnessRun second = await harness.RequestAsync(Bob, target: "prod", duration: Hour, reason: "r");

        harness.GetRun("run-2").Id.Should().Be(second.Id);
        harness.GetRun(first.Id).Name.Should().Be("run-1");
        Action unknown = () => harness.GetRun("run-3");
        unknown.Should().Throw<SymHarnessException>().WithMessage("No run 'run-3'*run-1, run-2*");
    }

    [Fact]
    public async Task AssertState_WrongState_ThrowsWithTheRecentTimeline()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await run.ApproveAsync(Bob);

        Action act = () => run.AssertState(SymRunState.Ended);

        act.Should().Throw<SymHarnessException>()
            .WithMessage("Expected run-1 to be Ended, but it is Active.*Recent timeline:*bob@example.com approves*");
    }

    [Fact]
    public async Task AssertStrategyCalls_WrongCount_Throws()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");

        Action act = () => run.AssertStrategyCalls("escalate", 1);

        act.Should().Throw<SymHarnessException>().WithMessage("Expected 1 escalate call(s) to the strategy for run-1, but there were 0.*");
    }

    [Fact]
    public async Task AssertMessageTo_NothingMatches_ThrowsListingWhatWasSent()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");

        Action wrongText = () => harness.AssertMessageTo("#access", "granted");
        Action nowhere = () => harness.AssertMessageTo("#nowhere");

        wrongText.Should().Throw<SymHarnessException>().WithMessage("Expected a message containing \"granted\" to #access. Sent there:*announce to #access*");
        nowhere.Should().Throw<SymHarnessException>().WithMessage("*Nothing was sent there.");
    }

    [Fact]
    public async Task Reset_AfterAStory_ForgetsEverythingAndRestartsTheClockOrigin()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await run.ApproveAsync(Bob);
        await harness.AdvanceAsync(TimeSpan.FromMinutes(10));

        harness.Reset();

        harness.Runs.Should().BeEmpty();
        harness.Timeline.Should().BeEmpty();
        harness.StrategyCalls.Should().BeEmpty();
        harness.Messages.Should().BeEmpty();
        harness.Elapsed.Should().Be(TimeSpan.Zero);
        harness.Store.RunCount.Should().Be(0);
        (await harness.AdvanceAsync(TimeSpan.FromHours(2))).Should().Be(0, "the old run's timers are gone");
        HarnessRun next = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        next.Name.Should().Be("run-1");
    }

    [Fact]
    public async Task Reset_BetweenStories_TheSecondSeesNoRunAuditEntryTimerMessageErrorOrFaultOfTheFirst()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        harness.NotifierFaults.FailNext(1, "notify.announce", ChannelGone); // armed by the first story: gone after Reset
        HarnessRun undelivered = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        HarnessRun granted = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await granted.ApproveAsync(Mallory);
        await granted.ApproveAsync(Bob);
        undelivered.State.Should().Be(SymRunState.Expired);
        granted.State.Should().Be(SymRunState.Active);
        harness.FiredFaults.Should().ContainSingle();
        harness.Errors.Should().NotBeEmpty();
        harness.MessagesTo(Mallory).Should().NotBeEmpty();
        (await harness.Store.GetTimersAsync(granted.Id)).Should().NotBeEmpty();

        harness.Reset();

        harness.Runs.Should().BeEmpty();
        harness.Timeline.Should().BeEmpty();
        harness.StrategyCalls.Should().BeEmpty();
        harness.Messages.Should().BeEmpty();
        harness.Errors.Should().BeEmpty();
        harness.FiredFaults.Should().BeEmpty();
        harness.MessagesTo(Mallory).Should().BeEmpty();
        ((InMemoryNotifier)harness.Notifier).Records.Should().BeEmpty();
        (await AuditAsync(harness)).Should().BeEmpty();
        (await harness.Engine.GetRunAsync(undelivered.Id)).Should().BeNull();
        (await harness.Engine.GetRunAsync(granted.Id)).Should().BeNull();
        (await harness.Store.GetTimersAsync(granted.Id)).Should().BeEmpty();
        ((Action)(() => harness.GetRun(granted.Id))).Should().Throw<SymHarnessException>();

        HarnessRun next = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await next.ApproveAsync(Bob);
        int fired = await harness.AdvanceAsync(TimeSpan.FromHours(2));

        fired.Should().Be(1, "only the second story's grant expires; the first story's timers are gone");
        next.State.Should().Be(SymRunState.Ended);
        harness.Runs.Should().ContainSingle().Which.Name.Should().Be("run-1");
        List<SymAuditEntry> audit = await AuditAsync(harness);
        audit.Should().NotBeEmpty().And.OnlyContain(e => e.RunId == next.Id);
        audit[0].Sequence.Should().Be(1, "the audit log starts again");
        harness.StrategyCalls.Select(c => (c.Step, c.RunId)).Should().Equal(("escalate", next.Id), ("deescalate", next.Id));
        harness.Messages.Should().NotBeEmpty().And.OnlyContain(m => m.RunId == next.Id);
        harness.Timeline.Where(e => e.RunId is not null).Should().OnlyContain(e => e.RunId == next.Id);
        harness.Errors.Should().BeEmpty();
        harness.FiredFaults.Should().BeEmpty();
    }

    [Fact]
    public async Task NotifierFaults_AnnouncementFailsTransiently_IsDeliveredAgainAfterTheBackoffAndTheRequestStaysPending()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi(), b => b.NotifierFaults.FailNext(2, "notify.announce"));

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");

        harness.MessagesTo("#access").Should().ContainSingle().Which.Delivered.Should().BeFalse();
        run.State.Should().Be(SymRunState.Pending, "a transient failure is retried, not forwarded");
        (await harness.Store.GetPendingMessagesAsync(run.Id)).Should().ContainSingle()
            .Which.Should().Match<SymOutboxMessage>(m => m.Attempts == 1 && m.DueAt > harness.Time.GetUtcNow() && m.LastError!.Contains("notify.announce"));

        await harness.AdvanceAsync(TimeSpan.FromMinutes(1));

        harness.MessagesTo("#access").Select(static m => m.Delivered).Should().Equal(false, false, true);
        harness.Errors.Should().BeEmpty();
        (await harness.Store.GetPendingMessagesAsync(run.Id)).Should().BeEmpty();
        run.State.Should().Be(SymRunState.Pending);
    }

    [Fact]
    public async Task NotifierFaults_AnnouncementFails_IsRecordedUndeliveredAndReported()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi(), b => b.NotifierFaults.FailNext(1, "notify.announce", ChannelGone));

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");

        harness.MessagesTo("#access").Should().ContainSingle().Which.Delivered.Should().BeFalse();
        harness.Errors.Should().Contain(e => e.Error.Code == SymErrorCodes.DeliveryFailed);
        harness.FiredFaults.Should().ContainSingle().Which.Text.Should().Contain("notify.announce");
        run.State.Should().Be(SymRunState.Expired, "the only destination failed");
    }

    [Fact]
    public async Task Notifier_RegisteredByTheServices_StillReceivesEveryMessage()
    {
        var mine = new InMemoryNotifier();
        await using SymFlowHarness harness = NewHarness(GrantsApi(), b => b.Services.AddSingleton<ISymNotifier>(mine));

        await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");

        harness.Notifier.Should().BeSameAs(mine);
        mine.OfKind(SymNotificationKind.Announce).Should().ContainSingle();
        harness.Messages.Should().ContainSingle();
    }

    [Fact]
    public async Task Timeline_FakeCallsDuringAStrategyCall_BelongToItsRun()
    {
        await using SymFlowHarness harness = NewHarness(GrantsApi());
        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: Hour, reason: "r");
        await run.ApproveAsync(Bob);

        TimelineEntry post = run.Timeline.Should().ContainSingle(e => e.Kind == TimelineEntryKind.FakeCall).Subject;
        post.Text.Should().Be("http: POST /grants");
        post.Run.Should().Be("run-1");
    }

    private static async Task<List<SymAuditEntry>> AuditAsync(SymFlowHarness harness)
    {
        var entries = new List<SymAuditEntry>();
        await foreach (SymAuditEntry entry in harness.Engine.GetAuditAsync(new SymAuditQuery()))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
