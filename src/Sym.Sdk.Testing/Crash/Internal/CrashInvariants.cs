using System.Globalization;
using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Testing.Crash.Internal;

/// <summary>
/// Checks the invariants of one crash scenario after recovery: from the surviving store (runs, audit, outbox) and what
/// both processes' harnesses saw (strategy calls with their times, notifications delivered).
/// </summary>
internal sealed class CrashInvariants(
    string point, string write, ISymStore store, SymFlowHarness crashed, SymFlowHarness recovered, TimeSpan maxLag, IOptionsMonitor<FlowOptions> flows)
{
    private static readonly Dictionary<SymRunState, SymRunUpdateKind[]> FinalUpdates = new()
    {
        [SymRunState.Ended] = [SymRunUpdateKind.AccessExpired, SymRunUpdateKind.Revoked, SymRunUpdateKind.Relinquished],
        [SymRunState.Errored] = [SymRunUpdateKind.Compensated, SymRunUpdateKind.Errored],
        [SymRunState.Denied] = [SymRunUpdateKind.Denied],
        [SymRunState.Expired] = [SymRunUpdateKind.Expired],
        [SymRunState.Cancelled] = [SymRunUpdateKind.Cancelled],
        [SymRunState.Approved] = [SymRunUpdateKind.Approved],
    };

    public List<SymCrashViolation> Violations { get; } = [];

    public TimeSpan WorstLag { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        List<Call> calls = [.. Calls(crashed, 0), .. Calls(recovered, 1)];
        List<SymNotificationRecord> messages = [.. crashed.Messages, .. recovered.Messages];
        List<SymRun> runs = [];
        await foreach (SymRun run in store.ListRunsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            runs.Add(run);
        }

        foreach (SymRun run in runs)
        {
            string name = crashed.Recorder.AliasOf(run.Id) ?? recovered.Recorder.AliasOf(run.Id) ?? run.Id;
            List<SymAuditEntry> audit = [];
            await foreach (SymAuditEntry entry in store.QueryAuditAsync(new SymAuditQuery { RunId = run.Id }, cancellationToken).ConfigureAwait(false))
            {
                audit.Add(entry);
            }

            List<Call> mine = calls.FindAll(c => c.RunId == run.Id);
            List<SymRun> grant = runs.FindAll(r => RunGrant.Same(run, r));
            CheckFinished(run, name);
            CheckEscalateOnce(mine, name);
            CheckRevoked(run, name, mine, grant, calls.FindAll(c => grant.Exists(r => r.Id == c.RunId)));
            CheckAudit(run, name, audit, mine);
            CheckNotified(run, name, messages);
        }

        IReadOnlyList<SymOutboxMessage> pending = await store.GetPendingMessagesAsync(null, cancellationToken).ConfigureAwait(false);
        foreach (SymOutboxMessage message in pending)
        {
            Add("notified", message.RunId is null ? null : crashed.Recorder.AliasOf(message.RunId) ?? message.RunId,
                $"A {message.Kind} notification was never delivered (attempts {message.Attempts}, last error: {message.LastError ?? "none"}).");
        }
    }

    private static IEnumerable<Call> Calls(SymFlowHarness harness, int process) =>
        harness.StrategyCalls.Where(static c => c.RunId is not null)
            .Select((c, i) => new Call(c.RunId!, c.Step, harness.StartedAt + c.Elapsed, process, i, c.Error is null, c.Error));

    private void CheckFinished(SymRun run, string name)
    {
        if (!run.IsFinal && !(run.State == SymRunState.Active && run.ExpiresAt is null))
        {
            Add("run-finished", name, $"The run was left {run.State} after the recovering process ran its scheduler.");
        }
    }

    private void CheckEscalateOnce(List<Call> calls, string name)
    {
        int escalates = calls.Count(static c => c.Step == "escalate");
        if (escalates > 1)
        {
            Add("escalate-once", name, string.Create(CultureInfo.InvariantCulture, $"Escalate was called {escalates} times."));
        }
    }

    /// <summary>
    /// Every escalate (granted, failed or unknown) is followed by a successful deescalate of its grant, by the expiry plus the
    /// allowed lag. Runs of one requester for one target of one flow share a grant (a run that ends while another still
    /// covers the access leaves it to that run), so the deescalate may be another run's of the grant, and the expiry is the
    /// latest of the grant's runs granted before it.
    /// </summary>
    private void CheckRevoked(SymRun run, string name, List<Call> calls, List<SymRun> grant, List<Call> grantCalls)
    {
        Call? escalate = calls.LastOrDefault(static c => c.Step == "escalate");
        if (escalate is null)
        {
            return;
        }

        Call? revoked = grantCalls.FirstOrDefault(c => c.Step == "deescalate" && c.Succeeded && c.After(escalate));
        bool schedules = flows.Get(run.Flow).ScheduleDeescalation;
        if (revoked is null)
        {
            // A failed grant (recorded, or interrupted before it was) whose deescalate failed permanently: the strategy says
            // there is nothing to revoke, and the run ended Errored, reported.
            bool nothingGranted = !escalate.Succeeded && run.State == SymRunState.Errored && run.EscalatedAt is null
                && calls.Exists(c => c.Step == "deescalate" && c.Error is SymException { IsPermanent: true } && c.After(escalate));
            bool untilRevoked = !schedules && grant.Exists(static r => r.State == SymRunState.Active);
            if (!nothingGranted && !untilRevoked)
            {
                Add("access-revoked", name,
                    $"Escalate {(escalate.Succeeded ? "granted access" : "failed (access may be partly granted)")} at {escalate.At:O} and no deescalate of its grant succeeded after it; the run is {run.State}.");
            }

            return;
        }

        if (!schedules)
        {
            return;
        }

        DateTimeOffset expiry = run.ExpiresAt ?? escalate.At + run.Duration;
        foreach (SymRun other in grant)
        {
            if (grantCalls.LastOrDefault(c => c.RunId == other.Id && c.Step == "escalate" && revoked.After(c)) is { } granted)
            {
                DateTimeOffset until = other.ExpiresAt ?? granted.At + other.Duration;
                expiry = until > expiry ? until : expiry;
            }
        }

        TimeSpan lag = revoked.At - expiry;
        if (lag > WorstLag)
        {
            WorstLag = lag;
        }

        if (lag > maxLag)
        {
            Add("access-revoked", name, $"Access expiring at {expiry:O} was revoked at {revoked.At:O}, {lag} late (allowed: {maxLag}).");
        }
    }

    /// <summary>The audit trail holds every step the run's state and the strategy calls show it went through.</summary>
    private void CheckAudit(SymRun run, string name, List<SymAuditEntry> audit, List<Call> calls)
    {
        bool Has(string step, params SymAuditOutcome[] outcomes) =>
            audit.Exists(e => e.Step == step && (outcomes.Length == 0 || outcomes.Contains(e.Outcome)));

        void Require(bool ok, string what)
        {
            if (!ok)
            {
                Add("audit-complete", name, $"{what} (the run is {run.State}; its audit has: {string.Join(", ", audit.Select(static e => $"{e.Step} {e.Outcome}"))}).");
            }
        }

        Require(Has("request", SymAuditOutcome.Applied), "No applied 'request' entry");
        if (run.State is not SymRunState.Pending && run.Approvals.Count > 0)
        {
            Require(Has("approve", SymAuditOutcome.Applied), "The run was approved but has no applied 'approve' entry");
        }

        if (run.EscalatedAt is not null)
        {
            Require(Has("escalate", SymAuditOutcome.Applied, SymAuditOutcome.NoOp), "Access was granted but there is no 'escalate' entry");
        }

        if (calls.Exists(static c => c.Step == "escalate"))
        {
            Require(Has("escalate"), "The strategy escalated but the audit has no 'escalate' entry of any outcome");
        }

        if (run.EscalationFailed)
        {
            Require(Has("escalate", SymAuditOutcome.Failed), "The grant failed but there is no failed 'escalate' entry");
        }

        if (run.Outputs.ContainsKey("deescalate"))
        {
            Require(Has("deescalate", SymAuditOutcome.Applied, SymAuditOutcome.NoOp), "Access was revoked but there is no 'deescalate' entry");
        }

        switch (run.State)
        {
            case SymRunState.Denied:
                Require(Has("deny", SymAuditOutcome.Applied), "The run was denied but has no applied 'deny' entry");
                break;
            case SymRunState.Approved:
                Require(Has("approve", SymAuditOutcome.Applied), "The approval-only run was approved but has no applied 'approve' entry");
                break;
            case SymRunState.Expired:
                Require(Has("request_expire", SymAuditOutcome.Applied), "The request expired but has no applied 'request_expire' entry");
                break;
            case SymRunState.Cancelled:
                Require(Has("cancel", SymAuditOutcome.Applied) || Has("escalate", SymAuditOutcome.Ignored), "The run was cancelled but has no 'cancel' entry");
                break;
            case SymRunState.Ended:
                Require(Has("deescalate", SymAuditOutcome.Applied, SymAuditOutcome.NoOp), "The run ended but has no 'deescalate' entry");
                break;
        }
    }

    /// <summary>A final run's last change reached its people (the request message or the requester).</summary>
    private void CheckNotified(SymRun run, string name, List<SymNotificationRecord> messages)
    {
        if (!FinalUpdates.TryGetValue(run.State, out SymRunUpdateKind[]? kinds))
        {
            return; // not final
        }

        bool told = messages.Exists(m => m.RunId == run.Id && m.Delivered && m.Update is { } u && kinds.Contains(u.Kind));
        if (!told)
        {
            Add("notified", name, $"The run ended {run.State}, but no {string.Join(" or ", kinds)} update was delivered.");
        }
    }

    private void Add(string invariant, string? run, string detail) => Violations.Add(SymCrashTest.Violation(invariant, point, write, run, detail));

    private sealed record Call(string RunId, string Step, DateTimeOffset At, int Process, int Order, bool Succeeded, Exception? Error)
    {
        /// <summary>Whether this call came after <paramref name="other"/>: a later process, or later in the same one.</summary>
        public bool After(Call other) => Process > other.Process || (Process == other.Process && Order > other.Order);
    }
}
