using Sym.Sdk;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.PagerDuty;
using Sym.Sdk.Testing.Slack;
using SymExamples.PagerDutyOnCall;

namespace SymExamples.Tests;

/// <summary>Sym's <c>pagerduty_on_call</c> example, ported: on-call requesters are approved by the on_request hook.</summary>
public sealed class PagerDutyOnCallTests : IAsyncLifetime
{
    private static readonly User Olga = FakeEvents.User("olga@example.com", slackId: "U0OLGA");
    private static readonly User Bob = FakeEvents.User("bob@example.com", slackId: "U0BOB");

    private readonly FakePagerDuty _pagerDuty = new();
    private readonly FakeSlack _slack = new();
    private SymFlowHarness _harness = null!;

    public Task InitializeAsync()
    {
        _pagerDuty.AddUser("olga@example.com");
        _pagerDuty.AddUser("bob@example.com");
        _pagerDuty.AddOnCall("olga@example.com", scheduleId: "PSCHED1");
        _slack.AddChannel("sym-requests");
        _harness = SymFlowHarness.CreateBuilder()
            .AddFlow<PagerDutyOnCallFlow>(PagerDutyOnCallDefinition.Name, PagerDutyOnCallDefinition.Create())
            .Use(_pagerDuty)
            .Use(_slack)
            .Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<SymActionResult> RequestAsync(User requester) =>
        _harness.SubmitAsync(new AccessRequest
        {
            Flow = PagerDutyOnCallDefinition.Name,
            Requester = requester,
            Reason = "prod is on fire",
            Fields = new Dictionary<string, System.Text.Json.JsonElement> { ["resource"] = System.Text.Json.JsonSerializer.SerializeToElement("prod db") },
        });

    [Fact]
    public async Task OnCallRequester_IsApprovedByTheHook_NotByThemselves_WithSymsReason()
    {
        SymActionResult result = await RequestAsync(Olga);

        HarnessRun run = _harness.GetRun(result.Run!.Id);
        run.AssertState(SymRunState.Approved).AssertNoErrors();
        run.Current.Actors["approve"].Should().NotBe(Olga, "an auto-approval is the hook's, not a self-approval");
        run.Current.Actors["approve"].Should().Be(User.Sym);
        run.Steps.Where(s => s.Step == "approve").Should().ContainSingle().Which.Message.Should().Contain("Auto-approved On-call engineer: prod is on fire");
    }

    [Fact]
    public async Task OffCallRequester_WaitsForAHuman()
    {
        SymActionResult result = await RequestAsync(Bob);

        HarnessRun run = _harness.GetRun(result.Run!.Id);
        run.AssertState(SymRunState.Pending);
        _harness.MessagesTo("#sym-requests").Should().ContainSingle();

        await run.ApproveAsync(Olga);
        run.AssertState(SymRunState.Approved);
        run.Current.Actors["approve"].Should().Be(Olga);
    }

    [Fact]
    public async Task PagerDutyFailure_FallsBackToOffCall_AndReportsInSlack()
    {
        _pagerDuty.Faults.FailNext(1, "pagerduty.IsOnCall", _ => new SymAuthenticationException("PagerDuty:UNAUTHORIZED", "The PagerDuty token expired."));

        SymActionResult result = await RequestAsync(Olga);

        result.Run.Should().NotBeNull(_harness.GetTranscript());
        HarnessRun run = _harness.GetRun(result.Run!.Id);
        run.AssertState(SymRunState.Pending);
        _harness.MessagesTo("#sym-requests").Should().Contain(m => m.Message != null && m.Message.Contains("A PagerDutyError occurred while checking who's on-call", StringComparison.Ordinal));
    }
}
