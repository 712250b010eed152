using System.Text.Json.Nodes;
using Sym.Sdk.Forms;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Integrations.Slack.BlockKit;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Integrations.Tests.Slack.Internal;

/// <summary>Slack over approval-only flows (no duration asked, nothing "granted") and hook decisions (made by Sym).</summary>
public sealed class SlackApprovalOnlyAndHookActorTests
{
    private static readonly User Requester = new() { Username = "alice@example.com", Name = "Alice" };

    private static readonly PromptField Reason = new() { Name = "reason", Type = FieldType.String, Label = "Reason" };

    private static FlowDescriptor Descriptor(bool approvalOnly) => new()
    {
        Name = "approvals", Label = "Approvals", Fields = [Reason], IsApprovalOnly = approvalOnly,
    };

    [Fact]
    public void Modal_OfAnApprovalOnlyFlow_AsksForNoDuration()
    {
        (IReadOnlyList<PromptField> fields, _) = SlackFlowModal.For(Descriptor(approvalOnly: true), [Reason]);

        fields.Select(f => f.Name).Should().Equal("reason");
    }

    [Fact]
    public void Modal_OfAFlowWithAStrategy_AsksForADuration()
    {
        (IReadOnlyList<PromptField> fields, _) = SlackFlowModal.For(Descriptor(approvalOnly: false), [Reason]);

        fields.Select(f => f.Name).Should().Equal("duration", "reason");
    }

    private static SymRun Approved(SymRunState state, User approver) => new()
    {
        Id = "r1", Version = 3, Flow = "approvals", Requester = Requester, RequestedAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero),
        State = state, Approvals = [approver], DecisionReason = "on-call engineer",
        Actors = new Dictionary<string, User>(StringComparer.Ordinal) { ["request"] = Requester, ["approve"] = approver },
    };

    private static string Text(Sym.Sdk.Integrations.Slack.SlackMessage message) => message.Text + JsonNode.Parse(SlackBlock.ToJson(message.Blocks!))!.ToJsonString();

    [Fact]
    public void Updated_ApprovedByAHook_SaysSymAndTheHook_WithTheReason()
    {
        User sym = Approved(SymRunState.Escalating, User.Sym).Approvals[0];
        var hookActor = new User { Id = "sym", Username = "sym", Name = "Sym (on_request hook)", Type = UserType.Bot };

        string text = Text(SlackRunMessages.Updated(Approved(SymRunState.Escalating, hookActor), new SymRunUpdate(SymRunUpdateKind.Approved, hookActor, "on-call engineer"),
            SlackFlowView.For("approvals", null)));

        sym.Should().Be(User.Sym);
        text.Should().Contain("Approved by Sym (on_request hook): on-call engineer").And.NotContain("Approved by Alice");
    }

    [Fact]
    public void Updated_ApprovedInAnApprovalOnlyFlow_DoesNotSayAccessIsBeingGranted()
    {
        var bob = new User { Username = "bob@example.com", Name = "Bob" };

        string approvalOnly = Text(SlackRunMessages.Updated(Approved(SymRunState.Approved, bob), new SymRunUpdate(SymRunUpdateKind.Approved, bob),
            SlackFlowView.For("approvals", null)));
        string granting = Text(SlackRunMessages.Updated(Approved(SymRunState.Escalating, bob), new SymRunUpdate(SymRunUpdateKind.Approved, bob),
            SlackFlowView.For("approvals", null)));

        approvalOnly.Should().Contain("Approved by Bob").And.NotContain("Granting access");
        granting.Should().Contain("Granting access");
    }
}
