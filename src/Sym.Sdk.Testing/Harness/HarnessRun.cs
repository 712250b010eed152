using System.Globalization;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Harness.Internal;

namespace Sym.Sdk.Testing;

/// <summary>
/// One run in a <see cref="SymFlowHarness"/>: act on it as people would (approve, deny, revoke, relinquish, extend, …),
/// read its current state, and inspect what happened to it. Every action goes through the real engine and returns the
/// engine's <see cref="SymActionResult"/>.
/// </summary>
public sealed class HarnessRun
{
    private readonly SymFlowHarness _harness;

    internal HarnessRun(SymFlowHarness harness, string id)
    {
        _harness = harness;
        Id = id;
        Name = harness.Recorder.AliasOf(id) ?? id;
    }

    /// <summary>The run's id in the store.</summary>
    public string Id { get; }

    /// <summary>The run's name in the harness and its transcript: <c>run-1</c>, <c>run-2</c>, … in creation order.</summary>
    public string Name { get; }

    /// <summary>The run as stored now (the latest snapshot).</summary>
    public SymRun Current => _harness.CurrentRun(Id);

    /// <summary>The run's state now.</summary>
    public SymRunState State => Current.State;

    /// <summary>The errors recorded on the run, oldest first.</summary>
    public IReadOnlyList<SymRunError> Errors => Current.Errors;

    /// <summary>What happened to this run, in order.</summary>
    public IReadOnlyList<TimelineEntry> Timeline => [.. _harness.Timeline.Where(e => e.RunId == Id)];

    /// <summary>The strategy calls for this run, in order.</summary>
    public IReadOnlyList<StrategyCall> StrategyCalls => [.. _harness.StrategyCalls.Where(c => c.RunId == Id)];

    /// <summary>The messages the engine sent about this run, in order.</summary>
    public IReadOnlyList<SymNotificationRecord> Messages => [.. _harness.Messages.Where(m => m.RunId == Id)];

    /// <summary>The audit log's steps for this run, in order.</summary>
    public IReadOnlyList<SymAuditEntry> Steps => [.. Timeline.Where(static e => e.Audit is not null).Select(static e => e.Audit!)];

    /// <summary>This run's transcript.</summary>
    /// <returns>The transcript.</returns>
    public string GetTranscript() => Transcripts.Write(Timeline);

