using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;
using Sym.Sdk.Testing;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>Flows without a strategy (Sym's <c>approvals</c> example): no duration, approving ends the run Approved.</summary>
public sealed class ApprovalOnlyFlowTests
{
    private static AccessRequest Request(TimeSpan? duration = null) => new()
    {
        Flow = EngineHarness.FlowName, Requester = EngineHarness.Requester, Reason = "deploy window", Duration = duration,
    };

    [Fact]
    public async Task Request_WithoutDuration_IsPendingAndAnnounced()
    {
        using var h = EngineHarness.CreateApprovalOnly();

        SymActionResult result = await h.Engine.RequestAsync(Request());
        await h.DeliverAsync();

        result.Status.Should().Be(SymActionStatus.Applied, result.Message);
        result.Run!.State.Should().Be(SymRunState.Pending);
        result.Run.Duration.Should().Be(TimeSpan.Zero);
        h.Notifier.OfKind(SymNotificationKind.Announce).Should().ContainSingle();
    }

    [Fact]
    public async Task Request_WithDuration_IsRefusedAndCreatesNothing()
    {
        using var h = EngineHarness.CreateApprovalOnly();

        Func<Task> act = () => h.Engine.RequestAsync(Request(TimeSpan.FromHours(1)));

        (await act.Should().ThrowAsync<SymRequestValidationException>())
            .Which.Errors.Should().ContainSingle(e => e.Field == "duration" && e.Message.Contains("grants no access"));
        h.Store.RunCount.Should().Be(0);
    }

    [Fact]
    public async Task Approve_EndsTheRunApproved_RunsOnAndAfterApprove_WithoutStrategyOrTimers()
    {
        using var h = EngineHarness.CreateApprovalOnly();
        SymRun run = (await h.Engine.RequestAsync(Request())).Run!;

        SymActionResult result = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver, "looks fine");
        await h.DeliverAsync();

        result.IsApplied.Should().BeTrue();
        result.Message.Should().Be("The request was approved.");
        result.Run!.State.Should().Be(SymRunState.Approved);
        result.Run.IsFinal.Should().BeTrue();
        result.Run.EndedAt.Should().Be(h.Time.GetUtcNow());
        result.Run.ExpiresAt.Should().BeNull();
        result.Run.Actors["approve"].Should().Be(EngineHarness.Approver);
        h.Flow.HookNames.Should().Contain("OnApprove").And.Contain("AfterApprove").And.NotContain("OnEscalate").And.NotContain("AfterEscalate");
        h.Strategy.Calls.Should().BeEmpty();
        (await h.Store.GetTimersAsync(run.Id)).Should().BeEmpty("nothing was granted, so nothing is guarded");
        h.Notifier.OfKind(SymNotificationKind.Requester).Should().ContainSingle(m => m.Update!.Kind == SymRunUpdateKind.Approved);
        (await h.AuditAsync()).Select(a => a.Step).Should().Equal("request", "approve");
    }

    [Fact]
    public async Task Deny_WorksAsBefore()
    {
        using var h = EngineHarness.CreateApprovalOnly();
        SymRun run = (await h.Engine.RequestAsync(Request())).Run!;

        SymActionResult result = await h.Engine.DenyAsync(run.Id, EngineHarness.Approver, "no");

        result.Run!.State.Should().Be(SymRunState.Denied);
        result.Run.DecisionReason.Should().Be("no");
    }

    [Fact]
    public async Task Approve_WithQuorum_RecordsVotesUntilTheQuorum()
    {
        using var h = EngineHarness.CreateApprovalOnly(o => o.RequiredApprovals = 2);
        SymRun run = (await h.Engine.RequestAsync(Request())).Run!;

        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver)).Run!.State.Should().Be(SymRunState.Pending);
        (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver2)).Run!.State.Should().Be(SymRunState.Approved);
    }

    [Theory]
    [InlineData("revoke")]
    [InlineData("relinquish")]
    [InlineData("extend")]
    public async Task AccessActions_AnswerNoAccessGranted_AndChangeNothing(string action)
    {
        using var h = EngineHarness.CreateApprovalOnly();
        SymRun run = (await h.Engine.RequestAsync(Request())).Run!;
        SymRun approved = (await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver)).Run!;

        Func<Task> act = action switch
        {
            "revoke" => () => h.Engine.RevokeAsync(run.Id, EngineHarness.Admin),
            "relinquish" => () => h.Engine.RelinquishAsync(run.Id, EngineHarness.Requester),
            _ => () => h.Engine.ExtendAsync(run.Id, EngineHarness.Requester, TimeSpan.FromHours(1)),
        };

        (await act.Should().ThrowAsync<SymException>()).Which.ErrorCode.Should().Be(SymErrorCodes.NoAccessGranted);
        (await h.RunAsync(run.Id)).Version.Should().Be(approved.Version);
    }

    [Fact]
    public async Task Approve_AgainAfterApproved_IsIgnoredAsAlreadyApproved()
    {
        using var h = EngineHarness.CreateApprovalOnly();
        SymRun run = (await h.Engine.RequestAsync(Request())).Run!;
        await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver);

        SymActionResult again = await h.Engine.ApproveAsync(run.Id, EngineHarness.Approver2);

        again.Status.Should().Be(SymActionStatus.Ignored);
        again.Message.Should().Be("This request was already approved.");
    }

    [Fact]
    public async Task OnRequest_ReturnsApprove_EndsApprovedBySym()
    {
        using var h = EngineHarness.CreateApprovalOnly();
        h.Flow.On["request"] = _ => ApprovalTemplate.Approve("trusted team");

        SymActionResult result = await h.Engine.RequestAsync(Request());

        result.Run!.State.Should().Be(SymRunState.Approved);
        result.Run.Actors["approve"].Should().Be(User.Sym);
        result.Run.DecisionReason.Should().Be("trusted team");
        h.Strategy.Calls.Should().BeEmpty();
    }

    [Fact]
    public void Descriptor_SaysApprovalOnly_AndAsksForNoDuration()
    {
        using var h = EngineHarness.CreateApprovalOnly();

        var flow = h.Engine.FindFlow(EngineHarness.FlowName)!;

        flow.IsApprovalOnly.Should().BeTrue();
        flow.AsksForDuration.Should().BeFalse();
    }

    [Fact]
    public void Descriptor_OfAFlowWithAStrategy_AsksForADuration()
    {
        using var h = EngineHarness.Create();

        var flow = h.Engine.FindFlow(EngineHarness.FlowName)!;

        flow.IsApprovalOnly.Should().BeFalse();
        flow.AsksForDuration.Should().BeTrue();
    }

    [Fact]
    public async Task FlowWithStrategy_StillRequiresAPositiveDuration()
    {
        using var h = EngineHarness.Create();

        Func<Task> act = () => h.Engine.RequestAsync(EngineHarness.NewRequest() with { Duration = null });

        (await act.Should().ThrowAsync<SymRequestValidationException>())
            .Which.Errors.Should().Contain(e => e.Field == "duration" && e.Message == "A positive duration is required.");
    }

    [Theory]
    [InlineData("targets", "Targets has no effect in an approval-only flow")]
    [InlineData("durations", "AllowedDurations has no effect in an approval-only flow")]
    [InlineData("max", "MaxDuration has no effect in an approval-only flow")]
    [InlineData("field", "Name 'duration' has no effect in an approval-only flow")]
    public void Build_ApprovalOnlyWithGrantSettings_FailsNamingTheSetting(string setting, string expected)
    {
        Action act = () => EngineHarness.CreateApprovalOnly(o =>
        {
            switch (setting)
            {
                case "targets": o.Targets.Add(new AccessTargetOptions { Name = "prod", Type = "custom" }); break;
                case "durations": o.AllowedDurations.Add("1h"); break;
                case "max": o.MaxDuration = "1d"; break;
                default: o.Fields.Add(new PromptFieldOptions { Name = "duration", Type = "duration" }); break;
            }
        });

        act.Should().Throw<SymException>().Where(e => e.ErrorCode == SymErrorCodes.InvalidFlow && e.Message.Contains(expected));
    }

    [Fact]
    public void ApprovalOnly_OnTheBuilder_DropsAStrategyAndSetsTypeNone()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(TimeProvider.System);
        services.AddSym().AddFlow<ScriptedFlow>("approvals", f => f.UseStrategy<RecordingStrategy>().ApprovalOnly());
        services.AddSingleton<ScriptedFlow>();
        using ServiceProvider sp = services.BuildServiceProvider();

        sp.GetRequiredService<IOptionsMonitor<FlowOptions>>().Get("approvals").Strategy.Type.Should().Be(FlowStrategyOptions.NoStrategy);
        sp.GetRequiredService<SymEngine>().FindFlow("approvals")!.IsApprovalOnly.Should().BeTrue();
    }
}
