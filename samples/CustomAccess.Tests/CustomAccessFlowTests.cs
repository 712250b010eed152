using System.Text.Json;
using Sym.Sdk;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;
using Sym.Sdk.Testing;
using static CustomAccess.Tests.CustomAccessHarness;

namespace CustomAccess.Tests;

public class CustomAccessFlowTests
{
    [Fact]
    public async Task Approve_ByAListedApprover_GrantsThroughTheApiAndDmsTheRequester()
    {
        await using CustomAccessHarness h = Create();
        HarnessRun run = await h.RequestProdAsync();

        SymActionResult approved = await run.ApproveAsync(Bob);

        approved.IsApplied.Should().BeTrue();
        run.AssertState(SymRunState.Active).AssertNoErrors();
        var escalate = h.Api.RequestsTo(HttpMethod.Post, "/escalate").Should().ContainSingle().Subject;
        escalate.Header("Authorization").Should().Be("Bearer test-token");
        using JsonDocument body = JsonDocument.Parse(escalate.Body);
        body.RootElement.GetProperty("username").GetString().Should().Be("alice@healthy-health.co");
        body.RootElement.GetProperty("identifier").GetString().Should().Be("prod-db");
        body.RootElement.GetProperty("runId").GetString().Should().Be(run.Id);
        h.DmsToAlice.Should().Equal("Access to prod-db granted!");
        h.Harness.AssertMessageTo("#sym-requests", "announce");
    }

    [Fact]
    public async Task Approve_ByAnUnlistedApprover_IsIgnored()
    {
        await using CustomAccessHarness h = Create();
        HarnessRun run = await h.RequestProdAsync();

        SymActionResult result = await run.ApproveAsync(Mallory);

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be("You are not allowed to approve this request.");
        run.AssertState(SymRunState.Pending).AssertStrategyCalls("escalate", 0);
        h.Api.Requests.Should().BeEmpty();
        h.Harness.MessagesTo(Mallory).Should().ContainSingle().Which.Message.Should().Be("You are not allowed to approve this request.");
    }

    [Fact]
    public async Task Deny_ByAnUnlistedMember_IsIgnoredAndTheRequestStaysPending()
    {
        await using CustomAccessHarness h = Create();
        HarnessRun run = await h.RequestProdAsync();

        SymActionResult result = await run.DenyAsync(Mallory, "no");

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be("You are not allowed to deny this request.");
        run.AssertState(SymRunState.Pending);
    }

    [Fact]
    public async Task Deny_ByTheRequesterWhoIsNotAnApprover_IsIgnored()
    {
        await using CustomAccessHarness h = Create();
        HarnessRun run = await h.RequestProdAsync();

        SymActionResult result = await run.DenyAsync(Alice);

        result.Status.Should().Be(SymActionStatus.Ignored);
        run.AssertState(SymRunState.Pending);
    }

    [Fact]
    public async Task Deny_ByAListedApprover_Denies()
    {
        await using CustomAccessHarness h = Create();
        HarnessRun run = await h.RequestProdAsync();

        SymActionResult result = await run.DenyAsync(Bob, "not during the freeze");

        result.IsApplied.Should().BeTrue();
        run.AssertState(SymRunState.Denied).AssertStrategyCalls("escalate", 0);
    }

