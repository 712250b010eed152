using Microsoft.Extensions.DependencyInjection;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>Resolves the engine on first use, after the flows that take this accessor are built.</summary>
internal sealed class SymEngineAccessor(IServiceProvider services) : ISymEngineAccessor
{
    private SymEngine? _engine;

    public SymEngine Engine => _engine ??= services.GetRequiredService<SymEngine>();
}
