using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;
using Sym.Sdk.Testing.Slack;
using static Sym.Sdk.Testing.Tests.Harness.People;
using SlackHelpers = Sym.Sdk.Integrations.Slack.Slack;

namespace Sym.Sdk.Testing.Tests.Harness;

/// <summary>A flow whose hooks message Slack the way Sym's do (<c>slack.send_message</c>).</summary>
public sealed class AuditedGrantFlow(SlackMessenger slack) : FlowImplementation
{
    public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(new SlackChannelName("access") { AllowSelf = true });

    public override ValueTask<TemplateStep?> OnApproveAsync(Event evt, CancellationToken cancellationToken = default) => new((TemplateStep?)null);

    public override async ValueTask AfterApproveAsync(Event evt, CancellationToken cancellationToken = default) =>
        await slack.SendMessageAsync(SlackHelpers.Channel("#audit"), $"{evt.User.Email} approved {evt.Fields.Reason}", cancellationToken);

    public override async ValueTask AfterEscalateAsync(Event evt, CancellationToken cancellationToken = default) =>
        await slack.SendDirectMessageAsync(evt.GetActor(ApprovalTemplateStep.Request) ?? evt.User, "Your access is ready.", cancellationToken);
}

public sealed class HarnessHookMessageTests
{
    private static (FakeSlack Slack, SymFlowHarness Harness) NewHarness(bool slackNotifier)
    {
        SymFlowHarnessBuilder builder = SymFlowHarness.CreateBuilder().AddFlow<AuditedGrantFlow, GrantStrategy>(GrantFlow.Name, GrantFlow.Configure);
        var slack = new FakeSlack(builder.Time);
        SlackUserInfo alice = slack.AddUser("alice", "alice@example.com", id: "U0ALICE");
        SlackUserInfo bob = slack.AddUser("bob", "bob@example.com", id: "U0BOB");
        slack.AddChannel("access", members: [alice.Id, bob.Id]);
        slack.AddChannel("audit");
        builder.Use(slack).Use(GrantsApi());
        builder.Services.AddHttpClient("grants", c => c.BaseAddress = new Uri("https://grants.example.com"));
        if (slackNotifier)
        {
            builder.Services.AddSym().UseSlackNotifier();
        }

        return (slack, builder.Build());
    }

    [Fact]
    public async Task HookMessages_UnderFakeSlackWithoutAddSymSlack_AreRecordedInMessagesInOrderWithTheirOrigin()
    {
        (FakeSlack slack, SymFlowHarness harness) = NewHarness(slackNotifier: false);
        await using SymFlowHarness owned = harness;

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "deploy");
        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Active).AssertNoErrors();
        SymNotificationRecord audit = harness.MessagesTo("#audit").Should().ContainSingle().Subject;
        audit.Kind.Should().Be(SymNotificationKind.HookMessage);
        audit.Origin.Should().Be(SymMessageOrigin.Hook);
        audit.Message.Should().Be("bob@example.com approved deploy");
        harness.MessagesTo("U0ALICE").Should().ContainSingle(m => m.Origin == SymMessageOrigin.Hook).Which.Message.Should().Be("Your access is ready.");
        harness.MessagesTo(Alice).Should().Contain(m => m.Kind == SymNotificationKind.HookMessage, "a hook's DM names its recipient by email");

        List<SymNotificationRecord> messages = [.. harness.Messages];
        int announce = messages.FindIndex(static m => m.Kind == SymNotificationKind.Announce);
        int hook = messages.FindIndex(static m => m.Kind == SymNotificationKind.HookMessage);
        announce.Should().BeGreaterThanOrEqualTo(0);
        hook.Should().BeGreaterThan(announce, "the request was announced before it was approved");
        messages.Where(static m => m.Origin == SymMessageOrigin.Engine).Should().NotContain(static m => m.Kind == SymNotificationKind.HookMessage);
        harness.GetTranscript().Should().Contain("hook message to #audit: bob@example.com approved deploy");
        slack.MessagesIn("audit").Should().ContainSingle();
    }

    [Fact]
    public async Task HookMessages_WithTheSlackNotifierOnTheFake_EngineMessagesAreRecordedOnceAsTheEngines()
    {
        (FakeSlack slack, SymFlowHarness harness) = NewHarness(slackNotifier: true);
        await using SymFlowHarness owned = harness;

        HarnessRun run = await harness.RequestAsync(Alice, target: "prod", duration: TimeSpan.FromHours(1), reason: "deploy");
        await run.ApproveAsync(Bob);

        run.AssertState(SymRunState.Active).AssertNoErrors();
        slack.Messages.Count.Should().BeGreaterThan(2, "the engine posted through the fake too");
        harness.Messages.Where(static m => m.Origin == SymMessageOrigin.Hook).Select(static m => m.Channel).Should().Equal("#audit", "U0ALICE");
        harness.Messages.Should().Contain(static m => m.Kind == SymNotificationKind.Announce && m.Origin == SymMessageOrigin.Engine);
    }

    [Fact]
    public async Task UsersInChannelAsync_LeavesOutBotsDeactivatedAndEmaillessMembers()
    {
        (FakeSlack slack, SymFlowHarness harness) = NewHarness(slackNotifier: false);
        await using SymFlowHarness owned = harness;
        SlackUserInfo bot = slack.AddUser("robot", "robot@example.com", isBot: true);
        SlackUserInfo gone = slack.AddUser("gone", "gone@example.com", isDeleted: true);
        SlackUserInfo anonymous = slack.AddUser("anon");
        slack.AddChannel("oncall", members: ["U0ALICE", bot.Id, gone.Id, anonymous.Id, "U0BOB"]);

        IReadOnlyList<User> users = await harness.Services.GetRequiredService<SlackMessenger>().UsersInChannelAsync("#oncall");

        users.Select(static u => u.Email).Should().Equal("alice@example.com", "bob@example.com");
        users[0].Identity("slack")!.UserId.Should().Be("U0ALICE");
    }

    [Fact]
    public async Task UsersInChannelAsync_UnknownChannel_ThrowsNameNotFound()
    {
        await using SymFlowHarness harness = NewHarness(slackNotifier: false).Harness;

        Func<Task> act = () => harness.Services.GetRequiredService<SlackMessenger>().UsersInChannelAsync("#nope");

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(SlackErrorCodes.NameNotFound);
    }
}
