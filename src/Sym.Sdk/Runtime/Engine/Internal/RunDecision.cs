using Sym.Sdk.Flows;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// What tells approving from denying. The engine runs both through one pipeline — state check, authorization, the On…
/// hook, the vote and its quorum, the transition, audit, notifications, the After… hook — parameterised by one of the two
/// instances, and the same pair decides a pending extension.
/// </summary>
internal sealed class RunDecision
{
    /// <summary>Approving: a quorum of approvals moves the run to Escalating, and escalation follows.</summary>
    public static readonly RunDecision Approve = new(approving: true);

    /// <summary>Denying: with deny-wins one denial (else a quorum of them) moves the run to Denied, and the requester is told.</summary>
    public static readonly RunDecision Deny = new(approving: false);

    private readonly string _vote;

    private RunDecision(bool approving)
    {
        Approving = approving;
        Step = approving ? ApprovalTemplateStep.Approve : ApprovalTemplateStep.Deny;
        AlreadyVoted = approving ? "You already approved this request." : "You already denied this request.";
        Applied = approving ? "The request was approved." : "The request was denied.";
        VoteRecorded = approving ? SymRunUpdateKind.ApprovalRecorded : SymRunUpdateKind.DenialRecorded;
        Decided = approving ? SymRunUpdateKind.Approved : SymRunUpdateKind.Denied;
        _vote = approving ? "Approval" : "Denial";
    }

    /// <summary>Whether this is the approving side (the authorization rules differ: no self-approval).</summary>
    public bool Approving { get; }

    /// <summary>The person's action this decision is (<see cref="SymRunAction.Approve"/> or <see cref="SymRunAction.Deny"/>).</summary>
    public SymRunAction Action => Approving ? SymRunAction.Approve : SymRunAction.Deny;

    /// <summary>The template step, whose name is also the audit step and the telemetry step.</summary>
    public ApprovalTemplateStep Step { get; }

    /// <summary>The answer to an actor who already cast this vote.</summary>
    public string AlreadyVoted { get; }

    /// <summary>The answer to the actor whose vote decided the request.</summary>
    public string Applied { get; }

    /// <summary>The request update for a vote short of the quorum.</summary>
    public SymRunUpdateKind VoteRecorded { get; }

    /// <summary>The request update for the deciding vote.</summary>
    public SymRunUpdateKind Decided { get; }

    /// <summary>Whether the requester is told of the decision directly (a denial; an approval is followed by escalation, which tells them).</summary>
    public bool TellsRequester => !Approving;

    /// <summary>
    /// Whether an On… hook that redirects to <paramref name="target"/> concludes this decision at once, past the quorum
    /// (an approval redirected to escalate); any other redirect fires the target step instead.
    /// </summary>
    public bool ConcludesAt(ApprovalTemplateStep target) => Approving && target == ApprovalTemplateStep.Escalate;

    /// <summary>The votes of this kind cast so far.</summary>
    public IReadOnlyList<User> Votes(SymRun run) => Approving ? run.Approvals : run.Denials;

    /// <summary>The votes cast the other way.</summary>
    public IReadOnlyList<User> OppositeVotes(SymRun run) => Approving ? run.Denials : run.Approvals;

    /// <summary>
    /// The answer to an actor who already voted the other way, when that vote stands: with deny-wins off, approvals and
    /// denials each need a quorum, and one person counted on both sides would help both. (With deny-wins on, a denial
    /// after one's own approval ends the request, which is the point of deny-wins.)
    /// </summary>
    public string? RefuseChangedVote(FlowOptions options, SymRun run, User actor) =>
        (Approving || !options.DenyWins) && Authorizer.Contains(OppositeVotes(run), actor)
            ? Approving
                ? "You already denied this request; a vote cannot be changed."
                : "You already approved this request; a vote cannot be changed."
            : null;

    /// <summary>Whether <paramref name="votes"/> (this vote included) decide the request.</summary>
    public bool IsDecidedBy(FlowOptions options, IReadOnlyList<User> votes) =>
        (!Approving && options.DenyWins) || votes.Count >= options.RequiredApprovals;

    /// <summary>The answer to a vote short of the quorum.</summary>
    public string Progress(IReadOnlyList<User> votes, FlowOptions options) => $"{_vote} {votes.Count} of {options.RequiredApprovals} recorded.";

    /// <summary>
    /// The run with one more vote of this kind, still pending, at <paramref name="version"/> when given (the step's
    /// <see cref="RunContext.NextVersion"/>, which saves <see cref="RunContext.Update"/> a copy), else at the run's.
    /// </summary>
    public SymRun WithVotes(SymRun run, IReadOnlyList<User> votes, long? version = null) => Approving
        ? run with { Version = version ?? run.Version, Approvals = votes }
        : run with { Version = version ?? run.Version, Denials = votes };

    /// <summary>
    /// The run decided: Escalating (claimed for escalation) or Denied (ended), at <paramref name="version"/> when given
    /// (as for <see cref="WithVotes"/>), else at the run's.
    /// </summary>
    public SymRun Conclude(SymRun run, IReadOnlyList<User> votes, User actor, string? reason, DateTimeOffset now, long? version = null) => Approving
        ? run with
        {
            Version = version ?? run.Version,
            State = SymRunState.Escalating,
            Approvals = votes,
            Actors = CopyOnWrite.With(run.Actors, Step.Name, actor),
            DecisionReason = reason,
        }
        : run with
        {
            Version = version ?? run.Version,
            State = SymRunState.Denied,
            Denials = votes,
            Actors = CopyOnWrite.With(run.Actors, Step.Name, actor),
            DecisionReason = reason,
            EndedAt = now,
        };
}
