using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Requests;
using Sym.Sdk.Requests.Internal;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// The engine's <see cref="ISymNotifier"/> on Slack: posts each request for approval as a Block Kit message (requester,
/// target, duration, reason and the other fields, with Approve and Deny buttons carrying the run id), updates that same
/// message on every later change (approved by X, denied, expired, access granted, revoked, extended, …), DMs the
/// requester when their request is decided and when access is granted or ends, and posts errors to the flow's error
/// channel. Register it with <c>services.AddSym().UseSlackNotifier()</c>.
/// </summary>
/// <remarks>
/// <para>The posted message's channel and timestamp go back to the engine as the delivery's reference
/// (<c>slack:C…:1700000000.000100</c>), which the engine records on the run (<see cref="SymRun.MessageReference"/>).
/// So the message to update lives wherever the run lives: with a durable store, an engine restarted between the request
/// and the decision still updates the original message. For a request made from Slack (<see cref="SymRun.SourceChannel"/>
/// <c>slack</c>) the requester's "submitted" DM, with its Cancel button, is posted with the announcement and its
/// reference follows (<c>slack:C…:1700000000.000100;dm:D…:1700000001.000200</c>), so the DM is replaced by the outcome,
/// without the button, when the request leaves Pending. No state is kept in this class.</para>
/// <para>What <see cref="DeliverAsync"/> answers follows <see cref="ISymNotifier"/>'s contract. A failure Slack will
/// answer the same way next time (<c>channel_not_found</c>, <c>not_in_channel</c>, <c>is_archived</c>,
/// <c>invalid_blocks</c>, <c>message_not_found</c>, <c>user_not_found</c>, a token or scope problem, a destination that
/// does not resolve; see <see cref="SlackErrorCodes"/>) is a <see cref="SymDeliveryResult.Failure"/>: an announcement
/// then moves on to the next destination, any other message is dropped. A failure that may pass (HTTP 5xx, throttling,
/// a network error, a delivery slower than <see cref="SlackNotifierOptions.DeliveryTimeout"/>) is thrown, and the engine
/// delivers the message again later. The "submitted" DM is best effort: its failure is logged and never fails the
/// announcement.</para>
/// <para><b>No message is posted twice</b> where Slack lets the notifier know what it posted. Every chat.postMessage it
/// makes carries message metadata (event type <c>sym_message</c>, the outbox message's id and which part it is). When a
/// post fails in a way that may have posted it anyway (a timeout or a dropped connection after sending, a 5xx), and on
/// every delivery attempt after the first (<see cref="SymOutboxMessage.Attempts"/> &gt; 1: an earlier attempt, perhaps in a
/// process that died, may have posted), the notifier first reads the conversation's history since the message was
/// committed (less <see cref="SlackNotifierOptions.HistoryLookupMargin"/>) and takes a post it finds as delivered. That
/// needs the history scopes (<c>channels:history</c>, <c>groups:history</c>, <c>im:history</c>, <c>mpim:history</c>);
/// without them the lookup fails, a warning is logged and the message is posted again: a message may then appear twice,
/// never not at all. Updates (chat.update) are idempotent and simply redone. Ephemeral messages cannot be looked up; the
/// notifier posts none.</para>
/// </remarks>
public sealed class SlackNotifier : ISymNotifier
{
    /// <summary>The <see cref="SlackMessageMetadata.EventType"/> of the messages the notifier posts.</summary>
    public const string MetadataEventType = "sym_message";

    /// <summary>The metadata payload's key holding the outbox message's id (<see cref="SymOutboxMessage.Id"/>).</summary>
    public const string OutboxIdKey = "sym_outbox_id";

    /// <summary>
    /// The metadata payload's key saying which part of a delivery a message is: <c>request</c> (the announcement),
    /// <c>submitted</c> (the requester's DM posted with it), <c>requester</c> or <c>error</c>.
    /// </summary>
    public const string PartKey = "sym_part";

    private const string RunIdKey = "sym_run_id";
    private const string RequestPart = "request";
    private const string SubmittedPart = "submitted";
    private const string RequesterPart = "requester";
    private const string ErrorPart = "error";

    private readonly ISlackClient _client;
    private readonly ISlackDestinationResolver _resolver;
    private readonly IOptionsMonitor<FlowOptions>? _flows;
    private readonly TimeProvider _time;
    private readonly TimeSpan _deliveryTimeout;
    private readonly TimeSpan _lookupMargin;
    private readonly ILogger _logger;

