using Sym.Sdk;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using SymExamples.Approvals;

namespace SymExamples.Tests;

/// <summary>Sym's <c>approvals</c> example, ported: an approval-only flow with an approver safelist.</summary>
public sealed class ApprovalsTests : IAsyncLifetime
{
    private static readonly User Alice = FakeEvents.User("alice@example.com", slackId: "U0ALICE");
    private static readonly User Bob = FakeEvents.User("bob@example.com", slackId: "U0BOB");
    private static readonly User Carol = FakeEvents.User("carol@example.com", slackId: "U0CAROL");
    private static readonly User Admin = FakeEvents.User("root@example.com", slackId: "U0ROOT", role: UserRole.Admin);

    private readonly SymFlowHarness _harness = SymFlowHarness.CreateBuilder()
        .AddFlow<ApprovalsFlow>(ApprovalsDefinition.Name, ApprovalsDefinition.Create("#access-requests", "alice@example.com,bob@example.com"))
        .Build();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<HarnessRun> RequestAsync(User requester) =>
        _harness.RequestAsync(requester, fields: new Dictionary<string, object?> { ["resource"] = "prod db", ["reason"] = "incident 42" });

    [Fact]
    public async Task Request_NeedsNoDurationOrStrategy_AndGoesToTheFlowVarChannel()
    {
        HarnessRun run = await RequestAsync(Carol);

        run.AssertState(SymRunState.Pending);
        _harness.MessagesTo("#access-requests").Should().ContainSingle().Which.Kind.Should().Be(SymNotificationKind.Announce);
        _harness.StrategyCalls.Should().BeEmpty();
    }

    [Fact]
    public async Task Approve_BySafelistedApprover_EndsTheRunApproved_WithoutAnyGrant()
    {
        HarnessRun run = await RequestAsync(Carol);

        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Approved).AssertNoErrors();
        run.Current.Actors["approve"].Should().Be(Bob);
        _harness.StrategyCalls.Should().BeEmpty();
        (await _harness.AdvanceAsync(TimeSpan.FromDays(30))).Should().Be(0, "an approval-only run schedules nothing");
    }

    [Fact]
    public async Task Approve_ByMemberOutsideTheSafelist_IsIgnoredWithSymsMessage()
    {
        HarnessRun run = await RequestAsync(Carol);

        SymActionResult result = await run.ApproveAsync(Admin);

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be("You are not authorized to approve this request.");
        run.AssertState(SymRunState.Pending);
    }

    [Fact]
    public async Task Approve_OwnRequest_IsAllowed_BecauseTheFlowAllowsSelfApproval()
    {
        HarnessRun run = await RequestAsync(Alice);

        await run.ApproveAsync(Alice);

        run.AssertState(SymRunState.Approved);
    }

    [Fact]
    public async Task Deny_ByTheRequester_IsAllowed()
    {
        HarnessRun run = await RequestAsync(Carol);

        await run.DenyAsync(Carol, "never mind");

        run.AssertState(SymRunState.Denied);
    }

    [Fact]
    public async Task Deny_BySomeoneElseOutsideTheSafelist_IsIgnored()
    {
        HarnessRun run = await RequestAsync(Carol);

        SymActionResult result = await run.DenyAsync(Admin);

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be("You are not authorized to deny this request.");
        run.AssertState(SymRunState.Pending);
    }

    [Fact]
    public async Task WebappView_IsAdminOnly_ButParticipantsSeeTheirOwn()
    {
        User dave = FakeEvents.User("dave@example.com", slackId: "U0DAVE");
        HarnessRun run = await RequestAsync(Carol);
        _harness.Engine.CanView(run.Current, dave).Should().BeTrue("while pending, whoever may decide it sees it");

        await run.ApproveAsync(Bob);

        _harness.Engine.CanView(run.Current, dave).Should().BeFalse("webapp_view is Admin: a member who took no part does not");
        _harness.Engine.CanView(run.Current, Admin).Should().BeTrue();
        _harness.Engine.CanView(run.Current, Carol).Should().BeTrue("the requester");
        _harness.Engine.CanView(run.Current, Bob).Should().BeTrue("the approver");
    }
}
