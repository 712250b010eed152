using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Benchmarks;

/// <summary>A notifier that delivers everything instantly and does nothing, so benchmarks measure the engine and the store.</summary>
internal sealed class NullNotifier : ISymNotifier
{
    public ValueTask<SymDeliveryResult> AnnounceRequestAsync(SymRun run, RequestDestination destination, CancellationToken cancellationToken = default) =>
        new(SymDeliveryResult.Success());

    public ValueTask UpdateRequestAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken = default) => default;

    public ValueTask NotifyRequesterAsync(SymRun run, SymRunUpdate update, CancellationToken cancellationToken = default) => default;

    public ValueTask NotifyIgnoredAsync(SymRun? run, User actor, string message, CancellationToken cancellationToken = default) => default;

    public ValueTask ReportErrorAsync(string channel, SymErrorReport report, CancellationToken cancellationToken = default) => default;
}
