using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>
/// Overlapping grants (SymEngine.Grants.cs): one requester's runs for one target of one flow share the access, which is
/// revoked only when the last run covering it ends.
/// </summary>
public sealed class SymEngineGrantsTests
{
    private const string OtherFlow = "other_access";
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan FourHours = TimeSpan.FromHours(4);

    [Fact]
    public async Task Expiry_FirstRunEndsFirst_KeepsTheAccessUntilTheSecondEnds()
    {
        using var h = EngineHarness.Create();
        SymRun first = await h.ActiveRunAsync(Hour);
        SymRun second = await h.ActiveRunAsync(FourHours);

        await h.AdvanceAsync(Hour);

        SymRun ended = await h.RunAsync(first.Id);
        ended.State.Should().Be(SymRunState.Ended);
        ended.Outputs["deescalate"].Outcome.Should().Be(StrategyOutcome.NoOp);
        ended.Outputs["deescalate"].Data.Should().Equal(new Dictionary<string, string> { ["kept_for"] = second.Id });
        ended.Outputs["deescalate"].Message.Should().Be(
            $"Access kept: request {second.Id} still grants it (until {second.ExpiresAt:yyyy-MM-dd HH:mm:ss} UTC) and revokes it when that request ends.");
        h.Strategy.CountOf("deescalate").Should().Be(0, "the second run still covers the access");
        (await h.RunAsync(second.Id)).State.Should().Be(SymRunState.Active);
        (await h.AuditAsync(new() { RunId = first.Id, Step = "deescalate" })).Should().ContainSingle()
            .Which.Should().Match<SymAuditEntry>(a => a.Outcome == SymAuditOutcome.NoOp && a.Message!.Contains(second.Id));

        await h.AdvanceAsync(FourHours - Hour);

        (await h.RunAsync(second.Id)).State.Should().Be(SymRunState.Ended);
        DeescalatedRuns(h).Should().Equal(second.Id);
        (await h.RunAsync(second.Id)).Outputs["deescalate"].Outcome.Should().Be(StrategyOutcome.Applied);
    }

    [Fact]
    public async Task Expiry_SecondRunEndsFirst_KeepsTheAccessUntilTheFirstEnds()
    {
        using var h = EngineHarness.Create();
        SymRun first = await h.ActiveRunAsync(FourHours);
        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        SymRun second = await h.ActiveRunAsync(Hour);

        await h.AdvanceAsync(Hour);

        (await h.RunAsync(second.Id)).Should().Match<SymRun>(r => r.State == SymRunState.Ended && r.Outputs["deescalate"].Data["kept_for"] == first.Id);
        (await h.RunAsync(first.Id)).State.Should().Be(SymRunState.Active);
        h.Strategy.CountOf("deescalate").Should().Be(0);

        await h.AdvanceAsync(TimeSpan.FromHours(3));

        (await h.RunAsync(first.Id)).State.Should().Be(SymRunState.Ended);
        DeescalatedRuns(h).Should().Equal(first.Id);
    }

    [Fact]
    public async Task Revoke_OneOfTwoActiveRuns_EndsItAndLeavesTheAccessToTheOther()
    {
        using var h = EngineHarness.Create();
        SymRun first = await h.ActiveRunAsync(Hour);
        SymRun second = await h.ActiveRunAsync(Hour);

        SymActionResult revoked = await h.Engine.RevokeAsync(first.Id, EngineHarness.Admin, "done with this one");

        revoked.IsApplied.Should().BeTrue();
        revoked.Run!.State.Should().Be(SymRunState.Ended);
        revoked.Message.Should().StartWith($"Access kept: request {second.Id} still grants it");
        h.Strategy.CountOf("deescalate").Should().Be(0);
        await h.DeliverAsync();
        h.Notifier.OfKind(SymNotificationKind.Requester).Should().Contain(r =>
            r.RunId == first.Id && r.Update!.Kind == SymRunUpdateKind.Revoked && r.Update.Message!.StartsWith("Access kept", StringComparison.Ordinal));

        await h.AdvanceAsync(Hour);

        (await h.RunAsync(second.Id)).State.Should().Be(SymRunState.Ended);
        DeescalatedRuns(h).Should().Equal(second.Id);
    }

    [Fact]
    public async Task Relinquish_BothRuns_TheLastOneRevokes()
    {
        using var h = EngineHarness.Create();
        SymRun first = await h.ActiveRunAsync(Hour);
        SymRun second = await h.ActiveRunAsync(Hour);

        (await h.Engine.RelinquishAsync(second.Id, EngineHarness.Requester)).Run!.Outputs["deescalate"].IsNoOp.Should().BeTrue();
        h.Strategy.CountOf("deescalate").Should().Be(0);
        SymActionResult last = await h.Engine.RelinquishAsync(first.Id, EngineHarness.Requester);

        last.Message.Should().Be("Access was revoked.");
        DeescalatedRuns(h).Should().Equal(first.Id);
    }

