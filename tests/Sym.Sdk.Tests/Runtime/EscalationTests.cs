using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Runtime;

public sealed class EscalationTests
{
    [Fact]
    public async Task Escalate_OutputIsRecordedAndReadableInDeescalate()
    {
        using var h = EngineHarness.Create();
        h.Strategy.EscalateOutput = _ => StrategyOutput.Applied(new Dictionary<string, string> { ["grant_id"] = "grant-7" }, "granted");
        StrategyOutput? seen = null;
        h.Strategy.DeescalateOutput = evt =>
        {
            seen = h.Strategy.OutputOf(evt, ApprovalTemplateStep.Escalate);
            return null;
        };

        SymRun run = await h.ActiveRunAsync();
        run.Outputs["escalate"].Data["grant_id"].Should().Be("grant-7");
        await h.Engine.RelinquishAsync(run.Id, EngineHarness.Requester);

        seen.Should().NotBeNull();
        seen!.Data["grant_id"].Should().Be("grant-7");
        (await h.RunAsync(run.Id)).Outputs.Keys.Should().BeEquivalentTo(["escalate", "deescalate"]);
    }

    [Fact]
    public async Task Escalate_NoOpOutcome_IsRecordedAsNoOp()
    {
        using var h = EngineHarness.Create();
        h.Strategy.EscalateOutput = _ => StrategyOutput.AlreadyGranted();
        h.Strategy.DeescalateOutput = _ => StrategyOutput.AlreadyRevoked();
        SymRun run = await h.ActiveRunAsync();
        await h.Engine.RevokeAsync(run.Id, EngineHarness.Admin);

        List<SymAuditEntry> audit = await h.AuditAsync(new() { RunId = run.Id });
        audit.Single(a => a.Step == "escalate").Should().Match<SymAuditEntry>(a => a.Outcome == SymAuditOutcome.NoOp && a.Message == "already granted");
        audit.Single(a => a.Step == "deescalate").Should().Match<SymAuditEntry>(a => a.Outcome == SymAuditOutcome.NoOp && a.Message == "already revoked");
        (await h.RunAsync(run.Id)).Outputs["escalate"].IsNoOp.Should().BeTrue();
    }

