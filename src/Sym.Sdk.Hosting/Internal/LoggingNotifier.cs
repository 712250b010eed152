using Microsoft.Extensions.Logging;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>
/// The notifier of a host without chat (API only): announcements count as delivered (approvers find pending requests
/// through the API), updates and errors go to the log. Keeps nothing in memory.
/// </summary>
internal sealed class LoggingNotifier(ILogger<LoggingNotifier> logger) : ISymNotifier
{
    public ValueTask<SymDeliveryResult> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        SymRun? run = message.Run;
        switch (message.Kind)
        {
            case SymNotificationKind.Announce when run is not null:
                HostingLog.RequestAnnounced(logger, run.Flow, run.Id, message.Destination?.ToString() ?? "(none)");
                break;
            case SymNotificationKind.Update when run is not null && message.Update is not null:
                HostingLog.RequestUpdated(logger, run.Flow, run.Id, message.Update.Kind.ToString());
                break;
            case SymNotificationKind.Error when message.Error is { } report:
                HostingLog.ErrorReported(logger, message.Channel ?? "(none)", report.Flow, report.RunId, report.Error.Code, report.Error.Message);
                break;
        }

        return new(SymDeliveryResult.Success());
    }
}