    [Fact]
    public async Task Approve_SecondRunsGrantFailsWhileTheFirstIsActive_CompensationKeepsTheFirstRunsAccess()
    {
        using var h = EngineHarness.Create();
        SymRun first = await h.ActiveRunAsync(Hour);
        SymRun second = await h.RequestAsync();
        h.Strategy.FailEscalates(1);

        await h.Engine.ApproveAsync(second.Id, EngineHarness.Approver);

        SymRun failed = await h.RunAsync(second.Id);
        failed.State.Should().Be(SymRunState.Errored);
        failed.EscalationFailed.Should().BeTrue();
        failed.Outputs["deescalate"].Data["kept_for"].Should().Be(first.Id);
        h.Strategy.CountOf("deescalate").Should().Be(0, "the compensating deescalate must not take the first run's access");
        (await h.RunAsync(first.Id)).State.Should().Be(SymRunState.Active);

        await h.AdvanceAsync(Hour);

        DeescalatedRuns(h).Should().Equal(first.Id);
    }

    [Fact]
    public async Task Extend_FirstRunPastTheSecond_TheSecondKeepsTheAccessAndTheExtendedRunRevokesIt()
    {
        using var h = EngineHarness.Create();
        SymRun first = await h.ActiveRunAsync(Hour);
        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        SymRun second = await h.ActiveRunAsync(Hour);
        await h.Engine.ExtendAsync(first.Id, EngineHarness.Requester, Hour, "still debugging");
        (await h.Engine.ApproveExtensionAsync(first.Id, EngineHarness.Approver)).Run!.ExpiresAt.Should().Be(first.ExpiresAt + Hour);

        await h.AdvanceAsync(Hour); // the first run's original expiry has passed, and the second run's expiry

        (await h.RunAsync(first.Id)).State.Should().Be(SymRunState.Active);
        (await h.RunAsync(second.Id)).Outputs["deescalate"].Data["kept_for"].Should().Be(first.Id);
        h.Strategy.CountOf("deescalate").Should().Be(0);

        await h.AdvanceAsync(TimeSpan.FromMinutes(30));

        (await h.RunAsync(first.Id)).State.Should().Be(SymRunState.Ended);
        DeescalatedRuns(h).Should().Equal(first.Id);
        h.Strategy.CountOf("escalate").Should().Be(2, "an extension never re-escalates");
    }