    [Fact]
    public async Task Escalate_SchedulesDeescalationAtEscalationTimePlusDuration()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync(TimeSpan.FromHours(4));
        SymTimer timer = (await h.Store.GetTimersAsync(run.Id)).Should().ContainSingle().Subject;
        timer.Kind.Should().Be(SymTimerKind.Deescalate);
        timer.DueAt.Should().Be(run.EscalatedAt!.Value + TimeSpan.FromHours(4));
        run.ExpiresAt.Should().Be(timer.DueAt);
    }

    [Fact]
    public async Task Escalate_ScheduleDeescalationOff_LeavesAccessUntilRevoked()
    {
        using var h = EngineHarness.Create(o => o.ScheduleDeescalation = false);
        SymRun run = await h.ActiveRunAsync();
        run.ExpiresAt.Should().BeNull();
        (await h.Store.GetTimersAsync(run.Id)).Should().BeEmpty();
        await h.AdvanceAsync(TimeSpan.FromDays(2));
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Escalate_RequesterIdentity_IsFetchedOnceAndPersisted()
    {
        using var h = EngineHarness.Create();
        h.Strategy.ReadIdentityOnEscalate = true;
        await h.ActiveRunAsync();
        await h.ActiveRunAsync();
        h.Strategy.LastIdentity.Should().Be("remote-id");
        h.Strategy.IdentityFetches.Should().Be(1);
        (await h.Store.GetIdentityAsync(EngineHarness.Requester, "custom"))!.UserId.Should().Be("remote-id");
    }

    [Fact]
    public async Task Escalate_IdentityFromTheFlow_WinsOverTheStrategyLookup()
    {
        using var h = EngineHarness.Create();
        h.Strategy.ReadIdentityOnEscalate = true;
        h.Flow.Identity = _ => new UserIdentity { Service = "whatever", UserId = "flow-id" };
        await h.ActiveRunAsync();
        h.Strategy.LastIdentity.Should().Be("flow-id");
        h.Strategy.IdentityFetches.Should().Be(0);
    }

    [Fact]
    public async Task Escalate_IdentityNotFound_ErrorsTheRun()
    {
        using var h = EngineHarness.Create();
        h.Strategy.ReadIdentityOnEscalate = true;
        h.Strategy.RemoteIdentity = null;
        SymRun run = await h.RequestAsync();
        await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        SymRun stored = await h.RunAsync(run.Id);
        stored.State.Should().Be(SymRunState.Errored);
        stored.Errors.Should().ContainSingle().Which.Code.Should().Be(SymErrorCodes.IdentityNotFound);
    }

    [Fact]
    public async Task Escalate_StrategyFails_RunErrorsReportsRedactedTellsRequesterAndCompensates()
    {
        using var h = EngineHarness.Create();
        h.Strategy.FailEscalates(1);
        SymRun run = await h.RequestAsync();

        await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        SymRun stored = await h.RunAsync(run.Id);
        stored.State.Should().Be(SymRunState.Errored);
        stored.EscalationFailed.Should().BeTrue();
        stored.DeescalateType.Should().Be("compensate");
        h.Strategy.Calls.Select(c => c.Step).Should().Equal("escalate", "deescalate");
        h.Strategy.Calls.Last().Event.Fields.GetString("deescalate_type").Should().Be("compensate");

        SymRunError error = stored.Errors.Should().ContainSingle().Subject;
        error.Code.Should().Be("Test:ESCALATE_FAILED");
        error.Message.Should().NotContain("xoxb-1234567890").And.Contain("[REDACTED]");
        await h.DeliverAsync();
        h.Errors.Should().ContainSingle().Which.Channel.Should().Be("#sym-errors");
        h.Notifier.OfKind(SymNotificationKind.Requester).Select(r => r.Update!.Kind)
            .Should().Equal(SymRunUpdateKind.Errored, SymRunUpdateKind.Compensated);
        (await h.Store.GetTimersAsync(run.Id)).Should().BeEmpty();
        (await h.AuditAsync(new() { RunId = run.Id, Step = "escalate" })).Should().ContainSingle()
            .Which.Should().Match<SymAuditEntry>(a => a.Outcome == SymAuditOutcome.Failed && a.ErrorCode == "Test:ESCALATE_FAILED");
    }

    [Fact]
    public async Task Escalate_CustomErrorChannel_ReceivesTheReport()
    {
        using var h = EngineHarness.Create(o => o.ErrorChannel = "#platform-alerts");
        h.Strategy.FailEscalates(1);
        SymRun run = await h.RequestAsync();
        await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        await h.DeliverAsync();
        h.Errors.Should().ContainSingle().Which.Channel.Should().Be("#platform-alerts");
    }

    [Fact]
    public async Task Escalate_NotifierThrows_NeverUndoesTheGrant()
    {
        using var h = EngineHarness.Create(services: s => s.AddSingleton<ISymNotifier>(new ThrowingNotifier()));
        SymRun run = await h.RequestAsync();
        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);
        result.Run!.State.Should().Be(SymRunState.Active);
        h.Strategy.CountOf("escalate").Should().Be(1);
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Active);
    }

    [Fact]
    public async Task Escalate_StateIsRecordedBeforeNotificationsGoOut()
    {
        var observer = new StoreObservingNotifier();
        using var h = EngineHarness.Create(services: s => s.AddSingleton<ISymNotifier>(observer));
        observer.Store = h.Store;
        SymRun run = await h.ActiveRunAsync();
        await h.Engine.RevokeAsync(run.Id, EngineHarness.Requester);
        await h.DeliverAsync();
        observer.Seen.Should().Contain((SymRunUpdateKind.Approved, SymRunState.Escalating));
        observer.Seen.Should().Contain((SymRunUpdateKind.Escalated, SymRunState.Active));
        observer.Seen.Should().Contain((SymRunUpdateKind.Revoked, SymRunState.Ended));
    }

    private sealed class ThrowingNotifier : ISymNotifier
    {
        public ValueTask<SymDeliveryResult> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken = default) =>
            message.Kind == SymNotificationKind.Announce ? new(SymDeliveryResult.Success()) : throw new HttpRequestException("slack is down");
    }

    private sealed class StoreObservingNotifier : ISymNotifier
    {
        public InMemorySymStore? Store { get; set; }

        public List<(SymRunUpdateKind, SymRunState)> Seen { get; } = [];

        public async ValueTask<SymDeliveryResult> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
        {
            if (message.Kind == SymNotificationKind.Update)
            {
                SymRun stored = (await Store!.GetRunAsync(message.RunId!, cancellationToken))!;
                stored.Version.Should().BeGreaterThanOrEqualTo(message.Run!.Version, "a message goes out only after its step's commit");
                Seen.Add((message.Update!.Kind, message.Run.State));
            }

            return message.Kind == SymNotificationKind.Announce ? SymDeliveryResult.Success("ts-1") : SymDeliveryResult.Success();
        }
    }
}
