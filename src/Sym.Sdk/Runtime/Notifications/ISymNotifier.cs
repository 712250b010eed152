namespace Sym.Sdk.Runtime;

/// <summary>
/// How the engine talks to people: announce requests, update the request message, tell the requester, report errors.
/// The engine never calls it inside a step: each step writes its notifications to the store's outbox in its commit, and
/// the engine's dispatcher (<see cref="SymEngine.DeliverDueMessagesAsync"/>, run by <see cref="SymScheduler"/>) hands them
/// to <see cref="DeliverAsync"/> afterwards, outside the run's lock, retrying until they are delivered. The Slack
/// integration implements it; Sym.Sdk.Testing's <c>InMemoryNotifier</c> records everything. Without one, messages are
/// counted as delivered and dropped.
/// </summary>
/// <remarks>
/// <para>What <see cref="DeliverAsync"/> answers decides what happens next:</para>
/// <list type="bullet">
/// <item><description><see cref="SymDeliveryResult.Success"/>: delivered. For an announcement, its
/// <see cref="SymDeliveryResult.Reference"/> (the posted message, to update later) is recorded on the run.</description></item>
/// <item><description><see cref="SymDeliveryResult.Failure"/>: the destination cannot take it (a channel that does not
/// exist, say) and trying again will not help. A failed announcement moves the request to its next destination; any other
/// message is dropped, logged and counted.</description></item>
/// <item><description>An exception: a transient failure (the service is down, throttled or slow). The message is
/// delivered again later, with capped exponential backoff (after <see cref="SymRateLimitedException.RetryAfter"/> when
/// given). A <see cref="SymException"/> whose <see cref="SymException.IsPermanent"/> is set counts as a failure instead.</description></item>
/// </list>
/// <para>Delivery is at least once: a process that dies mid-delivery delivers the message again. Messages keep their
/// <see cref="SymOutboxMessage.Id"/> across attempts, so a notifier whose service lets it look up what it posted can
/// avoid posting twice when <see cref="SymOutboxMessage.Attempts"/> is more than 1.</para>
/// </remarks>
public interface ISymNotifier
{
    /// <summary>Delivers one message from the outbox.</summary>
    /// <param name="message">The message; <see cref="SymOutboxMessage.Kind"/> says what to do.</param>
    /// <param name="cancellationToken">Cancels the delivery (the message is then delivered again later).</param>
    /// <returns>Whether it was delivered, and for an announcement the posted message's reference.</returns>
    ValueTask<SymDeliveryResult> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken = default);
}
