using Sym.Sdk.Runtime;

namespace Sym.Sdk.Benchmarks;

/// <summary>A notifier that delivers everything instantly and does nothing, so benchmarks measure the engine and the store.</summary>
internal sealed class NullNotifier : ISymNotifier
{
    public ValueTask<SymDeliveryResult> DeliverAsync(SymOutboxMessage message, CancellationToken cancellationToken = default) =>
        new(SymDeliveryResult.Success());
}
