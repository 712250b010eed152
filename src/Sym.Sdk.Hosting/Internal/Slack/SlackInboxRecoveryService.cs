using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal.Slack;

/// <summary>
/// Finishes what a crash interrupted: every <see cref="SlackHostOptions.InboxPollInterval"/> it claims the Slack
/// deliveries that were recorded and acknowledged but whose claim lapsed unprocessed (the host died, or processing failed
/// and will be tried again), processes them, gives up on one after <see cref="SlackHostOptions.InboxMaxAttempts"/> with
/// an error in the log, and hourly purges processed deliveries older than <see cref="SlackHostOptions.InboxRetention"/>.
/// A failing pass is logged; the loop goes on.
/// </summary>
internal sealed class SlackInboxRecoveryService(
    ISymInbox inbox, SlackInbox slack, IOptions<SlackHostOptions> options, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<SlackInboxRecoveryService> logger)
    : BackgroundService
{
    /// <summary>How many deliveries one pass claims at most.</summary>
    internal const int BatchSize = 32;

    /// <summary>How often processed deliveries past their retention are purged.</summary>
    internal static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private readonly TaskCompletionSource _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _lastPurge;

    /// <summary>Completes when the loop's first pass (right after the host started) is over, or the host stopped before it.</summary>
    internal Task FirstPass => _firstPass.Task;

    /// <summary>
    /// One pass: claims the lapsed deliveries (in batches until none is left) and processes them one after another;
    /// purges when an hour has passed since the last purge.
    /// </summary>
    /// <returns>How many deliveries were claimed.</returns>
    internal async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        SlackHostOptions o = options.Value;
        int claimed = 0;
        while (true)
        {
            IReadOnlyList<SymInboxItem> items = await inbox.ClaimInboxItemsAsync(time.GetUtcNow(), BatchSize, o.InboxLease, cancellationToken)
                .ConfigureAwait(false);
            claimed += items.Count;
            foreach (SymInboxItem item in items)
            {
                if (!SlackInbox.IsSlack(item))
                {
                    // Another front end's delivery: its claim lapses and its own processor takes it.
                    HostingLog.InboxItemNotSlack(logger, item.Id, item.Source);
                    continue;
                }

                if (item.Attempts > o.InboxMaxAttempts)
                {
                    HostingLog.SlackDeliveryAbandoned(logger, item.Id, item.Source, item.Attempts - 1, item.ReceivedAt);
                    await slack.CompleteAsync(item).ConfigureAwait(false);
                    continue;
                }

                HostingLog.SlackDeliveryRecovered(logger, item.Id, item.Source, item.Attempts, item.ReceivedAt);
                await slack.ProcessAsync(item, cancellationToken).ConfigureAwait(false);
            }

            if (items.Count < BatchSize)
            {
                break;
            }
        }

        DateTimeOffset now = time.GetUtcNow();
        if (_lastPurge is not { } last || now - last >= PurgeInterval)
        {
            int purged = await inbox.PurgeInboxAsync(now - o.InboxRetention, cancellationToken).ConfigureAwait(false);
            _lastPurge = now;
            if (purged > 0)
            {
                HostingLog.SlackInboxPurged(logger, purged, o.InboxRetention);
            }
        }

        return claimed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Like the scheduler, wait until every hosted service (the store's migration among them) has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), started))
        using (stoppingToken.Register(static s => ((TaskCompletionSource)s!).TrySetCanceled(), started))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _firstPass.TrySetResult();
                return;
            }
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RecoverAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    HostingLog.SlackInboxPassFailed(logger, ex);
                }

                _firstPass.TrySetResult();
                await Task.Delay(options.Value.InboxPollInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _firstPass.TrySetResult();
        }
    }
}
