using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing;

/// <summary>
/// An <see cref="ISymNotifier"/> that records every message it delivers, for tests. Delivery to a destination can be made
/// to fail (<see cref="FailDeliveryTo"/>) to exercise forwarding. <see cref="SymFlowHarness"/> uses one unless the services
/// register another notifier. It keeps every record until <see cref="Clear"/>, so it is no notifier for a real host.
/// Thread-safe.
/// </summary>
public sealed class InMemoryNotifier : ISymNotifier
{
    private readonly Lock _lock = new();
    private readonly List<SymNotificationRecord> _records = [];
    private readonly HashSet<RequestDestination> _failing = [];

    /// <summary>Every call so far, in order.</summary>
    public IReadOnlyList<SymNotificationRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>The records of one kind, in order.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The records.</returns>
    public IReadOnlyList<SymNotificationRecord> OfKind(SymNotificationKind kind)
    {
        lock (_lock)
        {
            return _records.FindAll(r => r.Kind == kind);
        }
    }

    /// <summary>Makes announcements to a destination fail (as if the channel did not exist).</summary>
    /// <param name="destination">The destination.</param>
    public void FailDeliveryTo(RequestDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (_lock)
        {
            _failing.Add(destination);
        }
    }

    /// <summary>Forgets every record.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _records.Clear();
        }
    }

    /// <inheritdoc />
    /// <remarks>Records the message as a <see cref="SymNotificationRecord"/>; an announcement to a destination passed to
    /// <see cref="FailDeliveryTo"/> fails (and is recorded as not delivered).</remarks>
    public ValueTask<SymDeliveryResult> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message.Kind)
        {
            case SymNotificationKind.Announce:
                lock (_lock)
                {
                    bool delivered = message.Destination is null || !_failing.Contains(message.Destination);
                    _records.Add(new SymNotificationRecord
                    {
                        Kind = SymNotificationKind.Announce, RunId = message.RunId, Destination = message.Destination, Delivered = delivered,
                    });
                    return new(delivered ? SymDeliveryResult.Success() : SymDeliveryResult.Failure("delivery failed"));
                }

            case SymNotificationKind.Update:
                Add(new SymNotificationRecord
                {
                    Kind = SymNotificationKind.Update, RunId = message.RunId, Update = message.Update, Message = message.Update?.Message, Delivered = true,
                });
                break;
            case SymNotificationKind.Requester:
                Add(new SymNotificationRecord
                {
                    Kind = SymNotificationKind.Requester, RunId = message.RunId, Update = message.Update, Recipient = message.Run?.Requester,
                    Message = message.Update?.Message, Delivered = true,
                });
                break;
            case SymNotificationKind.Error:
                Add(new SymNotificationRecord
                {
                    Kind = SymNotificationKind.Error, RunId = message.Error?.RunId ?? message.RunId, Channel = message.Channel, Error = message.Error,
                    Message = message.Error?.Error.Message, Delivered = true,
                });
                break;
            default:
                return new(SymDeliveryResult.Failure($"The in-memory notifier does not deliver {message.Kind} messages."));
        }

        return new(SymDeliveryResult.Success());
    }

    private void Add(SymNotificationRecord record)
    {
        lock (_lock)
        {
            _records.Add(record);
        }
    }
}