    [Fact]
    public async Task Approve_SelfApprovalByAListedApprover_IsAllowed()
    {
        await using CustomAccessHarness h = Create();
        HarnessRun run = await h.Harness.RequestAsync(Bob, target: "prod_db", duration: TimeSpan.FromMinutes(30), reason: "self-serve");

        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Active);
    }

    [Fact]
    public async Task Expiry_AfterTheDuration_RevokesThroughTheApi()
    {
        await using CustomAccessHarness h = Create();
        HarnessRun run = await h.RequestProdAsync();
        await run.ApproveAsync(Bob);

        await h.Harness.AdvanceAsync(TimeSpan.FromMinutes(59));
        run.State.Should().Be(SymRunState.Active);
        await h.Harness.AdvanceAsync(TimeSpan.FromMinutes(1));

        run.AssertState(SymRunState.Ended);
        run.StrategyCalls[^1].DeescalateType.Should().Be("scheduled");
        h.Api.RequestsTo(HttpMethod.Post, "/deescalate").Should().ContainSingle();
        h.DmsToAlice.Should().Equal("Access to prod-db granted!", "Access to prod-db revoked!");
    }

    [Fact]
    public async Task Escalate_TheApiFails_IsReportedAndCompensated()
    {
        await using CustomAccessHarness h = Create();
        h.Api.On(HttpMethod.Post, "/escalate").Respond(System.Net.HttpStatusCode.InternalServerError);
        HarnessRun run = await h.RequestProdAsync();

        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Errored);
        SymErrorReport error = h.Harness.Errors.Should().ContainSingle().Subject;
        error.Error.Code.Should().Be("CustomAccess:API_FAILED");
        error.Error.Message.Should().Contain("500");
        h.Harness.MessagesTo("#sym-errors").Should().ContainSingle();
        run.StrategyCalls.Select(c => c.DeescalateType).Should().Equal(null, "compensate");
        h.Api.RequestsTo(HttpMethod.Post, "/deescalate").Should().ContainSingle("the compensating deescalate still revokes");
        h.DmsToAlice.Should().BeEmpty("access was never granted");
        h.Harness.MessagesTo(Alice).Should().Contain(m => m.Update!.Kind == SymRunUpdateKind.Errored);
    }

    [Fact]
    public async Task Escalate_TheApiIsUnreachable_IsReportedAsApiFailed()
    {
        await using CustomAccessHarness h = Create();
        h.Api.Faults.FailNext(1, "POST /escalate", op => new HttpRequestException("connection refused"));
        HarnessRun run = await h.RequestProdAsync();

        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Errored);
        h.Harness.Errors.Should().ContainSingle().Which.Error.Message.Should().Contain("could not be reached");
    }

    [Fact]
    public async Task Revoke_ByTheRequester_RevokesAtOnce()
    {
        await using CustomAccessHarness h = Create();
        HarnessRun run = await h.RequestProdAsync();
        await run.ApproveAsync(Bob);
        await h.Harness.AdvanceAsync(TimeSpan.FromMinutes(10));

        SymActionResult revoked = await run.RevokeAsync(Alice, "done");

        revoked.IsApplied.Should().BeTrue();
        run.AssertState(SymRunState.Ended).AssertStrategyCalls("deescalate", 1);
        run.StrategyCalls[^1].DeescalateType.Should().Be("revoke");
        run.StrategyCalls[^1].Elapsed.Should().Be(TimeSpan.FromMinutes(10));
        (await h.Harness.AdvanceAsync(TimeSpan.FromHours(1))).Should().Be(0);
    }

    [Fact]
    public async Task Request_WithoutAReason_IsRejectedAndCreatesNothing()
    {
        await using CustomAccessHarness h = Create();

        Func<Task> act = () => h.Harness.RequestAsync(Alice, target: "prod_db", duration: TimeSpan.FromHours(1));

        (await act.Should().ThrowAsync<SymRequestValidationException>()).Which.Errors.Should().Contain(e => e.Field == "reason");
        h.Harness.Runs.Should().BeEmpty();
    }

    [Fact]
    public async Task Request_ADurationNotOffered_IsRejected()
    {
        await using CustomAccessHarness h = Create();

        Func<Task> act = () => h.Harness.RequestAsync(Alice, target: "prod_db", duration: TimeSpan.FromHours(2), reason: "r");

        await act.Should().ThrowAsync<SymRequestValidationException>();
    }

    [Fact]
    public async Task GetPermissionsAsync_Directly_AdmitsTheListedApproversWithSelfApproval()
    {
        Event evt = FakeEvents.Event("request").By(Alice).WithVar("approvers", "bob@healthy-health.co, carol@healthy-health.co").Build();

        RequestPermission? permission = await new CustomAccessFlow().GetPermissionsAsync(evt);

        permission!.UserIds.Should().Equal("bob@healthy-health.co", "carol@healthy-health.co");
        permission.AllowSelfApproval.Should().BeTrue();
        permission.Admits(Bob, Alice).Should().BeTrue();
        permission.Admits(Mallory, Alice).Should().BeFalse();
    }

    [Fact]
    public async Task GetPermissionsAsync_NoApproversListed_AdmitsOnlyAdmins()
    {
        Event evt = FakeEvents.Event("request").By(Alice).WithVar("approvers", " , ").Build();

        RequestPermission? permission = await new CustomAccessFlow().GetPermissionsAsync(evt);

        permission!.Level.Should().Be(PermissionLevel.Admin);
        permission.Admits(Bob, Alice).Should().BeFalse();
    }

    [Fact]
    public async Task GetApproversAsync_Directly_IsTheRequestChannelWithSelfApproval()
    {
        Event evt = FakeEvents.Event("request").By(Alice).WithVar("request_channel", "#sym-requests").Build();

        RequestDestination? destination = await new CustomAccessFlow().GetApproversAsync(evt);

        destination.Should().BeOfType<SlackChannelName>().Which.ChannelName.Should().Be("sym-requests");
        destination!.AllowSelf.Should().BeTrue();
    }
}
