using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Runtime;

public sealed class RunDecisionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly User A = new() { Username = "a@example.com" };
    private static readonly User B = new() { Username = "b@example.com" };

    [Theory]
    [InlineData(true, 1, true, 1, true)]
    [InlineData(true, 2, true, 1, false)]
    [InlineData(true, 2, true, 2, true)]
    [InlineData(false, 2, true, 1, true)]
    [InlineData(false, 2, false, 1, false)]
    [InlineData(false, 2, false, 2, true)]
    [InlineData(false, 1, false, 1, true)]
    public void IsDecidedBy_QuorumAndDenyWins_DecideAsConfigured(bool approving, int required, bool denyWins, int votes, bool decided)
    {
        RunDecision decision = approving ? RunDecision.Approve : RunDecision.Deny;
        var options = new FlowOptions { RequiredApprovals = required, DenyWins = denyWins };

        decision.IsDecidedBy(options, [.. Enumerable.Repeat(A, votes)]).Should().Be(decided);
    }

    [Fact]
    public void WithVotes_RecordsOnlyItsOwnSide()
    {
        SymRun run = Pending() with { Approvals = [A], Denials = [B] };

        SymRun approved = RunDecision.Approve.WithVotes(run, [A, B]);
        SymRun denied = RunDecision.Deny.WithVotes(run, [B, A]);

        approved.Approvals.Should().Equal(A, B);
        approved.Denials.Should().Equal(B);
        approved.State.Should().Be(SymRunState.Pending);
        denied.Denials.Should().Equal(B, A);
        denied.Approvals.Should().Equal(A);
    }

    [Fact]
    public void Conclude_Approve_ClaimsTheRunForEscalationWithoutEndingIt()
    {
        SymRun run = RunDecision.Approve.Conclude(Pending(), [A], A, "ok", T0.AddHours(1));

        run.State.Should().Be(SymRunState.Escalating);
        run.Approvals.Should().Equal(A);
        run.Actors["approve"].Should().Be(A);
        run.DecisionReason.Should().Be("ok");
        run.EndedAt.Should().BeNull();
    }

    [Fact]
    public void Conclude_Deny_EndsTheRunAtTheGivenTime()
    {
        SymRun run = RunDecision.Deny.Conclude(Pending(), [B], B, "no", T0.AddHours(1));

        run.State.Should().Be(SymRunState.Denied);
        run.Denials.Should().Equal(B);
        run.Actors["deny"].Should().Be(B);
        run.DecisionReason.Should().Be("no");
        run.EndedAt.Should().Be(T0.AddHours(1));
    }

    [Fact]
    public void Messages_AndRedirects_DifferOnlyWhereTheSidesDo()
    {
        RunDecision.Approve.Progress([A], new FlowOptions { RequiredApprovals = 3 }).Should().Be("Approval 1 of 3 recorded.");
        RunDecision.Deny.Progress([A, B], new FlowOptions { RequiredApprovals = 3 }).Should().Be("Denial 2 of 3 recorded.");
        RunDecision.Approve.ConcludesAt(ApprovalTemplateStep.Escalate).Should().BeTrue();
        RunDecision.Approve.ConcludesAt(ApprovalTemplateStep.Deny).Should().BeFalse();
        RunDecision.Deny.ConcludesAt(ApprovalTemplateStep.Escalate).Should().BeFalse();
        RunDecision.Approve.TellsRequester.Should().BeFalse();
        RunDecision.Deny.TellsRequester.Should().BeTrue();
    }

    private static SymRun Pending() => new()
    {
        Id = "r1", Version = 1, Flow = "f", State = SymRunState.Pending, Requester = new User { Username = "req@example.com" },
        Duration = TimeSpan.FromHours(1), RequestedAt = T0,
    };
}
