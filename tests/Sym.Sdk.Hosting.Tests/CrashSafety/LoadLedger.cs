using System.Collections.Concurrent;

namespace Sym.Sdk.Hosting.Tests.CrashSafety;

/// <summary>A request the host acknowledged: created through the API (201) or submitted in Slack (200, no field errors).</summary>
/// <param name="RunId">The run's id: from the API's answer, or derived from the Slack delivery.</param>
/// <param name="Reason">The request's reason, unique in the test.</param>
/// <param name="Target">The target.</param>
/// <param name="Via"><c>api</c> or <c>slack</c>.</param>
/// <param name="Cycle">The cycle (host process) that acknowledged it.</param>
internal sealed record AckedRequest(string RunId, string Reason, string Target, string Via, int Cycle);

/// <summary>An approval the host acknowledged: the API's 200, or Slack's 200 to a signed <c>sym_approve</c> click.</summary>
internal sealed record AckedApproval(string RunId, string Via, int Cycle);

/// <summary>A Slack delivery sent but not answered (the host died with it in flight): Slack sends it again, as Slack does.</summary>
/// <param name="Body">The exact body (the same body is the same delivery).</param>
/// <param name="Request">For a submission, what it requests; <see langword="null"/> for a click.</param>
/// <param name="ApprovedRun">For a click, the run it approves.</param>
internal sealed record SlackRetry(string Body, AckedRequest? Request, string? ApprovedRun);

/// <summary>A run the approvers may act on, once it is known to exist.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Confirmed">Whether the test has seen the run (an API request's run has; a Slack submission's is looked up).</param>
/// <param name="Fate">What the approvers do with it: <c>api</c>, <c>slack</c> or <c>none</c>; chosen when first taken.</param>
/// <param name="NotBefore">When to look the run up again, for a Slack submission not processed yet.</param>
internal sealed record Candidate(string RunId, bool Confirmed, string? Fate = null, DateTimeOffset NotBefore = default);

/// <summary>
/// Everything the load sent and what the host acknowledged, across every cycle: what the verification holds the host to.
/// A request whose answer never arrived (the host died with it in flight) is counted, not held: it may or may not have
/// taken effect.
/// </summary>
internal sealed class LoadLedger
{
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);
    private long _sent;
    private long _unanswered;
    private int _duplicates;

    public ConcurrentDictionary<string, AckedRequest> Requests { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<AckedApproval> Approvals { get; } = [];

    public ConcurrentQueue<Candidate> Candidates { get; } = new();

    /// <summary>Slack deliveries to send again (unanswered ones), taken by the next cycle's Slack workers.</summary>
    public ConcurrentQueue<SlackRetry> SlackRetries { get; } = new();

    /// <summary>Acknowledged Slack submissions, some of which the load sends again (a duplicate delivery).</summary>
    public ConcurrentBag<SlackRetry> SlackDeliveries { get; } = [];

    public long Sent => Interlocked.Read(ref _sent);

    public long Unanswered => Interlocked.Read(ref _unanswered);

    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>How many answers of each kind (for example <c>api-request 201</c>, <c>slack 503</c>).</summary>
    public IReadOnlyDictionary<string, int> Answers => _answers;

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void CountUnanswered() => Interlocked.Increment(ref _unanswered);

    public void CountAnswer(string kind, int status) => _answers.AddOrUpdate($"{kind} {status}", 1, static (_, n) => n + 1);

    public void CountDuplicate() => Interlocked.Increment(ref _duplicates);

    public IEnumerable<AckedRequest> RequestsVia(string via) => Requests.Values.Where(r => r.Via == via);
}
