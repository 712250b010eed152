using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

public sealed class ForwardingTests
{
    private static readonly SlackChannelName Team = new("#team");
    private static readonly SlackChannelName Managers = new("#managers");
    private static readonly SlackUser OnCall = new("U0APP");

    [Fact]
    public async Task Request_DefaultDestination_IsTheRequestChannelVar()
    {
        using var h = EngineHarness.Create(o => o.Vars["request_channel"] = "#access-requests");
        SymRun run = await h.RequestAsync();
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Announce).Should().ContainSingle()
            .Which.Destination.Should().Be(new SlackChannelName("#access-requests"));
        run.Notifications.Should().ContainSingle();
    }

    [Fact]
    public async Task Request_NotificationTimesOut_ForwardsToTheNextThenExpiresWhenExhausted()
    {
        using var h = EngineHarness.Create();
        h.Flow.Notifications = _ => [Notification.To(Team, TimeSpan.FromMinutes(10)), Notification.To(Managers, TimeSpan.FromMinutes(30))];
        SymRun run = await h.RequestAsync();

        await h.AdvanceAsync(TimeSpan.FromMinutes(9));
        (await h.RunAsync(run.Id)).NotificationIndex.Should().Be(0);

        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        SymRun forwarded = await h.RunAsync(run.Id);
        forwarded.NotificationIndex.Should().Be(1);
        forwarded.State.Should().Be(SymRunState.Pending);
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Announce).Select(a => a.Destination).Should().Equal(Team, Managers);
        h.Flow.HookNames.Should().Contain(["OnRequestForward", "AfterRequestForward"]);

        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        SymRun expired = await h.RunAsync(run.Id);
        expired.State.Should().Be(SymRunState.Expired);
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Requester).Should().ContainSingle(r => r.Update!.Kind == SymRunUpdateKind.Expired);
        (await h.AuditAsync(new() { RunId = run.Id })).Select(a => a.Step).Should().Equal("request", "request_forward", "request_expire");
    }

    [Fact]
    public async Task Request_DeliveryFails_ForwardsImmediately()
    {
        using var h = EngineHarness.Create();
        h.Notifier.FailDeliveryTo(Team);
        h.Flow.Notifications = _ => [Notification.To(Team), Notification.To(Managers)];
        SymRun run = await h.RequestAsync();
        SymRun stored = await h.RunAsync(run.Id);
        stored.NotificationIndex.Should().Be(1);
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Announce).Select(a => (a.Destination, a.Delivered)).Should().Equal((Team, false), (Managers, true));
        SymRunError error = h.Errors.Should().ContainSingle().Which.Error!.Error;
        error.Code.Should().Be(SymErrorCodes.DeliveryFailed);
        error.Message.Should().StartWith("The request could not be delivered to #team: ", "the destination is named in words, not dumped as a record");
    }

    [Fact]
    public async Task Request_EveryDeliveryFails_ExpiresTheRequest()
    {
        using var h = EngineHarness.Create();
        h.Notifier.FailDeliveryTo(Team);
        h.Notifier.FailDeliveryTo(Managers);
        h.Flow.Notifications = _ => [Notification.To(Team), Notification.To(Managers)];
        SymActionResult result = await h.Engine.RequestAsync(EngineHarness.NewRequest());
        result.Run!.State.Should().Be(SymRunState.Pending, "announcements go out after the request is committed");

        await h.DeliverAsync();

        (await h.RunAsync(result.Run!.Id)).State.Should().Be(SymRunState.Expired);
        h.Errors.Should().HaveCount(2);
    }

    [Fact]
    public async Task Request_FallbackFromGetApprovers_ForwardsOnDeliveryFailureAndOnlyOnTimeoutWhenAsked()
    {
        using var h = EngineHarness.Create();
        h.Notifier.FailDeliveryTo(Team);
        h.Flow.Approvers = _ => new RequestDestinationFallback([Team, Managers with { Timeout = TimeSpan.FromMinutes(5) }, OnCall]);
        SymRun run = await h.RequestAsync();
        (await h.RunAsync(run.Id)).NotificationIndex.Should().Be(1);

        await h.AdvanceAsync(TimeSpan.FromHours(1));
        (await h.RunAsync(run.Id)).NotificationIndex.Should().Be(1, "the fallback does not continue on timeout by default");
    }

    [Fact]
    public async Task Forward_ChangesWhoMayApprove_WhenApproversComeFromTheDestination()
    {
        using var h = EngineHarness.Create();
        h.Flow.Notifications = _ => [Notification.To(new SlackUser("U0OTHER"), TimeSpan.FromMinutes(5)), Notification.To(OnCall)];
        SymRun run = await h.RequestAsync();
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver)).Status.Should().Be(SymActionStatus.Ignored);
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver)).Run!.State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task PendingLifetime_IsSeparateFromTheGrantDuration()
    {
        using var h = EngineHarness.Create(o => o.RequestLifetime = "3h");
        SymRun run = await h.RequestAsync(duration: TimeSpan.FromHours(1));
        run.PendingExpiresAt.Should().Be(run.RequestedAt + TimeSpan.FromHours(3));

        await h.AdvanceAsync(TimeSpan.FromHours(2));
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Pending, "the grant's 1h duration does not bound the pending request");
        await h.AdvanceAsync(TimeSpan.FromHours(1));
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Expired);
    }

    [Fact]
    public async Task Approve_CancelsPendingTimers()
    {
        using var h = EngineHarness.Create();
        h.Flow.Notifications = _ => [Notification.To(Team, TimeSpan.FromMinutes(10)), Notification.To(Managers)];
        SymRun run = await h.ActiveRunAsync();
        (await h.Store.GetTimersAsync(run.Id)).Should().ContainSingle().Which.Kind.Should().Be(SymTimerKind.Deescalate);
    }

    [Fact]
    public async Task OnRequestForward_ReturnsIgnore_StaysAtTheCurrentDestination()
    {
        using var h = EngineHarness.Create();
        h.Flow.On["request_forward"] = _ => Sym.Sdk.Templates.Template.Ignore("stay");
        h.Flow.Notifications = _ => [Notification.To(Team, TimeSpan.FromMinutes(10)), Notification.To(Managers)];
        SymRun run = await h.RequestAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        SymRun stored = await h.RunAsync(run.Id);
        stored.NotificationIndex.Should().Be(0);
        stored.State.Should().Be(SymRunState.Pending);
    }
}
