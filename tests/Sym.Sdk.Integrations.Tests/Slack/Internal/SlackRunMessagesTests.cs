using System.Text.Json.Nodes;
using Sym.Sdk.Integrations.Slack.BlockKit;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Integrations.Tests.Slack.Internal;

public sealed class SlackRunMessagesTests
{
    private static readonly User Requester = new() { Username = "alice@example.com", Email = "alice@example.com", Name = "Alice" };
    private static readonly User Approver = new() { Username = "bob@example.com", Email = "bob@example.com", Name = "Bob" };
    private static readonly User Admin = new() { Username = "root@example.com", Email = "root@example.com", Name = "Root" };

    private static SymRun Run(SymRunState state, params (string Step, User Actor)[] actors) => new()
    {
        Id = "r1", Version = 3, Flow = "custom_access", Requester = Requester, RequestedAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero),
        State = state, Target = new AccessTarget { Name = "prod", Label = "Production DB" },
        Actors = actors.ToDictionary(a => a.Step, a => a.Actor, StringComparer.Ordinal),
        Denials = state == SymRunState.Denied ? [Approver] : [],
    };

    [Fact]
    public void SubmittedSettled_Pending_IsNull() =>
        SlackRunMessages.SubmittedSettled(Run(SymRunState.Pending)).Should().BeNull();

    [Theory]
    [InlineData(SymRunState.Escalating)]
    [InlineData(SymRunState.Active)]
    [InlineData(SymRunState.Deescalating)]
    [InlineData(SymRunState.Ended)]
    public void SubmittedSettled_AfterApproval_SaysApprovedByWhom(SymRunState state) =>
        SlackRunMessages.SubmittedSettled(Run(state, ("approve", Approver)))!.Text
            .Should().Be(":white_check_mark: Your request for *Production DB* was approved by Bob.");

    [Fact]
    public void SubmittedSettled_Denied_SaysDeniedByTheLastDenier() =>
        SlackRunMessages.SubmittedSettled(Run(SymRunState.Denied))!.Text.Should().Be(":x: Your request for *Production DB* was denied by Bob.");

    [Fact]
    public void SubmittedSettled_Expired_SaysItExpired() =>
        SlackRunMessages.SubmittedSettled(Run(SymRunState.Expired))!.Text.Should().Be(":hourglass: Your request for *Production DB* expired without a decision.");

    [Fact]
    public void SubmittedSettled_CancelledByTheRequester_SaysYouCancelled() =>
        SlackRunMessages.SubmittedSettled(Run(SymRunState.Cancelled, ("cancel", Requester)))!.Text
            .Should().Be(":no_entry_sign: You cancelled your request for *Production DB*.");

    [Fact]
    public void SubmittedSettled_CancelledByAnAdmin_SaysWho() =>
        SlackRunMessages.SubmittedSettled(Run(SymRunState.Cancelled, ("cancel", Admin)))!.Text
            .Should().Be(":no_entry_sign: Your request for *Production DB* was cancelled by Root.");

    [Fact]
    public void SubmittedSettled_ErroredBeforeAnyApproval_SaysNoLongerPendingWithoutButtons()
    {
        SlackMessage message = SlackRunMessages.SubmittedSettled(Run(SymRunState.Errored))!;

        message.Text.Should().Be(":information_source: Your request for *Production DB* is no longer pending.");
        JsonNode.Parse(SlackBlock.ToJson(message.Blocks!))!.AsArray().ToJsonString().Should().NotContain("sym_cancel");
    }
}