    /// <summary>Approves the request as <paramref name="approver"/>.</summary>
    /// <param name="approver">Who approves.</param>
    /// <param name="reason">Why, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The engine's result: applied, or ignored with the message the approver got.</returns>
    public Task<SymActionResult> ApproveAsync(User approver, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(approver, "approves", reason, ct => _harness.Engine.ApproveAsync(Id, approver, reason, ct), cancellationToken);

    /// <summary>Denies the request as <paramref name="approver"/>.</summary>
    /// <param name="approver">Who denies.</param>
    /// <param name="reason">Why, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The engine's result.</returns>
    public Task<SymActionResult> DenyAsync(User approver, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(approver, "denies", reason, ct => _harness.Engine.DenyAsync(Id, approver, reason, ct), cancellationToken);

    /// <summary>Cancels the pending request as <paramref name="actor"/> (the requester or an admin).</summary>
    /// <param name="actor">Who cancels.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The engine's result.</returns>
    public Task<SymActionResult> CancelAsync(User actor, CancellationToken cancellationToken = default) =>
        ActAsync(actor, "cancels", null, ct => _harness.Engine.CancelAsync(Id, actor, ct), cancellationToken);

    /// <summary>Revokes active access early as <paramref name="actor"/>.</summary>
    /// <param name="actor">Who revokes.</param>
    /// <param name="reason">Why, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The engine's result.</returns>
    public Task<SymActionResult> RevokeAsync(User actor, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(actor, "revokes", reason, ct => _harness.Engine.RevokeAsync(Id, actor, reason, ct), cancellationToken);

    /// <summary>Gives up active access as the requester.</summary>
    /// <param name="actor">The requester.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The engine's result.</returns>
    public Task<SymActionResult> RelinquishAsync(User actor, CancellationToken cancellationToken = default) =>
        ActAsync(actor, "relinquishes", null, ct => _harness.Engine.RelinquishAsync(Id, actor, ct), cancellationToken);

    /// <summary>Asks to extend active access by <paramref name="extension"/>, as the requester.</summary>
    /// <param name="actor">The requester.</param>
    /// <param name="extension">How much longer.</param>
    /// <param name="reason">Why, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The engine's result.</returns>
    /// <exception cref="SymRequestValidationException">The extension's duration is not allowed; nothing changed.</exception>
    public Task<SymActionResult> ExtendAsync(User actor, TimeSpan extension, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(actor, "asks to extend by " + Transcripts.Duration(extension), reason,
            ct => _harness.Engine.ExtendAsync(Id, actor, extension, reason, ct), cancellationToken);

    /// <summary>Approves a pending extension.</summary>
    /// <param name="approver">Who approves.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The engine's result.</returns>
    public Task<SymActionResult> ApproveExtensionAsync(User approver, CancellationToken cancellationToken = default) =>
        ActAsync(approver, "approves the extension", null, ct => _harness.Engine.ApproveExtensionAsync(Id, approver, ct), cancellationToken);

    /// <summary>Denies a pending extension.</summary>
    /// <param name="approver">Who denies.</param>
    /// <param name="reason">Why, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The engine's result.</returns>
    public Task<SymActionResult> DenyExtensionAsync(User approver, string? reason = null, CancellationToken cancellationToken = default) =>
        ActAsync(approver, "denies the extension", reason, ct => _harness.Engine.DenyExtensionAsync(Id, approver, reason, ct), cancellationToken);

    /// <summary>Asserts the run's state.</summary>
    /// <param name="expected">The expected state.</param>
    /// <returns>This run.</returns>
    /// <exception cref="SymHarnessException">The run is in another state; the message shows its recent timeline.</exception>
    public HarnessRun AssertState(SymRunState expected)
    {
        SymRun run = Current;
        if (run.State != expected)
        {
            string errors = run.Errors.Count == 0 ? string.Empty : " Errors: " + string.Join("; ", run.Errors.Select(static e => $"{e.Step} {e.Code}: {e.Message}")) + ".";
            throw new SymHarnessException($"Expected {Name} to be {expected}, but it is {run.State}.{errors}{_harness.Recent(Id)}");
        }

        return this;
    }

    /// <summary>Asserts how many times the strategy was called for this run at a step.</summary>
    /// <param name="step"><c>escalate</c> or <c>deescalate</c>.</param>
    /// <param name="expected">The expected number of calls.</param>
    /// <returns>This run.</returns>
    /// <exception cref="SymHarnessException">The count differs.</exception>
    public HarnessRun AssertStrategyCalls(string step, int expected)
    {
        ArgumentException.ThrowIfNullOrEmpty(step);
        int actual = StrategyCalls.Count(c => c.Step == step);
        if (actual != expected)
        {
            throw new SymHarnessException(string.Create(CultureInfo.InvariantCulture,
                $"Expected {expected} {step} call(s) to the strategy for {Name}, but there were {actual}.{_harness.Recent(Id)}"));
        }

        return this;
    }

    /// <summary>Asserts that no error was recorded on the run.</summary>
    /// <returns>This run.</returns>
    /// <exception cref="SymHarnessException">Errors were recorded; the message lists them.</exception>
    public HarnessRun AssertNoErrors()
    {
        IReadOnlyList<SymRunError> errors = Errors;
        if (errors.Count > 0)
        {
            throw new SymHarnessException($"Expected no errors on {Name}, but: {string.Join("; ", errors.Select(static e => $"{e.Step} {e.Code}: {e.Message}"))}.{_harness.Recent(Id)}");
        }

        return this;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({State})";

    private async Task<SymActionResult> ActAsync(User actor, string verb, string? reason, Func<CancellationToken, Task<SymActionResult>> act, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        string text = reason is null ? $"{actor.Username} {verb}" : $"{actor.Username} {verb}, reason \"{reason}\"";
        _harness.Recorder.OnAction(Id, actor.Username, text);
        return await _harness.StepAsync(Id, $"{actor.Username} {verb}", async ct =>
        {
            SymActionResult result = await act(ct).ConfigureAwait(false);
            _harness.Recorder.OnReply(actor, result);
            return result;
        }, cancellationToken).ConfigureAwait(false);
    }
}