    [Theory]
    [InlineData("target")]
    [InlineData("flow")]
    [InlineData("requester")]
    public async Task Expiry_RunsOfDifferentGrants_EachRevokesItsOwnAccess(string differs)
    {
        using var h = EngineHarness.Create(o => o.Targets.Add(new AccessTargetOptions { Name = "staging", Label = "Staging" }),
            services: s => s.AddSym().AddFlow<ScriptedFlow>(OtherFlow, f => f.UseStrategy<RecordingStrategy>().Configure(o =>
            {
                o.AllowedDurations.Add("1h");
                o.Targets.Add(new AccessTargetOptions { Name = "prod", Label = "Production" });
                o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
            })));
        SymRun first = await h.ActiveRunAsync(Hour);
        User other = new() { Username = "other@example.com" };
        AccessRequest request = differs switch
        {
            "target" => EngineHarness.NewRequest(target: "staging"),
            "flow" => EngineHarness.NewRequest() with { Flow = OtherFlow },
            _ => EngineHarness.NewRequest(other),
        };
        SymRun second = (await h.Engine.RequestAsync(request)).Run!;
        (await h.Engine.ApproveAsync(second.Id, EngineHarness.Approver)).Run!.State.Should().Be(SymRunState.Active);
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));

        await h.Engine.RevokeAsync(first.Id, EngineHarness.Admin);

        DeescalatedRuns(h).Should().Equal(first.Id);
        await h.AdvanceAsync(Hour);
        DeescalatedRuns(h).Should().Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task Expiry_SameRequesterSpelledInAnotherCase_SharesTheGrant()
    {
        using var h = EngineHarness.Create();
        SymRun first = await h.ActiveRunAsync(Hour);
        User shouting = new() { Username = "REQ@EXAMPLE.COM" };
        SymRun second = (await h.Engine.RequestAsync(EngineHarness.NewRequest(shouting, FourHours))).Run!;
        await h.Engine.ApproveAsync(second.Id, EngineHarness.Approver);

        await h.AdvanceAsync(Hour);

        (await h.RunAsync(first.Id)).Outputs["deescalate"].Data["kept_for"].Should().Be(second.Id);
        h.Strategy.CountOf("deescalate").Should().Be(0);
    }

    [Fact]
    public async Task Revoke_WhileAnotherRunIsOnlyEscalating_RevokesAndTheOtherRunGrantsTheAccessAgain()
    {
        using var h = EngineHarness.Create();
        SymRun first = await h.ActiveRunAsync(Hour);
        using EngineHarness peer = Peer(h);
        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        SymRun second = await h.RequestAsync();
        using var gate = new EscalateGate(peer.Flow, second.Id, null);
        Task<SymActionResult> approving = Task.Run(() => peer.Engine.ApproveAsync(second.Id, EngineHarness.Approver));
        await gate.Entered;

        SymActionResult revoked = await h.Engine.RevokeAsync(first.Id, EngineHarness.Admin);

        revoked.Message.Should().Be("Access was revoked.", "a run still escalating holds no recorded grant, so it keeps nothing");
        DeescalatedRuns(h).Should().Equal(first.Id);
        gate.Release();
        (await approving).Run!.State.Should().Be(SymRunState.Active);
        h.Strategy.Calls.Select(c => (c.Step, c.Event.Run!.Id)).Should().Equal(
            ("escalate", first.Id), ("deescalate", first.Id), ("escalate", second.Id));

        await h.AdvanceAsync(Hour);

        DeescalatedRuns(h).Should().Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task Revoke_WhileAnotherRunsEscalationIsThenCancelledByItsHook_LeavesNoAccessBehind()
    {
        using var h = EngineHarness.Create();
        SymRun first = await h.ActiveRunAsync(Hour);
        using EngineHarness peer = Peer(h);
        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        SymRun second = await h.RequestAsync();
        using var gate = new EscalateGate(peer.Flow, second.Id, Template.Ignore("The change freeze started."));
        Task<SymActionResult> approving = Task.Run(() => peer.Engine.ApproveAsync(second.Id, EngineHarness.Approver));
        await gate.Entered;

        await h.Engine.RevokeAsync(first.Id, EngineHarness.Admin);
        gate.Release();
        await approving;

        (await h.RunAsync(second.Id)).State.Should().Be(SymRunState.Cancelled);
        (await h.RunAsync(first.Id)).Should().Match<SymRun>(r => r.State == SymRunState.Ended && !r.Outputs["deescalate"].IsNoOp);
        DeescalatedRuns(h).Should().Equal(first.Id);
        h.Strategy.CountOf("escalate").Should().Be(1, "the cancelled run never granted anything");
    }

    [Fact]
    public async Task Revoke_WhileAnotherRunsGrantIsBeingRecorded_WaitsForTheRecordAndKeepsTheAccess()
    {
        var store = new FlakyStore();
        using var h = EngineHarness.Create(services: s =>
        {
            s.AddSingleton(store.Inner);
            s.AddSingleton<ISymStore>(store);
        });
        SymRun first = await h.ActiveRunAsync(Hour);
        SymRun second = (await h.Engine.RequestAsync(EngineHarness.NewRequest() with { RequestId = IdOnAnotherStripe(first.Id) })).Run!;
        var recording = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.BeforeCommit = t =>
        {
            if (t.Run is { State: SymRunState.Active } run && run.Id == second.Id)
            {
                recording.TrySetResult();
                return release.Task;
            }

            return Task.CompletedTask;
        };

        // The second run's strategy has granted; the commit recording it is held back until the revoke waits for the grant.
        h.Engine.GrantLocks.Contended = _ => release.TrySetResult();
        Task<SymActionResult> approving = Task.Run(() => h.Engine.ApproveAsync(second.Id, EngineHarness.Approver));
        await recording.Task;
        SymActionResult revoked = await h.Engine.RevokeAsync(first.Id, EngineHarness.Admin);
        release.TrySetResult();
        await approving;

        revoked.Run!.Outputs["deescalate"].Data.Should().ContainKey("kept_for").WhoseValue.Should().Be(second.Id);
        h.Strategy.CountOf("deescalate").Should().Be(0, "the second run's fresh grant must not be revoked");
        (await h.RunAsync(second.Id)).State.Should().Be(SymRunState.Active);
    }

    /// <summary>A run id whose run lock is not the one <paramref name="runId"/> uses (the engine stripes run locks by id).</summary>
    private static string IdOnAnotherStripe(string runId) =>
        Enumerable.Range(1, 1000).Select(i => $"second-{i}").First(id => RunLocks.StripeOf(id) != RunLocks.StripeOf(runId));

    /// <summary>
    /// A second engine over the same store, clock and strategy (another host, or this one after a restart): its gated
    /// escalate holds no lock of the first engine, so what the first one does depends only on what the store shows.
    /// </summary>
    private static EngineHarness Peer(EngineHarness h) => EngineHarness.Create(services: s =>
    {
        s.AddSingleton(h.Store);
        s.AddSingleton<TimeProvider>(h.Time);
        s.AddSingleton(h.Strategy);
    });

    /// <summary>The runs the strategy revoked access for, in order.</summary>
    private static List<string> DeescalatedRuns(EngineHarness h) =>
        [.. h.Strategy.Calls.Where(static c => c.Step == "deescalate").Select(static c => c.Event.Run!.Id)];

    /// <summary>
    /// Holds one run's <c>OnEscalateAsync</c> until released, then answers <paramref name="result"/>: the run stays
    /// Escalating, before its strategy call, for as long as a test needs.
    /// </summary>
    private sealed class EscalateGate : IDisposable
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _release = new();

        public EscalateGate(ScriptedFlow flow, string runId, TemplateStep? result) =>
            flow.On["escalate"] = evt =>
            {
                if (evt.Run!.Id != runId)
                {
                    return null;
                }

                _entered.TrySetResult();
                _release.Wait(TimeSpan.FromMinutes(1)); // a safety net against a hung test, not a timing assertion
                return result;
            };

        public Task Entered => _entered.Task;

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
        }
    }
}
