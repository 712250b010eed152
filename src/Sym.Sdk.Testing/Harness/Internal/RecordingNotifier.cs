using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Faults;

namespace Sym.Sdk.Testing.Harness.Internal;

/// <summary>
/// Records every notifier call as a <see cref="SymNotificationRecord"/> for the harness, asks the harness's
/// <see cref="FaultInjector"/> first (operations <c>notify.announce</c>, <c>notify.update</c>, <c>notify.requester</c>,
/// <c>notify.ignored</c>, <c>notify.error</c>), then hands the call to the notifier the services registered.
/// </summary>
internal sealed class RecordingNotifier(ISymNotifier inner, HarnessRecorder recorder, FaultInjector faults) : ISymNotifier
{
    public ISymNotifier Inner => inner;

    public async ValueTask<SymDeliveryResult> AnnounceRequestAsync(SymRun run, RequestDestination destination, CancellationToken cancellationToken = default)
    {
        if (faults.Check("notify.announce") is { } fault)
        {
            recorder.OnMessage(new SymNotificationRecord { Kind = SymNotificationKind.Announce, RunId = run.Id, Destination = destination, Message = fault.Message });
            throw fault;
        }

        SymDeliveryResult result = await inner.AnnounceRequestAsync(run, destination, cancellationToken).ConfigureAwait(false);
        recorder.OnMessage(new SymNotificationRecord
        {
            Kind = SymNotificationKind.Announce, RunId = run.Id, Destination = destination, Delivered = result.Delivered, Message = result.Error,
        });
        return result;
    }

    public ValueTask UpdateRequestAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken = default)
    {
        Check("notify.update", new SymNotificationRecord { Kind = SymNotificationKind.Update, RunId = run.Id, Update = update, Message = update.Message });
        return inner.UpdateRequestAsync(run, update, cancellationToken);
    }

    public ValueTask NotifyRequesterAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken = default)
    {
        Check("notify.requester", new SymNotificationRecord
        {
            Kind = SymNotificationKind.Requester, RunId = run.Id, Update = update, Recipient = run.Requester, Message = update.Message,
        });
        return inner.NotifyRequesterAsync(run, update, cancellationToken);
    }

    public ValueTask NotifyIgnoredAsync(SymRun? run, User actor, string message, CancellationToken cancellationToken = default)
    {
        Check("notify.ignored", new SymNotificationRecord { Kind = SymNotificationKind.Ignored, RunId = run?.Id, Recipient = actor, Message = message });
        return inner.NotifyIgnoredAsync(run, actor, message, cancellationToken);
    }

    public ValueTask ReportErrorAsync(string channel, SymErrorReport report, CancellationToken cancellationToken = default)
    {
        Check("notify.error", new SymNotificationRecord
        {
            Kind = SymNotificationKind.Error, RunId = report.RunId, Channel = channel, Error = report, Message = report.Error.Message,
        });
        return inner.ReportErrorAsync(channel, report, cancellationToken);
    }

    /// <summary>Records the call, as undelivered when a fault fires (and then throws it, as a failing notifier would).</summary>
    private void Check(string operation, SymNotificationRecord record)
    {
        if (faults.Check(operation) is { } fault)
        {
            recorder.OnMessage(record with { Delivered = false, Message = fault.Message });
            throw fault;
        }

        recorder.OnMessage(record with { Delivered = true });
    }
}
