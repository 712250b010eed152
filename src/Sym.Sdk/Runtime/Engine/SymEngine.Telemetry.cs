using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Runtime;

/// <content>The engine's meter, shared with its scheduler so both report under <c>Sym.Sdk</c> from one factory.</content>
public sealed partial class SymEngine
{
    internal SymTelemetry Telemetry => _telemetry;
}
