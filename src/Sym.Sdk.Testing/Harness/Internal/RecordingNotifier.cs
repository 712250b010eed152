using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Faults;

namespace Sym.Sdk.Testing.Harness.Internal;

/// <summary>
/// Records every delivery as a <see cref="SymNotificationRecord"/> for the harness, asks the harness's
/// <see cref="FaultInjector"/> first (operations <c>notify.announce</c>, <c>notify.update</c>, <c>notify.requester</c>,
/// <c>notify.error</c>: an injected fault is a transient failure, so the message is delivered again later, unless it is a
/// <see cref="SymException"/> with <see cref="SymException.IsPermanent"/> set), then hands the message to the notifier the
/// services registered.
/// </summary>
internal sealed class RecordingNotifier(ISymNotifier inner, HarnessRecorder recorder, FaultInjector faults) : ISymNotifier
{
    private static readonly AsyncLocal<bool> DeliveringFlag = new();

    public ISymNotifier Inner => inner;

    /// <summary>Whether the current flow of execution is the engine's notifier delivering (a Slack post now is the engine's, not a hook's).</summary>
    public static bool Delivering => DeliveringFlag.Value;

    public async ValueTask<SymDeliveryResult> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        SymNotificationRecord record = Record(message);
        if (faults.Check(Operation(message.Kind)) is { } fault)
        {
            recorder.OnMessage(record with { Delivered = false, Message = fault.Message });
            throw fault;
        }

        SymDeliveryResult result;
        DeliveringFlag.Value = true;
        try
        {
            result = await inner.DeliverAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            recorder.OnMessage(record with { Delivered = false, Message = ex.Message });
            throw;
        }
        finally
        {
            DeliveringFlag.Value = false;
        }

        recorder.OnMessage(message.Kind == SymNotificationKind.Announce
            ? record with { Delivered = result.Delivered, Message = result.Error }
            : record with { Delivered = result.Delivered, Message = result.Delivered ? record.Message : result.Error });
        return result;
    }

    /// <summary>What the harness records for a message: destination, update, recipient, error, as the kind has them.</summary>
    private static SymNotificationRecord Record(SymOutboxMessage message) => message.Kind switch
    {
        SymNotificationKind.Announce => new SymNotificationRecord { Kind = message.Kind, RunId = message.RunId, Destination = message.Destination },
        SymNotificationKind.Update => new SymNotificationRecord { Kind = message.Kind, RunId = message.RunId, Update = message.Update, Message = message.Update?.Message },
        SymNotificationKind.Requester => new SymNotificationRecord
        {
            Kind = message.Kind, RunId = message.RunId, Update = message.Update, Recipient = message.Run?.Requester, Message = message.Update?.Message,
        },
        _ => new SymNotificationRecord
        {
            Kind = message.Kind, RunId = message.Error?.RunId ?? message.RunId, Channel = message.Channel, Error = message.Error, Message = message.Error?.Error.Message,
        },
    };

    private static string Operation(SymNotificationKind kind) => kind switch
    {
        SymNotificationKind.Announce => "notify.announce",
        SymNotificationKind.Update => "notify.update",
        SymNotificationKind.Requester => "notify.requester",
        _ => "notify.error",
    };
}
