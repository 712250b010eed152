using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// The engine's <see cref="ISymNotifier"/> on Slack: posts each request for approval as a Block Kit message (requester,
/// target, duration, reason and the other fields, with Approve and Deny buttons carrying the run id), updates that same
/// message on every later change (approved by X, denied, expired, access granted, revoked, extended, …), DMs the
/// requester when their request is decided and when access is granted or ends, shows people why an action was ignored,
/// and posts errors to the flow's error channel. Register it with <c>services.AddSym().UseSlackNotifier()</c>.
/// </summary>
/// <remarks>
/// <para>The posted message's channel and timestamp go back to the engine as the delivery's reference
/// (<c>slack:C…:1700000000.000100</c>), which the engine records on the run (<see cref="SymRun.MessageReference"/>).
/// So the message to update lives wherever the run lives: with a durable store, an engine restarted between the request
/// and the decision still updates the original message. For a request made from Slack (through
/// <see cref="SlackInteractionHandler"/>) the requester's "submitted" DM, with its Cancel button, is posted with the
/// announcement and its reference follows (<c>slack:C…:1700000000.000100;dm:D…:1700000001.000200</c>), so the DM is
/// replaced by the outcome, without the button, when the request leaves Pending. No state is kept in this class.</para>
/// <para>It never throws into the engine: a failed announcement (a Slack error such as <c>channel_not_found</c>, a
/// destination that does not resolve, or a timeout after <see cref="SlackNotifierOptions.DeliveryTimeout"/>) returns a
/// failed <see cref="SymDeliveryResult"/> so the engine forwards the request to the next destination; other failures
/// are logged and dropped, since a notification never undoes a step.</para>
/// </remarks>
public sealed class SlackNotifier : ISymNotifier
{
    private readonly ISlackClient _client;
    private readonly ISlackDestinationResolver _resolver;
    private readonly IOptionsMonitor<FlowOptions>? _flows;
    private readonly TimeProvider _time;
    private readonly TimeSpan _deliveryTimeout;
    private readonly ILogger _logger;

