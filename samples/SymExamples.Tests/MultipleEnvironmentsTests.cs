using Sym.Sdk;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Slack;
using SymExamples.MultipleEnvironments;

namespace SymExamples.Tests;

/// <summary>
/// Sym's <c>multiple_environments</c> example, ported: one implementation deployed as a sandbox flow and a prod flow,
/// each in its own environment with its own vars (request channel, approver safelist).
/// </summary>
public sealed class MultipleEnvironmentsTests : IAsyncLifetime
{
    private static readonly User Alice = FakeEvents.User("alice@example.com", slackId: "U0ALICE");
    private static readonly User Bob = FakeEvents.User("bob@example.com", slackId: "U0BOB");
    private static readonly User Carol = FakeEvents.User("carol@example.com", slackId: "U0CAROL");

    private readonly FakeSlack _slack = new();
    private SymFlowHarness _harness = null!;

    public Task InitializeAsync()
    {
        _slack.AddUser("alice", "alice@example.com", "U0ALICE");
        _slack.AddUser("bob", "bob@example.com", "U0BOB");
        _slack.AddUser("carol", "carol@example.com", "U0CAROL");
        _slack.AddChannel("sandbox-requests", members: ["U0ALICE", "U0BOB"]);
        _slack.AddChannel("prod-requests", members: ["U0BOB"]);
        _harness = SymFlowHarness.CreateBuilder()
            .AddEnvironment("sandbox", MultipleEnvironmentsDefinition.Environment("T0SANDBOX"))
            .AddEnvironment("prod", MultipleEnvironmentsDefinition.Environment("T0PROD"))
            .AddFlow<MultipleEnvironmentsFlow>("sandbox_approval",
                MultipleEnvironmentsDefinition.Flow("sandbox", "#sandbox-requests", "alice@example.com,bob@example.com"))
            .AddFlow<MultipleEnvironmentsFlow>("prod_approval",
                MultipleEnvironmentsDefinition.Flow("prod", "#prod-requests", "bob@example.com"))
            .Use(_slack)
            .Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<HarnessRun> RequestAsync(string flow, User requester) =>
        _harness.RequestAsync(requester, flow: flow, fields: new Dictionary<string, object?> { ["resource"] = "db", ["reason"] = "debugging" });

    [Fact]
    public async Task EachFlow_AnnouncesInItsEnvironmentsChannel_AndSeesItsEnvironment()
    {
        HarnessRun sandbox = await RequestAsync("sandbox_approval", Carol);
        HarnessRun prod = await RequestAsync("prod_approval", Carol);

        _harness.MessagesTo("#sandbox-requests").Should().ContainSingle().Which.RunId.Should().Be(sandbox.Id);
        _harness.MessagesTo("#prod-requests").Should().ContainSingle().Which.RunId.Should().Be(prod.Id);
    }

    [Fact]
    public async Task Sandbox_AliceMayApprove()
    {
        HarnessRun run = await RequestAsync("sandbox_approval", Carol);

        await run.ApproveAsync(Alice);

        run.AssertState(SymRunState.Approved);
    }

    [Fact]
    public async Task Prod_AliceMayNot_BecauseSheIsNeitherInTheChannelNorTheSafelist()
    {
        HarnessRun run = await RequestAsync("prod_approval", Carol);

        SymActionResult result = await run.ApproveAsync(Alice);

        result.Status.Should().NotBe(SymActionStatus.Applied);
        run.AssertState(SymRunState.Pending);
        await run.ApproveAsync(Bob);
        run.AssertState(SymRunState.Approved);
    }

    [Fact]
    public async Task Deny_ByTheRequesterOutsideTheChannel_IsRefused_ButTheyMayCancel()
    {
        HarnessRun run = await RequestAsync("prod_approval", Carol);

        SymActionResult denied = await run.DenyAsync(Carol);
        denied.Status.Should().NotBe(SymActionStatus.Applied, "approve_deny (the channel's members) bounds who may deny");

        await run.CancelAsync(Carol);
        run.AssertState(SymRunState.Cancelled);
    }

    [Fact]
    public async Task Deny_ByTheRequesterInTheChannel_IsAllowed_ByOnDeny()
    {
        HarnessRun run = await RequestAsync("sandbox_approval", Alice);

        await run.DenyAsync(Alice);

        run.AssertState(SymRunState.Denied);
    }
}