    /// <summary>Creates the notifier.</summary>
    /// <param name="client">The Slack client (or <c>FakeSlack</c>).</param>
    /// <param name="resolver">Resolves destinations, channel names and users to Slack ids.</param>
    /// <param name="options">The notifier's options, or <see langword="null"/> for the defaults.</param>
    /// <param name="flows">The flows' definitions, for their labels, field labels and whether revoke is offered; or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of the delivery timeout; the default is <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public SlackNotifier(
        ISlackClient client,
        ISlackDestinationResolver resolver,
        IOptions<SlackNotifierOptions>? options = null,
        IOptionsMonitor<FlowOptions>? flows = null,
        TimeProvider? timeProvider = null,
        ILogger<SlackNotifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resolver);
        _client = client;
        _resolver = resolver;
        _flows = flows;
        _time = timeProvider ?? TimeProvider.System;
        SlackNotifierOptions o = options?.Value ?? new SlackNotifierOptions();
        _deliveryTimeout = o.DeliveryTimeout;
        if (_deliveryTimeout <= TimeSpan.Zero && _deliveryTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _deliveryTimeout, "SlackNotifierOptions.DeliveryTimeout must be positive.");
        }

        _lookupMargin = o.HistoryLookupMargin;
        if (_lookupMargin < TimeSpan.Zero || _lookupMargin > SlackNotifierOptions.MaxHistoryLookupMargin)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _lookupMargin, "SlackNotifierOptions.HistoryLookupMargin must be between zero and one day.");
        }

        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    /// <returns>
    /// Delivered (for an announcement with the reference <c>slack:{channel}:{ts}</c> of the posted message, or of the one
    /// an earlier attempt posted); or failed, with the Slack error code and message, when Slack refuses for good (for an
    /// announcement: at every destination). A transient failure is thrown (see the class remarks).
    /// </returns>
    /// <exception cref="SymException">A failure that may pass: throttling (<see cref="SymRateLimitedException"/>), a
    /// server or network error, or code <c>Slack:TIMEOUT</c> after <see cref="SlackNotifierOptions.DeliveryTimeout"/>.</exception>
    public async ValueTask<SymDeliveryResult> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var timeout = new CancellationTokenSource(_deliveryTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return message.Kind switch
            {
                SymNotificationKind.Announce when message.Run is { } run && message.Destination is { } destination =>
                    await AnnounceAsync(message, run, destination, linked.Token, cancellationToken).ConfigureAwait(false),
                SymNotificationKind.Update when message.Run is { } run && message.Update is { } update =>
                    await UpdateAsync(run, update, linked.Token).ConfigureAwait(false),
                SymNotificationKind.Requester when message.Run is { } run && message.Update is { } update =>
                    await NotifyRequesterAsync(message, run, update, linked.Token).ConfigureAwait(false),
                SymNotificationKind.Error when message.Channel is { } channel && message.Error is { } report =>
                    await ReportErrorAsync(message, channel, report, linked.Token).ConfigureAwait(false),
                _ => SymDeliveryResult.Failure($"The Slack notifier cannot deliver this {message.Kind} message (it lacks what that kind needs)."),
            };
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            SlackLog.DeliveryRetrying(_logger, message.Kind.ToString(), message.RunId, message.Attempts, $"{SlackErrorCodes.Timeout}: took longer than {_deliveryTimeout}");
            throw new SymException(SlackErrorCodes.Timeout, $"Delivering the {message.Kind} message to Slack took longer than {_deliveryTimeout}.",
                "Slack was slow or unreachable; the message is delivered again later, and a post that went through is found first.", ex);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && !SlackErrors.IsPermanent(ex))
        {
            SlackLog.DeliveryRetrying(_logger, message.Kind.ToString(), message.RunId, message.Attempts, Describe(ex));
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Permanent, outside what the kinds catch themselves (building the message, say): retrying cannot help.
            string error = Describe(ex);
            LogPermanent(ex, message.Kind.ToString(), message.RunId, "Slack", error);
            return SymDeliveryResult.Failure(error);
        }
    }

    private async ValueTask<SymDeliveryResult> AnnounceAsync(SymOutboxMessage outbox, SymRun run, RequestDestination destination,
        CancellationToken cancellationToken, CancellationToken stopping)
    {
        SlackMessage message = SlackRunMessages.Announcement(run, Flow(run.Flow));
        // A transient failure is thrown, not walked past: trying the next destination could announce the request twice.
        (bool delivered, SlackMessageRef? posted, Exception? last) = await DestinationFallbacks.DeliverAsync(destination,
            async next =>
            {
                string channel = await _resolver.ResolveConversationAsync(next, cancellationToken).ConfigureAwait(false);
                return await PostOnceAsync(outbox, channel, message, RequestPart, cancellationToken).ConfigureAwait(false);
            },
            static ex => SlackErrors.IsPermanent(ex),
            (next, ex) => LogPermanent(ex, "announce", run.Id, next.ToString(), Describe(ex))).ConfigureAwait(false);
        if (!delivered)
        {
            return SymDeliveryResult.Failure(last is null ? "no destination" : Describe(last));
        }

        // Delivered: whatever happens to the requester's DM, the request message stands.
        SlackMessageRef? submitted = await PostSubmittedAsync(outbox, run, cancellationToken, stopping).ConfigureAwait(false);
        return SymDeliveryResult.Success(SlackMessageReference.Format(posted!, submitted));
    }

    private async ValueTask<SymDeliveryResult> UpdateAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken)
    {
        if (!SlackMessageReference.TryParse(run.MessageReference, out SlackMessageRef posted))
        {
            SlackLog.NoMessage(_logger, run.Id, update.Kind.ToString());
            return SymDeliveryResult.Success();
        }

        // chat.update is idempotent: a retried delivery simply does it again.
        SymDeliveryResult result = SymDeliveryResult.Success();
        try
        {
            SlackMessage message = SlackRunMessages.Updated(run, update, Flow(run.Flow));
            await _client.UpdateMessageAsync(posted, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SlackErrors.IsPermanent(ex))
        {
            string error = Describe(ex);
            LogPermanent(ex, "update-request", run.Id, posted.ChannelId, error);
            result = SymDeliveryResult.Failure(error);
        }

        // The requester's "submitted" DM loses its Cancel button once the request is decided, however it was decided.
        if (SlackMessageReference.TryParseSubmitted(run.MessageReference, out SlackMessageRef submitted)
            && SlackRunMessages.SubmittedThenDecided(run, update) is { } retired)
        {
            try
            {
                await _client.UpdateMessageAsync(submitted, retired, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (SlackErrors.IsPermanent(ex))
            {
                LogPermanent(ex, "update-submitted", run.Id, submitted.ChannelId, Describe(ex));
            }
        }

        return result;
    }

    private async ValueTask<SymDeliveryResult> NotifyRequesterAsync(SymOutboxMessage outbox, SymRun run, SymRunUpdate update, CancellationToken cancellationToken)
    {
        if (SlackRunMessages.ForRequester(run, update, Flow(run.Flow)) is not { } message)
        {
            return SymDeliveryResult.Success();
        }

        string? dm = null;
        try
        {
            string userId = await _resolver.ResolveSlackUserIdAsync(run.Requester, cancellationToken).ConfigureAwait(false);
            dm = await _resolver.ResolveConversationAsync(new SlackUser(userId), cancellationToken).ConfigureAwait(false);
            await PostOnceAsync(outbox, dm, message, RequesterPart, cancellationToken).ConfigureAwait(false);
            return SymDeliveryResult.Success();
        }
        catch (Exception ex) when (SlackErrors.IsPermanent(ex))
        {
            string error = Describe(ex);
            LogPermanent(ex, "notify-requester", run.Id, dm ?? run.Requester.Username, error);
            return SymDeliveryResult.Failure(error);
        }
    }

    private async ValueTask<SymDeliveryResult> ReportErrorAsync(SymOutboxMessage outbox, string channel, SymErrorReport report, CancellationToken cancellationToken)
    {
        try
        {
            string channelId = await _resolver.ResolveChannelIdAsync(channel, cancellationToken).ConfigureAwait(false);
            await PostOnceAsync(outbox, channelId, SlackRunMessages.Error(report), ErrorPart, cancellationToken).ConfigureAwait(false);
            return SymDeliveryResult.Success();
        }
        catch (Exception ex) when (SlackErrors.IsPermanent(ex))
        {
            string error = Describe(ex);
            LogPermanent(ex, "report-error", report.RunId, channel, error);
            return SymDeliveryResult.Failure(error);
        }
    }

    /// <summary>
    /// For a request made from Slack (<see cref="SymRun.SourceChannel"/> <c>slack</c>, by a requester with a Slack
    /// identity), posts the requester's "submitted" DM with its Cancel button, so its reference travels with the request
    /// message's on the run and the DM can be retired when the request is decided. A request announced again (forwarded)
    /// keeps the DM it has. Best effort: a failure is logged and gives no DM reference.
    /// </summary>
    private async ValueTask<SlackMessageRef?> PostSubmittedAsync(SymOutboxMessage outbox, SymRun run, CancellationToken cancellationToken,
        CancellationToken stopping)
    {
        if (SlackMessageReference.TryParseSubmitted(run.MessageReference, out SlackMessageRef existing))
        {
            return existing;
        }

        if (!string.Equals(run.SourceChannel, "slack", StringComparison.Ordinal) || Slack.SlackUserIdOf(run.Requester) is not { } requesterId)
        {
            return null;
        }

        try
        {
            string dm = await _resolver.ResolveConversationAsync(new SlackUser(requesterId), cancellationToken).ConfigureAwait(false);
            return await PostOnceAsync(outbox, dm, SlackRunMessages.Submitted(run), SubmittedPart, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            SlackLog.SubmittedDmFailed(_logger, run.Id, Describe(ex));
            return null;
        }
    }

    /// <summary>
    /// Posts <paramref name="message"/> to <paramref name="channel"/> tagged with the outbox message's id and
    /// <paramref name="part"/>, unless an earlier attempt posted it: on an attempt after the first, the conversation's
    /// history is read first; and when the post fails in a way that may have posted anyway, it is read once right away.
    /// </summary>
    /// <exception cref="Exception">What the post threw, when no earlier post was found.</exception>
    private async ValueTask<SlackMessageRef> PostOnceAsync(SymOutboxMessage outbox, string channel, SlackMessage message, string part,
        CancellationToken cancellationToken)
    {
        if (outbox.Attempts > 1 && await FindPostedAsync(outbox, channel, part, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            SlackLog.FoundEarlierPost(_logger, outbox.Kind.ToString(), outbox.RunId, part, channel, outbox.Attempts);
            return earlier;
        }

        SlackMessage tagged = message with { Metadata = Tag(outbox, part) };
        try
        {
            return await _client.PostMessageAsync(channel, tagged, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (SlackErrors.IsAmbiguous(ex) && !cancellationToken.IsCancellationRequested)
        {
            SlackMessageRef? found = null;
            try
            {
                found = await FindPostedAsync(outbox, channel, part, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception lookup) when (!cancellationToken.IsCancellationRequested)
            {
                SlackLog.LookupFailed(_logger, channel, Describe(lookup));
            }

            if (found is null)
            {
                throw;
            }

            SlackLog.FoundEarlierPost(_logger, outbox.Kind.ToString(), outbox.RunId, part, channel, outbox.Attempts);
            return found;
        }
    }

    /// <summary>
    /// The message an earlier attempt posted to <paramref name="channel"/> for this outbox message and part, read from the
    /// conversation's history since the message was committed (less the margin); <see langword="null"/> when there is none,
    /// or when the history cannot be read for good (a missing scope: logged, and the caller posts again).
    /// </summary>
    /// <exception cref="Exception">A transient failure reading the history.</exception>
    private async ValueTask<SlackMessageRef?> FindPostedAsync(SymOutboxMessage outbox, string channel, string part, CancellationToken cancellationToken)
    {
        try
        {
            DateTimeOffset? oldest = outbox.CreatedAt > DateTimeOffset.MinValue + _lookupMargin ? outbox.CreatedAt - _lookupMargin : null;
            await foreach (SlackHistoryMessage posted in _client.ListMessagesAsync(channel, oldest, cancellationToken).ConfigureAwait(false))
            {
                if (posted.Metadata is { EventType: MetadataEventType } metadata
                    && string.Equals(metadata.GetString(OutboxIdKey), outbox.Id, StringComparison.Ordinal)
                    && string.Equals(metadata.GetString(PartKey), part, StringComparison.Ordinal))
                {
                    return new SlackMessageRef(channel, posted.Ts);
                }
            }

            return null;
        }
        catch (Exception ex) when (SlackErrors.IsPermanent(ex))
        {
            SlackLog.LookupUnavailable(_logger, channel, Describe(ex));
            return null;
        }
    }

    private static SlackMessageMetadata Tag(SymOutboxMessage outbox, string part)
    {
        var payload = new JsonObject { [OutboxIdKey] = outbox.Id, [PartKey] = part };
        if (outbox.RunId is { } runId)
        {
            payload[RunIdKey] = runId;
        }

        return new SlackMessageMetadata(MetadataEventType, payload);
    }

    private void LogPermanent(Exception ex, string operation, string? runId, string target, string error)
    {
        if (ex is SymAuthenticationException)
        {
            SlackLog.DeliveryMisconfigured(_logger, operation, runId, target, error);
        }
        else
        {
            SlackLog.DeliveryRefused(_logger, operation, runId, target, error);
        }
    }

    private SlackFlowView Flow(string flow) => SlackFlowView.For(flow, _flows);

    private static string Describe(Exception ex) => SlackErrorText.For(ex);
}
