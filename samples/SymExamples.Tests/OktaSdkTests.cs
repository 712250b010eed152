using System.Text.Json;
using Sym.Sdk;
using Sym.Sdk.Integrations.Okta;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Okta;
using Sym.Sdk.Testing.Slack;
using SymExamples.OktaSdk;

namespace SymExamples.Tests;

/// <summary>
/// Sym's <c>okta_sdk</c> example, ported: the requester's Okta department picks the request channel and its members
/// approve; an approver must be in the Okta approvers group.
/// </summary>
public sealed class OktaSdkTests : IAsyncLifetime
{
    private const string ApproversGroupId = "00gApprovers";

    private readonly FakeOkta _okta = new();
    private readonly FakeSlack _slack = new();
    private SymFlowHarness _harness = null!;

    private readonly User _alice;
    private readonly User _bob;
    private readonly User _carol;
    private readonly User _dana;

    public OktaSdkTests()
    {
        _okta.AddGroup("approvers", ApproversGroupId);
        _alice = Person("alice", "engineering", "U0ALICE");
        _bob = Person("bob", "engineering", "U0BOB", approver: true);
        _carol = Person("carol", "finance", "U0CAROL");
        _dana = Person("dana", "finance", "U0DANA", approver: true);
        _slack.AddChannel("eng-requests", members: ["U0ALICE", "U0BOB"]);
        _slack.AddChannel("sym-requests", members: ["U0CAROL", "U0DANA"]);
    }

    public Task InitializeAsync()
    {
        _harness = SymFlowHarness.CreateBuilder()
            .AddFlow<OktaSdkFlow>(OktaSdkDefinition.Name, OktaSdkDefinition.Create(ApproversGroupId))
            .Use(_okta)
            .Use(_slack)
            .Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private User Person(string name, string department, string slackId, bool approver = false)
    {
        string email = name + "@example.com";
        OktaUser user = _okta.AddUser(new OktaUser
        {
            Id = "00u" + name,
            Profile = new OktaUserProfile
            {
                Login = email,
                Email = email,
                AdditionalAttributes = { ["department"] = JsonSerializer.SerializeToElement(department) },
            },
        });
        if (approver)
        {
            _okta.AddMember(ApproversGroupId, user.Id);
        }

        _slack.AddUser(name, email, slackId);
        return FakeEvents.User(email, slackId: slackId);
    }

    private Task<HarnessRun> RequestAsync(User requester) =>
        _harness.RequestAsync(requester, fields: new Dictionary<string, object?> { ["resource"] = "prod", ["reason"] = "deploy" });

    [Fact]
    public async Task Engineering_GoesToEngRequests()
    {
        HarnessRun run = await RequestAsync(_alice);

        _harness.MessagesTo("#eng-requests").Should().ContainSingle().Which.RunId.Should().Be(run.Id);
        _harness.MessagesTo("#sym-requests").Should().BeEmpty();
    }

    [Fact]
    public async Task OtherDepartments_GoToSymRequests()
    {
        HarnessRun run = await RequestAsync(_carol);

        _harness.MessagesTo("#sym-requests").Should().ContainSingle().Which.RunId.Should().Be(run.Id);
        _harness.MessagesTo("#eng-requests").Should().BeEmpty();
    }

    [Fact]
    public async Task ChannelMemberInTheOktaApproversGroup_Approves()
    {
        HarnessRun run = await RequestAsync(_alice);

        await run.ApproveAsync(_bob);

        run.AssertState(SymRunState.Approved);
    }

    [Fact]
    public async Task ChannelMemberOutsideTheOktaApproversGroup_IsIgnoredWithSymsMessage()
    {
        HarnessRun run = await RequestAsync(_carol);

        SymActionResult result = await run.ApproveAsync(_carol);

        result.Status.Should().Be(SymActionStatus.Ignored);
        result.Message.Should().Be("You are not an authorized approver!");
        run.AssertState(SymRunState.Pending);
    }

    [Fact]
    public async Task ApproverFromAnotherDepartmentsChannel_MayNotApprove()
    {
        HarnessRun run = await RequestAsync(_alice);

        SymActionResult result = await run.ApproveAsync(_dana);

        result.Status.Should().NotBe(SymActionStatus.Applied);
        run.AssertState(SymRunState.Pending);
    }
}
