using Microsoft.Extensions.Logging;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>
/// The notifier of a host without chat (API only): announcements count as delivered (approvers find pending requests
/// through the API), updates and errors go to the log. Keeps nothing in memory.
/// </summary>
internal sealed class LoggingNotifier(ILogger<LoggingNotifier> logger) : ISymNotifier
{
    public ValueTask<SymDeliveryResult> AnnounceRequestAsync(SymRun run, RequestDestination destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        HostingLog.RequestAnnounced(logger, run.Flow, run.Id, destination.ToString());
        return new(SymDeliveryResult.Success());
    }

    public ValueTask UpdateRequestAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(update);
        HostingLog.RequestUpdated(logger, run.Flow, run.Id, update.Kind.ToString());
        return default;
    }

    public ValueTask NotifyRequesterAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken = default) => default;

    public ValueTask NotifyIgnoredAsync(SymRun? run, User actor, string message, CancellationToken cancellationToken = default) => default;

    public ValueTask ReportErrorAsync(string channel, SymErrorReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        HostingLog.ErrorReported(logger, channel, report.Flow, report.RunId, report.Error.Code, report.Error.Message);
        return default;
    }
}
