using Sym.Sdk.Requests;

namespace Sym.Sdk.Runtime;

/// <summary>
/// An <see cref="ISymNotifier"/> that records every call, for tests and hosts without chat. Delivery to a destination can
/// be made to fail (<see cref="FailDeliveryTo"/>) to exercise forwarding. Thread-safe.
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
    public ValueTask<SymDeliveryResult> AnnounceRequestAsync(SymRun run, RequestDestination destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(destination);
        lock (_lock)
        {
            bool delivered = !_failing.Contains(destination);
            _records.Add(new SymNotificationRecord
            {
                Kind = SymNotificationKind.Announce, RunId = run.Id, Destination = destination, Delivered = delivered,
            });
            return new(delivered ? SymDeliveryResult.Success() : SymDeliveryResult.Failure("delivery failed"));
        }
    }

    /// <inheritdoc />
    public ValueTask UpdateRequestAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        Add(new SymNotificationRecord { Kind = SymNotificationKind.Update, RunId = run.Id, Update = update, Message = update?.Message });
        return default;
    }

    /// <inheritdoc />
    public ValueTask NotifyRequesterAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        Add(new SymNotificationRecord
        {
            Kind = SymNotificationKind.Requester, RunId = run.Id, Update = update, Recipient = run.Requester, Message = update?.Message,
        });
        return default;
    }

    /// <inheritdoc />
    public ValueTask NotifyIgnoredAsync(SymRun? run, User actor, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Add(new SymNotificationRecord { Kind = SymNotificationKind.Ignored, RunId = run?.Id, Recipient = actor, Message = message });
        return default;
    }

    /// <inheritdoc />
    public ValueTask ReportErrorAsync(string channel, SymErrorReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        Add(new SymNotificationRecord
        {
            Kind = SymNotificationKind.Error, RunId = report.RunId, Channel = channel, Error = report, Message = report.Error.Message,
        });
        return default;
    }

    private void Add(SymNotificationRecord record)
    {
        lock (_lock)
        {
            _records.Add(record);
        }
    }
}
