namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// The engine's notifier until a host or an integration registers one (Slack's, the host's logging one, a test's
/// recording one): every message counts as delivered and nothing is kept, so an engine without chat neither fails its
/// announcements nor grows in memory.
/// </summary>
internal sealed class DiscardingNotifier : ISymNotifier
{
    public ValueTask<SymDeliveryResult> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(SymDeliveryResult.Success());
    }
}
