using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Runtime;

/// <content>
/// The outbox dispatcher: delivers the notifications steps committed, outside any run's lock, through the
/// <see cref="ISymNotifier"/>; retries transient failures with backoff; records announcements' results on their runs.
/// </content>
public sealed partial class SymEngine
{
    /// <summary>
    /// Delivers every outbox message due now (by the <see cref="TimeProvider"/>), one after another, until none is left:
    /// announcements (whose results go back on their runs: a failed one forwards the request), request-message updates,
    /// requester DMs and error reports. A transient failure puts the message back with a later due time. Tests call it
    /// after each step (the harness does); a host runs <see cref="SymScheduler"/>, which delivers continuously and
    /// concurrently.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call; a message being delivered is delivered again later.</param>
    /// <returns>How many messages were delivered.</returns>
    public async Task<int> DeliverDueMessagesAsync(CancellationToken cancellationToken = default)
    {
        int delivered = 0;
        while (true)
        {
            IReadOnlyList<SymOutboxMessage> claimed = await _store.ClaimDueMessagesAsync(_time.GetUtcNow(), _options.TimerBatchSize, _options.OutboxLease,
                cancellationToken).ConfigureAwait(false);
            if (claimed.Count == 0)
            {
                return delivered;
            }

            foreach (SymOutboxMessage message in claimed)
            {
                delivered += await DeliverAsync(message, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }
    }

    /// <summary>
    /// Delivers outbox messages until cancelled: up to <see cref="SymOptions.OutboxConcurrency"/> at once (each of a
    /// different run), claiming more as deliveries finish, so one slow delivery never holds up the others. Wakes when a
    /// commit adds messages, else every <see cref="SymOptions.SchedulerInterval"/>.
    /// </summary>
    internal async Task RunDispatcherAsync(Action<Exception>? onTickFailed, CancellationToken cancellationToken)
    {
        var inFlight = new List<Task>(_options.OutboxConcurrency);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(static t => t.IsCompleted);
                int free = _options.OutboxConcurrency - inFlight.Count;
                int claimedCount = 0;
                if (free > 0)
                {
                    try
                    {
                        IReadOnlyList<SymOutboxMessage> claimed = await _store.ClaimDueMessagesAsync(_time.GetUtcNow(), free, _options.OutboxLease,
                            cancellationToken).ConfigureAwait(false);
                        claimedCount = claimed.Count;
                        foreach (SymOutboxMessage message in claimed)
                        {
                            inFlight.Add(DeliverAsync(message, cancellationToken).AsTask());
                        }
                    }
                    catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
                    {
                        onTickFailed?.Invoke(ex);
                        EngineLog.DispatcherFailed(_logger, SecretRedactor.RedactException(ex), SecretRedactor.Redact(ex.Message));
                    }
                }

                if (free > 0 && claimedCount == free)
                {
                    continue; // more may be due
                }

                Task woken = _outboxSignal.WaitAsync(Jittered(_options.SchedulerInterval, _options.SchedulerJitter), _time, cancellationToken);
                if (inFlight.Count > 0)
                {
                    inFlight.Add(woken);
                    await Task.WhenAny(inFlight).ConfigureAwait(false);
                    inFlight.Remove(woken);
                }
                else
                {
                    await woken.ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Deliveries still running were cancelled with the loop; their claims lapse and they are delivered again later.
            try
            {
                await Task.WhenAll(inFlight).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>
    /// <paramref name="interval"/> moved at random by up to <paramref name="jitter"/> either way (<see cref="SymOptions.SchedulerJitter"/>),
    /// so hosts sharing a store do not poll it together; exactly <paramref name="interval"/> without jitter.
    /// </summary>
    internal static TimeSpan Jittered(TimeSpan interval, TimeSpan jitter) =>
        jitter <= TimeSpan.Zero ? interval : interval + (jitter * ((Random.Shared.NextDouble() * 2) - 1));

    /// <summary>Delivers one claimed message and records the outcome; never throws but for cancellation.</summary>
    /// <returns>Whether it was delivered.</returns>
    private async ValueTask<bool> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            SymOutboxMessage? current = await CurrentAsync(message, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                await _store.CompleteMessageAsync(message, CancellationToken.None).ConfigureAwait(false);
                return false;
            }

            SymDeliveryResult result;
            string failureCode = SymErrorCodes.DeliveryFailed;
            try
            {
                result = await _notifier.DeliverAsync(current, cancellationToken).ConfigureAwait(false);
            }
            catch (SymException ex) when (ex.IsPermanent)
            {
                result = SymDeliveryResult.Failure(Describe(ex));
                failureCode = ex.ErrorCode;
            }
            catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
            {
                TimeSpan delay = _deliveryBackoff.Delay(message.Attempts);
                if (ex is SymRateLimitedException { RetryAfter: { } retryAfter } && retryAfter > delay)
                {
                    delay = retryAfter;
                }

                string error = Describe(ex);
                DateTimeOffset retryAt = _time.GetUtcNow() + delay;
                _telemetry.NotificationFailed(message.Kind, FlowOf(message), CodeOf(ex));
                EngineLog.NotificationRetryScheduled(_logger, SecretRedactor.RedactException(ex), message.Kind.ToString(), message.RunId, message.Attempts, retryAt, error);
                await _store.RetryMessageAsync(message, retryAt, error, CancellationToken.None).ConfigureAwait(false);
                return false;
            }

            if (message.Kind == SymNotificationKind.Announce && message.RunId is not null && !(result.Delivered && result.Reference is null))
            {
                // A reference to record on the run, or a destination that failed: the run's own step (a delivered
                // announcement without a reference changes nothing on the run, and is only completed).
                await RecordAnnouncementAsync(message, result, CancellationToken.None).ConfigureAwait(false);
                return result.Delivered;
            }

            if (!result.Delivered)
            {
                _telemetry.NotificationDropped(message.Kind, FlowOf(message), failureCode);
                EngineLog.NotificationUndeliverable(_logger, message.Kind.ToString(), message.RunId, result.Error ?? "no reason given");
            }

            await _store.CompleteMessageAsync(message, CancellationToken.None).ConfigureAwait(false);
            return result.Delivered;
        }
        catch (Exception ex) when (!IsCancellation(ex, cancellationToken))
        {
            // The store failed: the claim lapses and the message is delivered again after its lease.
            _telemetry.Failed("notify", FlowOf(message), CodeOf(ex), "sdk");
            EngineLog.NotifierFailed(_logger, SecretRedactor.RedactException(ex), message.Kind.ToString(), message.RunId, SecretRedactor.Redact(ex.Message));
            return false;
        }
    }

    /// <summary>
    /// The message as it should go out now: an update carries the run's latest message reference (the announcement may
    /// have been delivered after the update's step); an announcement of a request no longer pending at that destination
    /// goes nowhere (<see langword="null"/>).
    /// </summary>
    private async ValueTask<SymOutboxMessage?> CurrentAsync(SymOutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.RunId is not { } runId || message.Kind is not (SymNotificationKind.Announce or SymNotificationKind.Update))
        {
            return message;
        }

        SymRun? latest = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (latest is null)
        {
            return message;
        }

        if (message.Kind == SymNotificationKind.Announce)
        {
            if (latest.State != SymRunState.Pending || latest.NotificationIndex != message.NotificationIndex)
            {
                EngineLog.StaleAnnouncement(_logger, runId, message.NotificationIndex, latest.State);
                return null;
            }

            return message;
        }

        return message.Run is { } snapshot && !string.Equals(snapshot.MessageReference, latest.MessageReference, StringComparison.Ordinal)
            ? message with { Run = snapshot with { MessageReference = latest.MessageReference } }
            : message;
    }

    /// <summary>A delivery failure as a person reads it (kept on the message, and on the run when an announcement fails): the code, the message and the hint.</summary>
    private static string Describe(Exception ex) => ex is SymException sym ? $"{sym.ErrorCode}: {ErrorText.For(ex)}" : ErrorText.For(ex);

    private static string CodeOf(Exception ex) => ex is SymException sym ? sym.ErrorCode : SymTelemetryNames.InternalErrorCode;

    private static string? FlowOf(SymOutboxMessage message) => message.Run?.Flow ?? message.Error?.Flow;
}
