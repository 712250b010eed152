using Sym.Sdk.Requests;

namespace Sym.Sdk.Runtime;

/// <summary>
/// How the engine talks to people: announce requests, update the request message, DM the requester, tell an actor why an
/// action was ignored, report errors. The Slack integration implements it; <see cref="InMemoryNotifier"/> records
/// everything. The engine calls it after recording state, and a failure here never undoes a step.
/// </summary>
public interface ISymNotifier
{
    /// <summary>Announces a request for approval at a destination.</summary>
    /// <param name="run">The run (pending).</param>
    /// <param name="destination">Where to announce it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was delivered; a failure moves the request to the next destination.</returns>
    ValueTask<SymDeliveryResult> AnnounceRequestAsync(SymRun run, RequestDestination destination, CancellationToken cancellationToken = default);

    /// <summary>Updates the request message after a decision or a change (approved by X, denied, expired, revoked, extended).</summary>
    /// <param name="run">The run after the change.</param>
    /// <param name="update">What happened.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when done.</returns>
    ValueTask UpdateRequestAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Tells the requester (a DM) that their request was decided, or access was granted or revoked.</summary>
    /// <param name="run">The run after the change.</param>
    /// <param name="update">What happened.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when done.</returns>
    ValueTask NotifyRequesterAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Tells an actor that their action was ignored, and why (an ephemeral message).</summary>
    /// <param name="run">The run, or <see langword="null"/> when no run was created.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="message">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when done.</returns>
    ValueTask NotifyIgnoredAsync(SymRun? run, User actor, string message, CancellationToken cancellationToken = default);

    /// <summary>Posts an error to a flow's error channel.</summary>
    /// <param name="channel">The channel, for example <c>#sym-errors</c>.</param>
    /// <param name="report">The error, secrets redacted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when done.</returns>
    ValueTask ReportErrorAsync(string channel, SymErrorReport report, CancellationToken cancellationToken = default);
}