    /// <summary>Creates the notifier.</summary>
    /// <param name="client">The Slack client (or <c>FakeSlack</c>).</param>
    /// <param name="resolver">Resolves destinations, channel names and users to Slack ids.</param>
    /// <param name="options">The notifier's options, or <see langword="null"/> for the defaults.</param>
    /// <param name="flows">The flows' definitions, for their labels, field labels and whether revoke is offered; or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of the delivery timeout; the default is <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
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
        _deliveryTimeout = options?.Value.DeliveryTimeout ?? new SlackNotifierOptions().DeliveryTimeout;
        if (_deliveryTimeout <= TimeSpan.Zero && _deliveryTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _deliveryTimeout, "SlackNotifierOptions.DeliveryTimeout must be positive.");
        }

        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    /// <returns>
    /// For an announcement: delivered, with the reference <c>slack:{channel}:{ts}</c> of the posted message; or failed,
    /// with the Slack error code and message, when the destination does not resolve, Slack refuses the post, or delivery
    /// times out. Every other message is delivered (a failure is logged).
    /// </returns>
    public async ValueTask<SymDeliveryResult> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message.Kind)
        {
            case SymNotificationKind.Announce when message.Run is { } run && message.Destination is { } destination:
                return await AnnounceRequestAsync(run, destination, cancellationToken).ConfigureAwait(false);
            case SymNotificationKind.Update when message.Run is { } run && message.Update is { } update:
                await UpdateRequestAsync(run, update, cancellationToken).ConfigureAwait(false);
                break;
            case SymNotificationKind.Requester when message.Run is { } run && message.Update is { } update:
                await NotifyRequesterAsync(run, update, cancellationToken).ConfigureAwait(false);
                break;
            case SymNotificationKind.Error when message.Channel is { } channel && message.Error is { } report:
                await ReportErrorAsync(channel, report, cancellationToken).ConfigureAwait(false);
                break;
            default:
                return SymDeliveryResult.Failure($"The Slack notifier cannot deliver this {message.Kind} message (it lacks what that kind needs).");
        }

        return SymDeliveryResult.Success();
    }

    private async ValueTask<SymDeliveryResult> AnnounceRequestAsync(SymRun run, RequestDestination destination, CancellationToken cancellationToken)
    {
        SlackMessage message = SlackRunMessages.Announcement(run, Flow(run.Flow));
        IReadOnlyList<RequestDestination> destinations = destination is RequestDestinationFallback fallback ? fallback.Destinations : [destination];
        string error = "no destination";
        foreach (RequestDestination next in destinations)
        {
            using var timeout = new CancellationTokenSource(_deliveryTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            SlackMessageRef posted;
            try
            {
                string channel = await _resolver.ResolveConversationAsync(next, linked.Token).ConfigureAwait(false);
                posted = await _client.PostMessageAsync(channel, message, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsDeliveryFailure(ex))
            {
                error = timeout.IsCancellationRequested
                    ? $"Slack:TIMEOUT: delivery took longer than {_deliveryTimeout}."
                    : Describe(ex);
                SlackLog.AnnounceFailed(_logger, run.Id, next.ToString() ?? next.GetType().Name, error);
                continue;
            }

            // Delivered: whatever happens to the requester's DM, the request message stands.
            SlackMessageRef? submitted = await PostSubmittedAsync(run, cancellationToken).ConfigureAwait(false);
            return SymDeliveryResult.Success(SlackMessageReference.Format(posted, submitted));
        }

        return SymDeliveryResult.Failure(error);
    }

    private async ValueTask UpdateRequestAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken)
    {
        if (!SlackMessageReference.TryParse(run.MessageReference, out SlackMessageRef posted))
        {
            SlackLog.NoMessage(_logger, run.Id, update.Kind.ToString());
            return;
        }

        try
        {
            SlackMessage message = SlackRunMessages.Updated(run, update, Flow(run.Flow));
            await _client.UpdateMessageAsync(posted, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.NotifyFailed(_logger, "update-request", run.Id, Describe(ex));
        }

        // The requester's "submitted" DM loses its Cancel button once the request is decided, however it was decided.
        if (SlackMessageReference.TryParseSubmitted(run.MessageReference, out SlackMessageRef submitted)
            && SlackRunMessages.SubmittedThenDecided(run, update) is { } retired)
        {
            try
            {
                await _client.UpdateMessageAsync(submitted, retired, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                SlackLog.NotifyFailed(_logger, "update-submitted", run.Id, Describe(ex));
            }
        }
    }

    private async ValueTask NotifyRequesterAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken)
    {
        if (SlackRunMessages.ForRequester(run, update, Flow(run.Flow)) is not { } message)
        {
            return;
        }

        try
        {
            await SendDirectAsync(run.Requester, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.NotifyFailed(_logger, "notify-requester", run.Id, Describe(ex));
        }
    }

    private async ValueTask ReportErrorAsync(string channel, SymErrorReport report, CancellationToken cancellationToken)
    {
        try
        {
            string channelId = await _resolver.ResolveChannelIdAsync(channel, cancellationToken).ConfigureAwait(false);
            await _client.PostMessageAsync(channelId, SlackRunMessages.Error(report), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.NotifyFailed(_logger, "report-error", report.RunId, Describe(ex));
        }
    }

    private async Task SendDirectAsync(User user, SlackMessage message, CancellationToken cancellationToken)
    {
        string userId = await _resolver.ResolveSlackUserIdAsync(user, cancellationToken).ConfigureAwait(false);
        string dm = await _resolver.ResolveConversationAsync(new SlackUser(userId), cancellationToken).ConfigureAwait(false);
        await _client.PostMessageAsync(dm, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For a request made from Slack (<see cref="SymRun.SourceChannel"/> <c>slack</c>, by a requester with a Slack
    /// identity), posts the requester's "submitted" DM with its Cancel button, so its reference travels with the request
    /// message's on the run and the DM can be retired when the request is decided. A request announced again (forwarded)
    /// keeps the DM it has. Best effort: a failure is logged.
    /// </summary>
    private async ValueTask<SlackMessageRef?> PostSubmittedAsync(SymRun run, CancellationToken cancellationToken)
    {
        if (SlackMessageReference.TryParseSubmitted(run.MessageReference, out SlackMessageRef existing))
        {
            return existing;
        }

        if (!string.Equals(run.SourceChannel, "slack", StringComparison.Ordinal) || Slack.SlackUserIdOf(run.Requester) is not { } requesterId)
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(_deliveryTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            string dm = await _resolver.ResolveConversationAsync(new SlackUser(requesterId), linked.Token).ConfigureAwait(false);
            return await _client.PostMessageAsync(dm, SlackRunMessages.Submitted(run), linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.NotifyFailed(_logger, "post-submitted", run.Id, Describe(ex));
            return null;
        }
    }

    private SlackFlowView Flow(string flow) => SlackFlowView.For(flow, _flows);

    private static bool IsDeliveryFailure(Exception ex) =>
        ex is SymException or HttpRequestException or TimeoutException or OperationCanceledException or ArgumentException;

    private static string Describe(Exception ex) => SecretRedactor.Redact(ex switch
    {
        SymException sym => $"{sym.ErrorCode}: {sym.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    });
}
