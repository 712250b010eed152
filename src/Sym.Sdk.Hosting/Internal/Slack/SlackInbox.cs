using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Slack;

/// <summary>
/// The Slack side of the store's inbox: records a verified delivery before Slack gets its answer, processes a claimed
/// delivery through <see cref="SlackInteractionHandler.ProcessAsync"/> and marks it processed. The endpoints and the
/// recovery service share it, so a delivery is processed the same way the first time and after a crash.
/// </summary>
internal sealed class SlackInbox(
    ISymInbox inbox, SlackInteractionHandler handler, IOptions<SlackHostOptions> options, TimeProvider time, ILogger<SlackInbox> logger)
{
    private const string IdPrefix = "slack-";

    /// <summary>Whether an inbox item is a Slack delivery (its source is one of the handler's).</summary>
    public static bool IsSlack(SymInboxItem item) =>
        item.Source is SlackInteractionHandler.CommandSource or SlackInteractionHandler.InteractionSource;

    /// <summary>
    /// Records a delivery, claimed by the caller, unless the same delivery (the same body) was recorded before.
    /// </summary>
    /// <returns>The claimed item; <see langword="null"/> for a duplicate.</returns>
    /// <exception cref="Exception">The store failed: nothing was recorded.</exception>
    public ValueTask<SymInboxItem?> RecordAsync(string source, string body, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        var item = new SymInboxItem { Id = IdPrefix + SlackInteractionHandler.GetDeliveryId(body), Source = source, Body = body, ReceivedAt = now };
        return inbox.TryAddInboxItemAsync(item, now, options.Value.InboxLease, cancellationToken);
    }

    /// <summary>
    /// Processes a claimed delivery and marks it processed. A failure that may pass, before the last attempt, leaves it
    /// claimed: the claim lapses and the recovery service processes it again. Never throws but for cancellation.
    /// </summary>
    public async Task ProcessAsync(SymInboxItem item, CancellationToken cancellationToken)
    {
        int maxAttempts = options.Value.InboxMaxAttempts;
        var delivery = new SlackDelivery
        {
            Source = item.Source, Body = item.Body, Attempt = item.Attempts, ReceivedAt = item.ReceivedAt, CanRetry = item.Attempts < maxAttempts,
        };
        try
        {
            await handler.ProcessAsync(delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            HostingLog.SlackDeliveryRetry(logger, item.Id, item.Attempts, maxAttempts, options.Value.InboxLease, ex.GetType().Name);
            return;
        }

        await CompleteAsync(item).ConfigureAwait(false);
    }

    /// <summary>Marks a claimed item processed; a store failure is logged (the item is then processed again after its lease).</summary>
    public async Task CompleteAsync(SymInboxItem item)
    {
        try
        {
            await inbox.CompleteInboxItemAsync(item, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            HostingLog.SlackInboxCompleteFailed(logger, ex, item.Id);
        }
    }
}
